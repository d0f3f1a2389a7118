import type { MesosProfile } from './profile-types.js';
import type { ClusterSettings } from '../model/cluster-settings.js';

/**
 * The managed variables of spark-env.sh for this cluster: the profile's (derived from the prefix, scalaHome and the
 * Spark version; `sparkVersion` undefined gives both library variables), then the operator's extra ones.
 */
export function sparkEnvVars(cluster: ClusterSettings, profile: MesosProfile, sparkVersion: string | undefined): Record<string, string> {
  const paths = profile.paths(cluster.prefix, cluster.mesosVersion);
  return {
    ...profile.sparkEnv({ sparkVersion, paths, ...(cluster.scalaHome === undefined ? {} : { scalaHome: cluster.scalaHome }) }),
    ...cluster.sparkEnv,
  };
}

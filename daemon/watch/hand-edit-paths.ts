import { resolve } from 'node:path';
import { underRoot } from '../../src/fs/under-root.js';
import { sparkEnvPath } from '../../src/mesos/spark-env-file.js';
import type { MesosProfile } from '../../src/mesos/profile-types.js';
import type { ClusterSettings } from '../../src/model/cluster-settings.js';
import type { HandEditFile } from './hand-edit-types.js';

/** The absolute paths of the files mesosd owns and an operator may edit by hand. */
export interface HandEditPaths {
  /** `<prefix>/var/mesos/deploy/masters`. */
  readonly masters: string;
  /** `<prefix>/var/mesos/deploy/slaves`. */
  readonly slaves: string;
  /** `<prefix>/var/mesos/conf/mesos.conf`; undefined for a Mesos version without one. */
  readonly mesosConf?: string | undefined;
  /** `<sparkHome>/conf/spark-env.sh`. */
  readonly sparkEnv: string;
}

/**
 * The managed files of a cluster's settings, where the profile and sparkHome put them; under `root` (mesosd.json's,
 * standing for `/`) when it is not `/`.
 */
export function handEditPaths(settings: ClusterSettings, profile: MesosProfile, root = '/'): HandEditPaths {
  const paths = profile.paths(underRoot(root, settings.prefix), settings.mesosVersion);
  return {
    masters: paths.masters,
    slaves: paths.slaves,
    mesosConf: paths.mesosConf,
    sparkEnv: sparkEnvPath(underRoot(root, settings.sparkHome)),
  };
}

/** Each watched file's resolved path and what it holds. */
export function watchedFiles(paths: HandEditPaths): Map<string, HandEditFile> {
  const files = new Map<string, HandEditFile>([
    [resolve(paths.masters), 'masters'],
    [resolve(paths.slaves), 'slaves'],
    [resolve(paths.sparkEnv), 'sparkEnv'],
  ]);
  if (paths.mesosConf !== undefined) files.set(resolve(paths.mesosConf), 'mesosConf');
  return files;
}

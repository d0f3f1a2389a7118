import { field } from '../../src/mesos/mesos-http.js';
import { profileFor } from '../../src/mesos/profiles.js';
import { rolesOf, type ClusterSettings, type NodeSettings } from '../../src/model/cluster-settings.js';
import { httpGetJson } from '../../src/net/http-get.js';

/** How many slaves this node's master lists; undefined when this node runs no master or it does not answer. */
export async function countRegisteredSlaves(cluster: ClusterSettings, node: NodeSettings): Promise<number | undefined> {
  if (!rolesOf(cluster, node).master) return undefined;
  const profile = profileFor(cluster.mesosVersion);
  const url = `http://${node.advertise}:${cluster.ports.master}${profile.http.masterState}`;
  const slaves = field(await httpGetJson(url, { signal: AbortSignal.timeout(2000) }).catch(() => undefined), 'slaves');
  return Array.isArray(slaves) ? slaves.length : undefined;
}

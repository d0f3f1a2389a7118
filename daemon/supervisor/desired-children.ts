import { underRoot } from '../../src/fs/under-root.js';
import { field, isSlaveRegistered } from '../../src/mesos/mesos-http.js';
import { formatHostPort, type MasterUrl } from '../../src/mesos/master-url.js';
import type { MesosProfile } from '../../src/mesos/profile-types.js';
import { rolesOf, type ClusterSettings, type NodeSettings } from '../../src/model/cluster-settings.js';
import { httpGetJson } from '../../src/net/http-get.js';
import type { DesiredChild } from './supervisor.js';
import type { Health, HealthProbe } from './supervised-process.js';

/** Fetches parsed JSON from a URL within the signal's deadline; undefined when there is no good answer. */
export type FetchJson = (url: string, signal: AbortSignal) => Promise<unknown>;

const defaultFetchJson: FetchJson = (url, signal) => httpGetJson(url, { signal });

export interface DesiredChildrenInput {
  readonly cluster: ClusterSettings;
  readonly node: NodeSettings;
  readonly profile: MesosProfile;
  /** The environment the children inherit (mesosd's own). */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** The directory that stands for `/` for the prefix (mesosd.json `root`): the processes start from root+prefix. */
  readonly root?: string;
  readonly fetchJson?: FetchJson;
}

/** The mesos.conf keys a daemon reads at start, by the profile's list of keys only the other one reads. */
function confRead(cluster: ClusterSettings, profile: MesosProfile, daemon: 'master' | 'slave'): Record<string, string> {
  const readers = profile.confKeyReaders;
  if (readers === undefined) return {};
  const others = daemon === 'master' ? readers.slaveOnly : readers.masterOnly;
  return Object.fromEntries(Object.entries(cluster.mesosConf).filter(([key]) => !others.includes(key)));
}

/** The master the slaves register with. 0.9 without ZooKeeper has one active master: the first listed. */
export function clusterMasterUrl(cluster: ClusterSettings): MasterUrl | undefined {
  const host = cluster.masters[0];
  return host === undefined ? undefined : { kind: 'host', host, port: cluster.ports.master };
}

function httpBase(host: string, port: number): string {
  return `http://${formatHostPort(host, port)}`;
}

/**
 * The Mesos processes this node should run, from its roles in the cluster, with their command lines from the
 * version profile and health checks against Mesos's own endpoints.
 */
export function desiredChildren(input: DesiredChildrenInput): Map<string, DesiredChild> {
  const { cluster, node, profile } = input;
  const fetchJson = input.fetchJson ?? defaultFetchJson;
  const roles = rolesOf(cluster, node);
  const options = {
    prefix: underRoot(input.root ?? '/', cluster.prefix),
    advertise: node.advertise,
    ports: cluster.ports,
    logDir: node.logDir,
    workDir: node.workDir,
    mesosVersion: cluster.mesosVersion,
    conf: cluster.mesosConf,
    environment: input.environment,
  };
  const children = new Map<string, DesiredChild>();
  if (roles.master) {
    const stateUrl = `${httpBase(node.advertise, cluster.ports.master)}${profile.http.masterState}`;
    const probe: HealthProbe = async (signal) =>
      (await fetchJson(stateUrl, signal)) === undefined ? 'unreachable' : 'healthy';
    children.set('master', { spec: { name: 'master', ...profile.masterCommand(options), reads: confRead(cluster, profile, 'master') }, probe });
  }
  const master = clusterMasterUrl(cluster);
  if (roles.slave && master !== undefined && master.kind === 'host') {
    const ownStateUrl = `${httpBase(node.advertise, cluster.ports.slave)}${profile.http.slaveState}`;
    const masterStateUrl = `${httpBase(master.host, master.port)}${profile.http.masterState}`;
    const probe: HealthProbe = async (signal): Promise<Health> => {
      const own = await fetchJson(ownStateUrl, signal);
      if (own === undefined) return 'unreachable';
      const masterState = await fetchJson(masterStateUrl, signal).catch(() => undefined);
      if (masterState === undefined) return 'unregistered';
      // The slave's own id, once its master gave it one, names it exactly (several slaves may share a host name).
      const id = field(own, 'id');
      if (typeof id === 'string') {
        const listed = field(masterState, 'slaves');
        return id !== '' && Array.isArray(listed) && listed.some((s) => field(s, 'id') === id) ? 'healthy' : 'unregistered';
      }
      return isSlaveRegistered(masterState, node) ? 'healthy' : 'unregistered';
    };
    children.set('slave', { spec: { name: 'slave', ...profile.slaveCommand({ ...options, master }), reads: confRead(cluster, profile, 'slave') }, probe });
  }
  return children;
}

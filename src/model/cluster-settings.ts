/** The ports of one cluster: Mesos's (the same on every node) and mesosd's. */
export interface ClusterPorts {
  readonly master: number;
  readonly masterWebui: number;
  /** 0.9's slave defaults to an ephemeral port, so it is always given explicitly. */
  readonly slave: number;
  readonly slaveWebui: number;
  /** mesosd's own: peer sync and status over HTTP. */
  readonly mesosd: number;
}

/**
 * The settings every node shares. The classic procedure puts the same paths on every node, so the paths are
 * cluster-wide too.
 */
export interface ClusterSettings {
  /** The Mesos release, e.g. `0.9.0`; it selects the version profile. */
  readonly mesosVersion: string;
  /** Where Mesos is installed (`./configure --prefix`). */
  readonly prefix: string;
  /** A JDK (not a JRE). */
  readonly javaHome: string;
  /** Needed by Spark 0.x (`SCALA_HOME` in spark-env.sh); Spark 1.0 and later bring their own Scala. */
  readonly scalaHome?: string;
  readonly sparkHome: string;
  /** Host names or addresses of the masters. */
  readonly masters: readonly string[];
  /** Host names or addresses of the slaves. */
  readonly slaves: readonly string[];
  readonly ports: ClusterPorts;
  /** Extra mesos.conf keys the operator set (never the per-process ones mesosd passes as flags). */
  readonly mesosConf: Readonly<Record<string, string>>;
  /** Extra variables for the managed block of spark-env.sh. */
  readonly sparkEnv: Readonly<Record<string, string>>;
}

/** What is local to one node. */
export interface NodeSettings {
  readonly hostname: string;
  /** The IP address this node advertises to the others (`--ip`). */
  readonly advertise: string;
  /** The slave's work directory: persistent, never under /tmp. */
  readonly workDir: string;
  readonly logDir: string;
  /** mesosd's own state (the replicated configuration). */
  readonly stateDir: string;
}

/** Which Mesos processes a node runs. */
export interface NodeRoles {
  readonly master: boolean;
  readonly slave: boolean;
}

export const DEFAULT_MESOS_VERSION = '0.9.0';
export const DEFAULT_PREFIX = '/usr/local';
export const DEFAULT_PORTS: ClusterPorts = { master: 5050, masterWebui: 8080, slave: 5051, slaveWebui: 8081, mesosd: 5055 };
export const DEFAULT_STATE_DIR = '/var/lib/mesosd';
export const DEFAULT_WORK_DIR = '/var/lib/mesosd/work';
export const DEFAULT_LOG_DIR = '/var/log/mesosd';

/** The cluster settings a user must give; everything else has a default. */
export type ClusterSettingsInput = Pick<ClusterSettings, 'javaHome' | 'sparkHome' | 'masters'> &
  Partial<Omit<ClusterSettings, 'javaHome' | 'sparkHome' | 'masters' | 'ports'>> & {
    readonly ports?: Partial<ClusterPorts>;
  };

/** Fills the defaults in (Mesos 0.9.0, prefix /usr/local, the standard ports, no slaves, no extra keys). */
export function clusterSettingsWithDefaults(input: ClusterSettingsInput): ClusterSettings {
  return {
    mesosVersion: input.mesosVersion ?? DEFAULT_MESOS_VERSION,
    prefix: input.prefix ?? DEFAULT_PREFIX,
    javaHome: input.javaHome,
    ...(input.scalaHome === undefined ? {} : { scalaHome: input.scalaHome }),
    sparkHome: input.sparkHome,
    masters: input.masters,
    slaves: input.slaves ?? [],
    ports: { ...DEFAULT_PORTS, ...input.ports },
    mesosConf: input.mesosConf ?? {},
    sparkEnv: input.sparkEnv ?? {},
  };
}

/** The node settings a user must give; the directories have defaults. */
export type NodeSettingsInput = Pick<NodeSettings, 'hostname' | 'advertise'> &
  Partial<Omit<NodeSettings, 'hostname' | 'advertise'>>;

/** Fills the default directories in (under /var/lib/mesosd and /var/log/mesosd). */
export function nodeSettingsWithDefaults(input: NodeSettingsInput): NodeSettings {
  return {
    hostname: input.hostname,
    advertise: input.advertise,
    workDir: input.workDir ?? DEFAULT_WORK_DIR,
    logDir: input.logDir ?? DEFAULT_LOG_DIR,
    stateDir: input.stateDir ?? DEFAULT_STATE_DIR,
  };
}

/** A host as compared: lower case, without brackets around IPv6 and without a trailing dot. */
export function hostKey(host: string): string {
  const unbracketed = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return (unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed).toLowerCase();
}

/** True when `host` names this node (by its host name or its advertised address). */
export function isThisNode(host: string, node: Pick<NodeSettings, 'hostname' | 'advertise'>): boolean {
  const key = hostKey(host);
  return key === hostKey(node.hostname) || key === hostKey(node.advertise);
}

/** The node is a master if its host name or address is in `masters`, a slave likewise with `slaves`. */
export function rolesOf(
  cluster: Pick<ClusterSettings, 'masters' | 'slaves'>,
  node: Pick<NodeSettings, 'hostname' | 'advertise'>,
): NodeRoles {
  return {
    master: cluster.masters.some((host) => isThisNode(host, node)),
    slave: cluster.slaves.some((host) => isThisNode(host, node)),
  };
}

/** Every host of the cluster once, masters first, in the order given. */
export function clusterHosts(cluster: Pick<ClusterSettings, 'masters' | 'slaves'>): string[] {
  const seen = new Set<string>();
  return [...cluster.masters, ...cluster.slaves].filter((host) => {
    const key = hostKey(host);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

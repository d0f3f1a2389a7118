/** The control socket's wire format: shared by mesosd (server) and its clients (`mesosd status`, the wizard). */

/**
 * starting: launched, its endpoint not answering yet; running: alive but not answering; unregistered: a slave
 * that answers but its master does not list it; healthy: answering (and, for a slave, registered).
 */
export type ChildState = 'stopped' | 'starting' | 'running' | 'unregistered' | 'healthy' | 'backoff' | 'stopping';

export interface ExitRecord {
  readonly code: number | undefined;
  readonly signal: string | undefined;
  readonly at: number;
  readonly reason: string;
}

export interface ChildStatus {
  readonly name: string;
  readonly state: ChildState;
  readonly pid: number | undefined;
  readonly startedAt: number | undefined;
  readonly restarts: number;
  readonly lastExit: ExitRecord | undefined;
  readonly commandLine: string;
}

/** What `mesosd status` shows for this node; also the JSON of `mesosd status --json`. */
export interface NodeStatus {
  readonly mesosd: { readonly version: string; readonly pid: number; readonly startedAt: number };
  readonly hostname: string;
  readonly advertise: string;
  readonly roles: { readonly master: boolean; readonly slave: boolean };
  /** A short identifier of the cluster configuration this node runs. */
  readonly configVersion: string;
  readonly children: readonly ChildStatus[];
  /** Slaves the master on this node lists, when this node runs a master that answers. */
  readonly slavesRegistered?: number;
  /** The configuration's replication: peers known, peers that answered last, and whether this node runs alone. */
  readonly sync?: { readonly peers: number; readonly reachable: number; readonly alone: boolean };
  /** The cluster as this node's configuration names it, and the peers whose last exchange with this node failed. */
  readonly cluster?: { readonly masters: readonly string[]; readonly slaves: readonly string[]; readonly unreachable: readonly string[] };
  /** The last peer state this node refused (invalid once merged), while it has taken none since. */
  readonly refusedState?: { readonly from: string; readonly message: string; readonly at: number };
}

/** Paths on the control socket (HTTP over a unix socket). */
export const CONTROL_PATHS = {
  status: '/v1/status',
  restart: (child: string) => `/v1/restart/${encodeURIComponent(child)}`,
  config: '/v1/config',
} as const;

/** Where mesosd listens for local control by default: root-only, in a root-only directory. */
export const DEFAULT_CONTROL_SOCKET = '/run/mesosd/control.sock';

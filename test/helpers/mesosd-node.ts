import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterSettingsInput, NodeSettingsInput } from '../../src/model/cluster-settings.js';

export interface TestNode {
  readonly dir: string;
  readonly configFile: string;
  readonly clusterFile: string;
  readonly controlSocket: string;
  readonly node: NodeSettingsInput;
  /** Writes the cluster settings this node runs (what the wizard, and later the sync, write). */
  writeCluster(cluster: ClusterSettingsInput): Promise<void>;
}

export interface TestNodeOptions {
  /** The cluster token; without it the node has no token file and does not sync. */
  readonly token?: string;
  readonly handEdits?: boolean;
  /** mesosd.json's root: the directory that stands for `/` for this node's prefix and Spark home. */
  readonly root?: string;
}

/** A node's mesosd settings in `dir`: its own state, work and log directories, and a control socket. */
export async function makeTestNode(dir: string, hostname: string, advertise: string, options: TestNodeOptions = {}): Promise<TestNode> {
  const node: NodeSettingsInput = {
    hostname,
    advertise,
    workDir: join(dir, 'work'),
    logDir: join(dir, 'log'),
    stateDir: join(dir, 'state'),
  };
  const configFile = join(dir, 'mesosd.json');
  const controlSocket = join(dir, 'run', 'control.sock');
  const clusterFile = join(dir, 'state', 'cluster.json');
  await mkdir(join(dir, 'state'), { recursive: true });
  // Always a token file of its own (present only with a token): never the machine's /etc/mesosd/cluster.token.
  const tokenFile = join(dir, 'cluster.token');
  if (options.token !== undefined) await writeFile(tokenFile, `${options.token}\n`, { mode: 0o600 });
  const { handEdits, root } = options;
  await writeFile(configFile, JSON.stringify({
    node, controlSocket, tokenFile, ...(handEdits === undefined ? {} : { handEdits }), ...(root === undefined ? {} : { root }),
  }, null, 2));
  return {
    dir, configFile, clusterFile, controlSocket, node,
    writeCluster: (cluster) => writeFile(clusterFile, JSON.stringify(cluster, null, 2)),
  };
}

/** Polls `check` until it returns a value other than undefined, at most `timeoutMs`. */
export async function pollFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True while a process with this pid exists and is not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

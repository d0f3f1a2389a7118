import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CONTROL_SOCKET } from '../../src/control/protocol.js';
import { ToolError } from '../../src/errors.js';
import { contentHash } from '../../src/fs/content-hash.js';
import {
  clusterSettingsWithDefaults, nodeSettingsWithDefaults, type ClusterSettings, type ClusterSettingsInput,
  type NodeSettings, type NodeSettingsInput,
} from '../../src/model/cluster-settings.js';
import { assertValidClusterSettings, assertValidNodeSettings } from '../../src/model/validate-settings.js';
import { checkAbsolutePath } from '../../src/validate/values.js';

/** Where the wizard writes mesosd's own settings. */
export const DEFAULT_CONFIG_FILE = '/etc/mesosd/mesosd.json';
/** The cluster's settings, inside the node's state directory. */
export const CLUSTER_FILE_NAME = 'cluster.json';

/** mesosd.json: what is local to this node. */
export interface DaemonConfigFile {
  readonly node: NodeSettingsInput;
  readonly controlSocket?: string;
  /** The cluster token (0600); default /etc/mesosd/cluster.token. */
  readonly tokenFile?: string;
  /** Watch the managed files for operators' hand edits (default true); off where a tool owns the files. */
  readonly handEdits?: boolean;
  /**
   * The directory that stands for `/` for the cluster's paths on this node (the Mesos prefix, the Spark home), like
   * DESTDIR; default `/`. The settings keep the real paths: only where this node reads, writes and starts from moves.
   */
  readonly root?: string;
}

/** Where the wizard writes the cluster token. */
export const DEFAULT_TOKEN_FILE = '/etc/mesosd/cluster.token';

export interface DaemonConfig {
  readonly configFile: string;
  readonly node: NodeSettings;
  readonly controlSocket: string;
  readonly clusterFile: string;
  readonly tokenFile: string;
  readonly handEdits: boolean;
  /** `/`, or the directory that stands for it for the cluster's paths (see DaemonConfigFile.root). */
  readonly root: string;
}

const MAX_SETTINGS_FILE = 1024 * 1024;

async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ToolError('CONFIG_UNREADABLE', `cannot read ${what} ${path}: ${code ?? String(cause)}`, {
      cause,
      hint: code === 'ENOENT' ? 'run `spark-mesos-setup` on this node first, or give the file with --config FILE'
        : 'check the file and its permissions (mesosd runs as root)',
    });
  }
  if (text.length > MAX_SETTINGS_FILE) {
    throw new ToolError('CONFIG_INVALID', `${what} ${path} is larger than ${MAX_SETTINGS_FILE} bytes`, {
      hint: 'this is not a file spark-mesos-setup wrote; restore it or run the wizard again',
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ToolError('CONFIG_INVALID', `${what} ${path} is not valid JSON: ${(cause as Error).message}`, {
      cause, hint: 'fix the file by hand, or run `spark-mesos-setup reconfigure` to write it again',
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A path-valued key of mesosd.json: undefined when absent, else an absolute path or a ToolError naming key and value. */
function optionalAbsolutePath(raw: Record<string, unknown>, key: string, configFile: string, hint: string): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  const expected = typeof value === 'string' ? checkAbsolutePath(value) : 'an absolute path (starting with /)';
  if (expected === undefined) return value as string;
  throw new ToolError('CONFIG_INVALID', `${key} in ${configFile} is ${JSON.stringify(value)}; expected ${expected}`, { hint });
}

/** Reads and checks mesosd.json; every problem of the node settings at once. */
export async function loadDaemonConfig(configFile = DEFAULT_CONFIG_FILE): Promise<DaemonConfig> {
  const raw = await readJsonFile(configFile, 'mesosd settings');
  if (!isRecord(raw) || !isRecord(raw['node'])) {
    throw new ToolError('CONFIG_INVALID', `mesosd settings ${configFile} have no "node" object`, {
      hint: 'run `spark-mesos-setup reconfigure` to write the file again',
    });
  }
  const node = nodeSettingsWithDefaults(raw['node'] as unknown as NodeSettingsInput);
  assertValidNodeSettings(node);
  const socket = optionalAbsolutePath(raw, 'controlSocket', configFile, 'remove the key to use the default, or give an absolute path');
  const tokenFile = optionalAbsolutePath(raw, 'tokenFile', configFile, 'remove the key to use the default, or give an absolute path');
  const root = optionalAbsolutePath(raw, 'root', configFile,
    'remove the key to use /, or give the absolute directory that stands for / for the Mesos prefix and the Spark home (like DESTDIR)');
  return {
    configFile,
    node,
    controlSocket: socket ?? DEFAULT_CONTROL_SOCKET,
    clusterFile: join(node.stateDir, CLUSTER_FILE_NAME),
    tokenFile: tokenFile ?? DEFAULT_TOKEN_FILE,
    handEdits: raw['handEdits'] !== false,
    root: root ?? '/',
  };
}

/**
 * Reads cluster.json (what the wizard writes) as settings, checked; with its content hash, so a reload applies it only
 * when it changed. Undefined when there is no such file.
 */
export async function readClusterFile(config: DaemonConfig): Promise<{ cluster: ClusterSettings; hash: string } | undefined> {
  const text = await readFile(config.clusterFile, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const raw = await readJsonFile(config.clusterFile, 'cluster settings');
  if (!isRecord(raw)) {
    throw new ToolError('CONFIG_INVALID', `cluster settings ${config.clusterFile} are not a JSON object`, {
      hint: 'run `spark-mesos-setup reconfigure` to write the file again',
    });
  }
  const cluster = clusterSettingsWithDefaults(raw as unknown as ClusterSettingsInput);
  assertValidClusterSettings(cluster);
  assertValidNodeSettings(config.node, cluster);
  return { cluster, hash: contentHash(text) };
}

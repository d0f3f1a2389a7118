import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isToolError, ToolError } from '../errors.js';
import { writeFileAtomic, type AtomicWriteResult } from '../fs/atomic-file.js';
import { clusterSettingsWithDefaults, type ClusterSettingsInput } from '../model/cluster-settings.js';
import { assertValidClusterSettings } from '../model/validate-settings.js';
import { isRecord } from '../model/validate-fields.js';
import { initialState } from './operations.js';
import { parseState } from './parse-state.js';
import { serializeState } from './state-json.js';
import type { ReplicatedState } from './state-types.js';

/*
 * The durability contract, for the daemon:
 * 1. Save before you tell. Every change (a local operation, an accepted merge) is saved with saveStateFile, and the
 *    save has resolved, before the change is acknowledged (control socket answer, reply to a peer's push) or spread to
 *    any peer. So a restarted node never holds less than it told anyone, and never reuses a Lamport counter: it
 *    continues from the counters it saved, which include every one it ever spread.
 * 2. One save at a time, in order: the daemon chains its saves, so an older state never lands after a newer one.
 * 3. On start: loadOrMigrateState (the state file wins over cluster.json), then pull from peers before acting.
 * A save replaces the file atomically (temp file, fsync, rename, fsync the directory): after a crash or kill -9 the
 * file holds the last completed save, never a torn or empty one.
 */

/** The state file, inside the node's state directory. */
export const STATE_FILE_NAME = 'state.json';
/** Plain ClusterSettings as the wizard wrote them before the replicated state existed. */
export const LEGACY_CLUSTER_FILE_NAME = 'cluster.json';
const MAX_FILE_BYTES = 8 * 1024 * 1024;
// writeFileAtomic's temp files: `.<name>.<pid>.<12 hex>.tmp`.
const STALE_TEMP = /^\.state\.json\.\d+\.[0-9a-f]{12}\.tmp$/;

/** Where a loaded state came from. */
export interface LoadedState {
  readonly state: ReplicatedState;
  /** `state-file`: the node's saved state; `migrated`: made from cluster.json just now (and saved). */
  readonly source: 'state-file' | 'migrated';
  readonly path: string;
}

/** Saves the state atomically (mode 0600, canonical JSON); see the durability contract above. */
export async function saveStateFile(path: string, state: ReplicatedState): Promise<AtomicWriteResult> {
  return writeFileAtomic(path, `${JSON.stringify(serializeState(state), null, 2)}\n`, { mode: 0o600 });
}

async function readText(path: string, what: string): Promise<string | undefined> {
  try {
    const data = await readFile(path);
    if (data.length > MAX_FILE_BYTES) {
      throw new ToolError('BAD_STATE', `${what} ${path} is larger than ${MAX_FILE_BYTES} bytes`, {
        hint: 'this is not a file mesosd wrote; move it away and restart mesosd',
      });
    }
    return data.toString('utf8');
  } catch (error) {
    if (isToolError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ToolError('STATE_UNREADABLE', `cannot read ${what} ${path}: ${code ?? String(error)}`, {
      cause: error, hint: 'check the file and its permissions (mesosd runs as root)',
    });
  }
}

function parseJson(text: string, path: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ToolError(what === 'state file' ? 'BAD_STATE' : 'CONFIG_INVALID',
      `${what} ${path} is not valid JSON: ${(cause as Error).message}`, {
        cause, hint: 'restore the file, or move it away and restart mesosd (it then pulls the state from its peers)',
      });
  }
}

/** Loads a saved state; undefined when there is no file. Throws `BAD_STATE` (naming the file) for a bad one. */
export async function loadStateFile(path: string): Promise<ReplicatedState | undefined> {
  const text = await readText(path, 'state file');
  if (text === undefined) return undefined;
  const json = parseJson(text, path, 'state file');
  try {
    return parseState(json);
  } catch (error) {
    if (!isToolError(error)) throw error;
    throw new ToolError(error.code, `state file ${path}: ${error.message}`, {
      cause: error, problems: error.problems, ...(error.hint === undefined ? {} : { hint: error.hint }),
    });
  }
}

/**
 * The state this node starts from: its state file if there is one; else, when only the wizard's `cluster.json` is
 * there, an initial state made from it by `nodeId` (validated, then saved, so the next start reads the state file);
 * else undefined (a node that has not joined yet). Temp files of saves cut short by a crash are removed first.
 */
export async function loadOrMigrateState(stateDir: string, nodeId: string): Promise<LoadedState | undefined> {
  await removeStaleTempFiles(stateDir);
  const path = join(stateDir, STATE_FILE_NAME);
  const saved = await loadStateFile(path);
  if (saved !== undefined) return { state: saved, source: 'state-file', path };
  const legacyPath = join(stateDir, LEGACY_CLUSTER_FILE_NAME);
  const text = await readText(legacyPath, 'cluster settings');
  if (text === undefined) return undefined;
  const raw = parseJson(text, legacyPath, 'cluster settings');
  if (!isRecord(raw)) {
    throw new ToolError('CONFIG_INVALID', `cluster settings ${legacyPath} are not a JSON object`, {
      hint: 'run `spark-mesos-setup reconfigure` to write the file again',
    });
  }
  const settings = clusterSettingsWithDefaults(raw as unknown as ClusterSettingsInput);
  assertValidClusterSettings(settings);
  const state = initialState(nodeId, settings);
  await saveStateFile(path, state);
  return { state, source: 'migrated', path };
}

async function removeStaleTempFiles(stateDir: string): Promise<void> {
  const names = await readdir(stateDir).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => STALE_TEMP.test(name)).map((name) => unlink(join(stateDir, name)).catch(() => undefined)));
}

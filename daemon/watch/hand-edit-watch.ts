import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { ToolError } from '../../src/errors.js';
import { contentHash } from '../../src/fs/content-hash.js';
import type { MesosProfile } from '../../src/mesos/profile-types.js';
import type { ClusterSettings } from '../../src/model/cluster-settings.js';
import { decideHandEdit } from './decide-hand-edit.js';
import { watchedFiles, type HandEditPaths } from './hand-edit-paths.js';
import type { HandEditFile } from './hand-edit-types.js';
import type { OwnWriteCheck } from './own-writes.js';

/** A valid hand edit, as given to onEdit. */
export interface HandEdit {
  /** The file's absolute path. */
  readonly file: string;
  readonly kind: HandEditFile;
  /** What changed, e.g. `slaves: added node4; removed node2`. */
  readonly summary: string;
  /** The settings the edit was compared with: apply the change from these, not the whole settings. */
  readonly before: ClusterSettings;
}

/** A refused hand edit (or a removed file), as given to onRefused. */
export interface HandEditRefusal {
  /** The file's absolute path. */
  readonly file: string;
  readonly kind: HandEditFile;
  /** The file's name, line and what is wrong, e.g. `slaves line 3: "a b!" is not valid; expected …`. */
  readonly reason: string;
  /** The 1-based line the reason is about, when it is about one. */
  readonly line?: number;
  /** One log line: `hand edit of <path> refused: <reason>`. */
  readonly message: string;
}

/**
 * Why a settled change led to no call: mesosd's own write, content whose settings are the current ones, the same
 * bytes as the last look at the file (a touch, an editor saving twice), or bytes the file no longer had once they were
 * looked at (it changed again; that change is looked at in turn).
 */
export type IgnoredChange = 'own-write' | 'same-settings' | 'seen-before' | 'still-changing';

/** Where the watcher reports its own trouble (unreadable files, watch errors, failing callbacks). */
export interface HandEditWatchLog {
  warn(message: string): void;
}

export interface HandEditWatchOptions {
  /** The files to watch (absolute paths); their directories are watched, which must exist. */
  readonly paths: HandEditPaths;
  /** The profile of the running settings' Mesos version. */
  readonly profile: MesosProfile;
  /** The settings mesosd runs now; asked for each settled change. */
  readonly current: () => ClusterSettings;
  /** The Spark version of spark-env.sh's managed block (see HandEditContext); undefined when unknown. */
  readonly sparkVersion?: string | undefined;
  /** What mesosd itself wrote: such content is ignored. */
  readonly ownWrites: OwnWriteCheck;
  /** A valid edit: the whole new settings. Awaited before the next change is looked at. */
  readonly onEdit: (settings: ClusterSettings, edit: HandEdit) => void | Promise<void>;
  /** A refused edit or removed file; nothing else happens. Awaited before the next change is looked at. */
  readonly onRefused: (refusal: HandEditRefusal) => void | Promise<void>;
  /** Told of each settled change that led to neither call (for a debug log, and for tests to wait on). */
  readonly onIgnored?: (file: string, why: IgnoredChange) => void;
  /** Quiet time after a file's last event before it is read. Default 150 ms. */
  readonly debounceMs?: number;
  /** Default: nothing is logged. */
  readonly log?: HandEditWatchLog;
  /** Default: the global setTimeout and clearTimeout. */
  readonly timers?: WatchTimers;
}

/** The timer functions the quiet time is kept with (injectable, like a clock). */
export interface WatchTimers {
  setTimeout(callback: () => void, ms: number): NodeJS.Timeout;
  clearTimeout(timer: NodeJS.Timeout | undefined): void;
}

/** A running watch. */
export interface HandEditWatch {
  /** Stops watching; pending changes are dropped and one being handled is finished first. */
  close(): Promise<void>;
}

/** The default quiet time: an editor's several writes of one save fall within it. */
export const DEFAULT_DEBOUNCE_MS = 150;
const REMOVED = 'removed';

/**
 * Watches the directories of the managed files (editors and atomic writes replace a file's inode, so the files
 * themselves are not watched), waits until a file has been quiet for `debounceMs`, reads it, and passes its
 * content to decideHandEdit unless mesosd wrote it itself or it is the content last looked at. Changes are handled
 * one at a time, in order. Resolves once the watcher is ready; throws `WATCH_FAILED` when a directory is missing.
 */
export async function startHandEditWatch(options: HandEditWatchOptions): Promise<HandEditWatch> {
  const files = watchedFiles(options.paths);
  const dirs = [...new Set([...files.keys()].map((file) => dirname(file)))];
  for (const dir of dirs) await assertDirectory(dir);
  const log = options.log ?? { warn: () => undefined };
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const clock = options.timers ?? { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (t) => clearTimeout(t) };
  const timers = new Map<string, NodeJS.Timeout>();
  const lastSeen = new Map<string, string>();
  let queue: Promise<void> = Promise.resolve();
  let closed = false;

  const settle = async (file: string, kind: HandEditFile): Promise<void> => {
    const bytes = await readOrRemoved(file);
    if (closed || bytes === 'unreadable') return;
    const hash = bytes === undefined ? REMOVED : contentHash(bytes);
    if (lastSeen.get(file) === hash) return options.onIgnored?.(file, 'seen-before');
    lastSeen.set(file, hash);
    if (bytes !== undefined && options.ownWrites.isOwn(file, hash)) return options.onIgnored?.(file, 'own-write');
    // mesosd may have written the file again since it was read (a newer change from a peer, recorded as its own):
    // an older own write would then look like an operator's edit and undo that change. Decide only on bytes that are
    // still the file's; a newer write brings an event of its own.
    const again = await readOrRemoved(file);
    if (closed) return;
    if (again === 'unreadable' || (again === undefined ? REMOVED : contentHash(again)) !== hash) {
      lastSeen.delete(file);
      return options.onIgnored?.(file, 'still-changing');
    }
    const context = { current: options.current(), profile: options.profile, sparkVersion: options.sparkVersion };
    const decision = decideHandEdit(kind, bytes?.toString('utf8'), context);
    try {
      if (decision.kind === 'edit') {
        await options.onEdit(decision.settings, { file, kind, summary: decision.summary, before: context.current });
      } else if (decision.kind === 'refused') {
        const { reason, line } = decision;
        const message = `hand edit of ${file} refused: ${reason}`;
        await options.onRefused({ file, kind, reason, ...(line === undefined ? {} : { line }), message });
      } else {
        options.onIgnored?.(file, 'same-settings');
      }
    } catch (error) {
      // Not handled, so not seen: saving the same content again tries again.
      lastSeen.delete(file);
      throw error;
    }
  };

  const readOrRemoved = async (file: string): Promise<Buffer | undefined | 'unreadable'> => {
    try {
      return await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      log.warn(`hand edit of ${file} not looked at: cannot read it (${code ?? String(error)})`);
      return 'unreadable';
    }
  };

  const schedule = (file: string): void => {
    const kind = files.get(file);
    if (kind === undefined || closed) return;
    clock.clearTimeout(timers.get(file));
    timers.set(file, clock.setTimeout(() => {
      timers.delete(file);
      queue = queue.then(() => settle(file, kind)).catch((error: unknown) => {
        log.warn(`hand edit of ${file} not handled: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, debounceMs));
  };

  const watcher = watch(dirs, {
    ignoreInitial: true,
    depth: 0,
    // Only the directories and the managed files: an editor's temporary files need no watch of their own.
    ignored: (path) => !files.has(path) && !dirs.includes(path),
  });
  watcher.on('all', (event, path) => {
    if (event === 'add' || event === 'change' || event === 'unlink') schedule(path);
  });
  watcher.on('error', (error) => log.warn(`watching for hand edits: ${error instanceof Error ? error.message : String(error)}`));
  await ready(watcher);

  return {
    close: async () => {
      closed = true;
      for (const timer of timers.values()) clock.clearTimeout(timer);
      timers.clear();
      await watcher.close();
      await queue;
    },
  };
}

async function assertDirectory(dir: string): Promise<void> {
  const problem = await stat(dir).then(
    (stats) => (stats.isDirectory() ? undefined : 'not a directory'),
    (error: NodeJS.ErrnoException) => error.code ?? String(error),
  );
  if (problem === undefined) return;
  throw new ToolError('WATCH_FAILED', `cannot watch ${dir} for hand edits: ${problem}`, {
    hint: 'mesosd writes its files before it watches them; check the prefix and sparkHome in the cluster settings',
  });
}

/** Resolves when the watcher has scanned its directories; rejects (and closes it) on an error before that. */
async function ready(watcher: FSWatcher): Promise<void> {
  try {
    await new Promise<void>((resolveReady, reject) => {
      const fail = (error: unknown): void => reject(error instanceof Error ? error : new Error(String(error)));
      watcher.once('error', fail);
      watcher.once('ready', () => {
        watcher.off('error', fail);
        resolveReady();
      });
    });
  } catch (cause) {
    await watcher.close();
    throw new ToolError('WATCH_FAILED', `cannot watch for hand edits: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
      hint: 'check that mesosd may read the directories of its files',
    });
  }
}

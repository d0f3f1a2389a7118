import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { applySparkEnvBlock } from '../../../src/formats/spark-env.js';
import { writeFileAtomic } from '../../../src/fs/atomic-file.js';
import { mesos09Profile } from '../../../src/mesos/profiles.js';
import { sparkEnvVars } from '../../../src/mesos/spark-env-vars.js';
import type { ClusterSettings } from '../../../src/model/cluster-settings.js';
import {
  handEditPaths, OwnWrites, startHandEditWatch, type HandEdit, type HandEditFile, type HandEditRefusal,
  type HandEditWatch, type IgnoredChange, type WatchTimers,
} from '../../../daemon/watch/index.js';
import { CURRENT, renderings, USER_PART } from '../../unit/watch/cluster-fixture.js';

/** What the watcher reported, in order, with when. */
export type WatchEvent =
  | { readonly type: 'edit'; readonly at: number; readonly settings: ClusterSettings; readonly edit: HandEdit }
  | { readonly type: 'refused'; readonly at: number; readonly refusal: HandEditRefusal }
  | { readonly type: 'ignored'; readonly at: number; readonly file: string; readonly why: IgnoredChange };

export interface Harness {
  readonly paths: Readonly<Record<HandEditFile, string>>;
  readonly own: OwnWrites;
  readonly events: WatchEvent[];
  /** What the watcher logged as warnings. */
  readonly warnings: string[];
  readonly watch: HandEditWatch;
  current(): ClusterSettings;
  /** Writes as an editor or an atomic writer does: a temporary file in the same directory, renamed over the file. */
  editorWrite(path: string, text: string): Promise<void>;
  /** Writes as mesosd does: recorded as its own, then written atomically. */
  ownWrite(path: string, text: string): Promise<void>;
  /** The first event (after `from` events) that `match` accepts, within a deadline. */
  waitFor(what: string, match: (event: WatchEvent) => boolean, from?: number): Promise<WatchEvent>;
}

export interface HarnessOptions {
  readonly debounceMs?: number;
  /**
   * Behave as mesosd will: take a valid edit as the new settings and write the edited file as mesosd renders it;
   * put the last good version back after a refusal. Both as mesosd's own writes.
   */
  readonly daemonLike?: boolean;
  readonly timers?: WatchTimers;
  /** Makes onEdit throw (after recording the event) while it returns true. */
  readonly editFails?: () => boolean;
}

const WAIT_MS = 5000;

/** The cluster of the unit tests, its files written under `root` as mesosd writes them, and a watch of them. */
export async function startHarness(root: string, options: HarnessOptions = {}): Promise<Harness> {
  let current: ClusterSettings = { ...CURRENT, prefix: join(root, 'prefix'), sparkHome: join(root, 'spark') };
  const profile = mesos09Profile;
  const { mesosConf, ...rest } = handEditPaths(current, profile);
  if (mesosConf === undefined) throw new Error('Mesos 0.9 has a mesos.conf');
  const paths = { ...rest, mesosConf };
  const own = new OwnWrites();
  const events: WatchEvent[] = [];
  const warnings: string[] = [];
  const byKind = (kind: HandEditFile) => paths[kind];
  const lastGood = new Map<string, string>();
  const ownWrite = async (path: string, text: string) => {
    own.recordContent(path, text);
    await writeFileAtomic(path, text);
    lastGood.set(path, text);
  };
  const files = renderings(current);
  for (const kind of ['masters', 'slaves', 'mesosConf', 'sparkEnv'] as const) {
    await mkdir(dirname(byKind(kind)), { recursive: true });
    await ownWrite(byKind(kind), files[kind]);
  }

  const rendered = async (kind: HandEditFile, settings: ClusterSettings): Promise<string> => {
    if (kind !== 'sparkEnv') return renderings(settings)[kind];
    const text = await readFile(paths.sparkEnv, 'utf8').catch(() => USER_PART);
    return applySparkEnvBlock(text, sparkEnvVars(settings, profile, undefined));
  };
  const watch = await startHandEditWatch({
    paths, profile, ownWrites: own,
    current: () => current,
    debounceMs: options.debounceMs ?? 150,
    onEdit: async (settings, edit) => {
      events.push({ type: 'edit', at: Date.now(), settings, edit });
      if (options.editFails?.() === true) throw new Error('the state file cannot be written');
      if (!options.daemonLike) return;
      current = settings;
      await ownWrite(edit.file, await rendered(edit.kind, settings));
    },
    onRefused: async (refusal) => {
      events.push({ type: 'refused', at: Date.now(), refusal });
      const good = lastGood.get(refusal.file);
      if (options.daemonLike && good !== undefined) await ownWrite(refusal.file, good);
    },
    onIgnored: (file, why) => events.push({ type: 'ignored', at: Date.now(), file, why }),
    log: { warn: (message) => warnings.push(message) },
    ...(options.timers === undefined ? {} : { timers: options.timers }),
  });

  let temps = 0;
  return {
    paths, own, events, warnings, watch,
    current: () => current,
    editorWrite: async (path, text) => {
      temps += 1;
      const temp = join(dirname(path), `.edit-${temps}.tmp`);
      await writeFile(temp, text);
      await rename(temp, path);
    },
    ownWrite,
    waitFor: async (what, match, from = 0) => {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const found = events.slice(from).find(match);
        if (found !== undefined) return found;
        if (Date.now() > deadline) {
          throw new Error(`no ${what} within ${WAIT_MS} ms; events: ${JSON.stringify(events.map(describeEvent))}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

/** An event in a few words, for failure messages and assertions. */
export function describeEvent(event: WatchEvent): string {
  if (event.type === 'edit') return `edit ${event.edit.summary}`;
  if (event.type === 'refused') return `refused ${event.refusal.reason}`;
  return `ignored ${event.why} ${event.file}`;
}

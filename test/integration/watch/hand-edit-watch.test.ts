import { afterEach, describe, expect, test } from '@jest/globals';
import { renameSync, writeFileSync } from 'node:fs';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isToolError } from '../../../src/errors.js';
import { mesos09Profile } from '../../../src/mesos/profiles.js';
import { handEditPaths, OwnWrites, startHandEditWatch, type WatchTimers } from '../../../daemon/watch/index.js';
import { tempDirs } from '../../helpers/temp-dir.js';
import { CURRENT } from '../../unit/watch/cluster-fixture.js';
import { describeEvent, startHarness, type Harness, type WatchEvent } from './watch-harness.js';

const dirs = tempDirs('sms-watch-');
const started: Harness[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((harness) => harness.watch.close()));
  await dirs.cleanup();
});

const start = async (options: Parameters<typeof startHarness>[1] = {}): Promise<Harness> => {
  const harness = await startHarness(await dirs.make(), options);
  started.push(harness);
  return harness;
};
const isEdit = (event: WatchEvent) => event.type === 'edit';
const isRefused = (event: WatchEvent) => event.type === 'refused';
const calls = (harness: Harness) => harness.events.filter((event) => event.type !== 'ignored').map(describeEvent);

describe('startHandEditWatch', () => {
  test('an editor-style save (temporary file renamed over) is one edit, after the quiet time', async () => {
    const harness = await start({ debounceMs: 150 });
    const savedAt = Date.now();
    await harness.editorWrite(harness.paths.slaves, 'node1\nnode2\nnode3\n');
    const edit = await harness.waitFor('edit of slaves', isEdit);
    expect(edit.at - savedAt).toBeGreaterThanOrEqual(150);
    expect(edit).toMatchObject({
      settings: { ...harness.current(), slaves: ['node1', 'node2', 'node3'] },
      edit: { file: harness.paths.slaves, kind: 'slaves', summary: 'slaves: added node3' },
    });
    // A second save is the next call: nothing of the first one came again in between.
    await harness.editorWrite(harness.paths.slaves, 'node1\nnode2\nnode3\nnode4\n');
    await harness.waitFor('second edit', (event) => isEdit(event) && event !== edit);
    expect(calls(harness)).toEqual(['edit slaves: added node3', 'edit slaves: added node3, node4']);
  });

  test('several quick writes of a file are one edit with the last content', async () => {
    const harness = await start({ debounceMs: 200 });
    // In place, truncated and rewritten (an empty or half-written file in between), then renamed over.
    await writeFile(harness.paths.mesosConf, '');
    await writeFile(harness.paths.mesosConf, 'quiet = false\n');
    await writeFile(harness.paths.mesosConf, 'quiet = false\nresources = cp');
    await harness.editorWrite(harness.paths.mesosConf, 'quiet = false\nresources = cpus:2\n');
    await harness.editorWrite(harness.paths.mesosConf, 'quiet = false\nresources = cpus:4\n');
    await harness.waitFor('edit of mesos.conf', isEdit);
    await harness.editorWrite(harness.paths.masters, 'master1\nmaster2\n');
    await harness.waitFor('edit of masters', (event) => isEdit(event) && event.edit.kind === 'masters');
    expect(calls(harness)).toEqual([
      'edit mesos.conf: added resources="cpus:4"; changed quiet="false" (was "true")',
      'edit masters: added master2',
    ]);
  });

  test("mesosd's own write is ignored, and so is its rewrite of a file after an edit", async () => {
    const harness = await start({ daemonLike: true });
    await harness.ownWrite(harness.paths.slaves, 'node1\nnode2\nnode9\n');
    await harness.waitFor('own write seen', (event) => event.type === 'ignored' && event.why === 'own-write');
    expect(calls(harness)).toEqual([]);

    // Accepted, then written back as mesosd renders it (one host a line): that write is mesosd's own.
    const from = harness.events.length;
    await harness.editorWrite(harness.paths.masters, '  master1   master2 ');
    await harness.waitFor('edit of masters', isEdit, from);
    await harness.waitFor('rewrite seen as own', (event) => event.type === 'ignored' && event.file === harness.paths.masters, from);
    expect(await readFile(harness.paths.masters, 'utf8')).toBe('master1\nmaster2\n');
    expect(harness.current().masters).toEqual(['master1', 'master2']);
    expect(calls(harness)).toEqual(['edit masters: added master2']);
  });

  test('an own write read just before mesosd wrote the file again is not taken for an edit (it would undo the newer change)', async () => {
    const harness = await start({ daemonLike: true });
    const path = harness.paths.slaves;
    // mesosd writes node9 (a peer's change), and while the watcher looks at those bytes it writes node10 (the next one).
    const isOwn = harness.own.isOwn.bind(harness.own);
    let raced = false;
    harness.own.isOwn = (file, hash) => {
      if (file === path && !raced) {
        raced = true;
        writeFileSync(`${path}.next`, 'node1\nnode2\nnode10\n');
        renameSync(`${path}.next`, path);
        harness.own.recordContent(path, 'node1\nnode2\nnode10\n');
      }
      return isOwn(file, hash);
    };
    await harness.ownWrite(path, 'node1\nnode2\nnode9\n');
    await harness.waitFor('the stale read dropped', (event) => event.type === 'ignored' && event.why === 'still-changing');
    await harness.waitFor('the newer write seen as own', (event) => event.type === 'ignored' && event.why === 'own-write');
    expect(raced).toBe(true);
    expect(calls(harness)).toEqual([]);
  });

  test('an edit of the managed block of spark-env.sh (in Spark\'s conf directory) is an edit of sparkEnv', async () => {
    const harness = await start();
    const text = await readFile(harness.paths.sparkEnv, 'utf8');
    await harness.editorWrite(harness.paths.sparkEnv, text.replace('export SPARK_MEM=2g', 'export SPARK_MEM=4g'));
    const edit = await harness.waitFor('edit of spark-env.sh', isEdit);
    expect(edit).toMatchObject({ settings: { sparkEnv: { SPARK_MEM: '4g' } }, edit: { kind: 'sparkEnv', file: harness.paths.sparkEnv } });
    expect(calls(harness)).toEqual(['edit spark-env.sh: changed SPARK_MEM="4g" (was "2g")']);
  });

  test('content that gives the current settings is no call (an edit outside the managed block of spark-env.sh)', async () => {
    const harness = await start();
    const text = await readFile(harness.paths.sparkEnv, 'utf8');
    await harness.editorWrite(harness.paths.sparkEnv, `${text}export SPARK_LOCAL_IP=10.0.0.1\n`);
    await harness.waitFor('same settings', (event) => event.type === 'ignored' && event.why === 'same-settings');
    expect(calls(harness)).toEqual([]);
  });

  test('an invalid edit is refused with one log line naming file, line and reason; nothing is applied', async () => {
    const harness = await start({ daemonLike: true });
    const before = harness.current();
    await harness.editorWrite(harness.paths.slaves, 'node1\nnode 2!\n');
    const refused = await harness.waitFor('refusal', isRefused);
    const reason = 'slaves line 2: "2!" is not valid; expected a host name or IP address, without shell metacharacters (Mesos 0.9 hands each word to the shell and ssh)';
    expect(refused).toMatchObject({
      refusal: { file: harness.paths.slaves, kind: 'slaves', line: 2, reason, message: `hand edit of ${harness.paths.slaves} refused: ${reason}` },
    });
    // The last good version is put back (by mesosd: here, the harness), and that write is not taken for an edit.
    await harness.waitFor('restore seen as own', (event) => event.type === 'ignored' && event.why === 'own-write');
    expect(await readFile(harness.paths.slaves, 'utf8')).toBe('node1\nnode2\n');
    expect(harness.current()).toBe(before);
    expect(calls(harness)).toEqual([`refused ${reason}`]);
  });

  test('an emptied slaves file is refused', async () => {
    const harness = await start();
    await writeFile(harness.paths.slaves, '');
    const refused = await harness.waitFor('refusal', isRefused);
    expect(refused).toMatchObject({ refusal: { kind: 'slaves', reason: expect.stringContaining('mesosd config remove-slave') } });
  });

  test('a removed file is reported as refused, and its return by mesosd is its own write', async () => {
    const harness = await start({ daemonLike: true });
    await unlink(harness.paths.masters);
    const refused = await harness.waitFor('refusal', isRefused);
    expect(refused).toMatchObject({
      refusal: {
        file: harness.paths.masters,
        reason: 'masters was removed; mesosd writes it back',
        message: `hand edit of ${harness.paths.masters} refused: masters was removed; mesosd writes it back`,
      },
    });
    await harness.waitFor('return seen as own', (event) => event.type === 'ignored' && event.why === 'own-write');
    expect(await readFile(harness.paths.masters, 'utf8')).toBe('master1\n');
  });

  test('saving the same bytes again is not looked at twice', async () => {
    const harness = await start();
    await harness.editorWrite(harness.paths.slaves, 'node1\nnode2\nnode3\n');
    await harness.waitFor('edit', isEdit);
    const from = harness.events.length;
    await harness.editorWrite(harness.paths.slaves, 'node1\nnode2\nnode3\n');
    await harness.waitFor('second save', (event) => event.type === 'ignored' && event.why === 'seen-before', from);
    expect(calls(harness)).toEqual(['edit slaves: added node3']);
  });

  test('a failing onEdit is logged, and the same save is tried again', async () => {
    let failures = 1;
    const harness = await start({ editFails: () => failures-- > 0 });
    await harness.editorWrite(harness.paths.mesosConf, 'quiet = false\n');
    await harness.waitFor('first try', isEdit);
    await waitUntil('a warning', () => harness.warnings.length > 0);
    expect(harness.warnings).toEqual([`hand edit of ${harness.paths.mesosConf} not handled: the state file cannot be written`]);
    const from = harness.events.length;
    await harness.editorWrite(harness.paths.mesosConf, 'quiet = false\n');
    await harness.waitFor('second try', isEdit, from);
    expect(calls(harness)).toEqual(['edit mesos.conf: changed quiet="false" (was "true")', 'edit mesos.conf: changed quiet="false" (was "true")']);
  });

  test('close() drops a pending change and releases every watch and timer, so the process can exit', async () => {
    const baseline = activeResources();
    const pending = new Set<NodeJS.Timeout>();
    const timers: WatchTimers = {
      setTimeout: (callback, ms) => {
        const timer = setTimeout(() => {
          pending.delete(timer);
          callback();
        }, ms);
        pending.add(timer);
        return timer;
      },
      clearTimeout: (timer) => {
        if (timer !== undefined) pending.delete(timer);
        clearTimeout(timer);
      },
    };
    const harness = await start({ debounceMs: 2000, timers });
    expect(activeResources().FSEventWrap).toBeGreaterThan(baseline.FSEventWrap);
    await harness.editorWrite(harness.paths.slaves, 'node1\nnode2\nnode3\n');
    await waitUntil('the change to be seen (its quiet time running)', () => pending.size > 0);
    await harness.watch.close();
    expect(pending.size).toBe(0);
    // Handles close asynchronously, and chokidar's own short timers run out (doing nothing once closed).
    await waitUntil('every watch and timer released', () => sameResources(activeResources(), baseline));
    await harness.editorWrite(harness.paths.slaves, 'node1\n');
    expect(activeResources()).toEqual(baseline);
    expect(harness.events).toEqual([]);
    await harness.watch.close();
  });

  test('a missing directory is refused before anything is watched', async () => {
    const root = await dirs.make();
    const settings = { ...CURRENT, prefix: join(root, 'nowhere'), sparkHome: root };
    const baseline = activeResources();
    const error = await startHandEditWatch({
      paths: handEditPaths(settings, mesos09Profile), profile: mesos09Profile, current: () => settings,
      ownWrites: new OwnWrites(), onEdit: () => undefined, onRefused: () => undefined,
    }).then(() => undefined, (caught: unknown) => caught);
    expect(isToolError(error) && error.code).toBe('WATCH_FAILED');
    expect((error as Error).message).toBe(`cannot watch ${join(root, 'nowhere/var/mesos/deploy')} for hand edits: ENOENT`);
    expect(activeResources()).toEqual(baseline);
  });
});

/** The watches and timers this process holds. */
function activeResources(): { FSEventWrap: number; Timeout: number } {
  const all = process.getActiveResourcesInfo();
  return { FSEventWrap: all.filter((r) => r === 'FSEventWrap').length, Timeout: all.filter((r) => r === 'Timeout').length };
}

function sameResources(a: ReturnType<typeof activeResources>, b: ReturnType<typeof activeResources>): boolean {
  return a.FSEventWrap === b.FSEventWrap && a.Timeout === b.Timeout;
}

/** Polls `check` every 10 ms until it holds, for at most 5 s. */
async function waitUntil(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited 5000 ms for ${what}: ${JSON.stringify(activeResources())}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

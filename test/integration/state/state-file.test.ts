import { afterEach, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isToolError, type ToolError } from '../../../src/errors.js';
import { clusterSettingsWithDefaults } from '../../../src/model/cluster-settings.js';
import { clockOf } from '../../../src/state/lamport-clock.js';
import { initialState, setKey } from '../../../src/state/operations.js';
import { settingsOf } from '../../../src/state/settings-of.js';
import {
  LEGACY_CLUSTER_FILE_NAME, loadOrMigrateState, loadStateFile, saveStateFile, STATE_FILE_NAME,
} from '../../../src/state/state-file.js';
import { serializeState } from '../../../src/state/state-json.js';
import { tempDirs } from '../../helpers/temp-dir.js';

const dirs = tempDirs();
afterEach(dirs.cleanup);

/** cluster.json as the wizard writes it: the answers, defaults left out. */
const CLUSTER_JSON = { javaHome: '/usr/lib/jvm/java-8-openjdk', sparkHome: '/opt/spark', masters: ['node1'], slaves: ['node2'] };
const SETTINGS = clusterSettingsWithDefaults(CLUSTER_JSON);

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isToolError(error)) throw new Error(`expected a ToolError, got ${String(error)}`);
  return error;
}

describe('state file', () => {
  test('saves canonical JSON, mode 0600, and loads the same state back', async () => {
    const path = join(await dirs.make(), STATE_FILE_NAME);
    const state = setKey(initialState('node1', SETTINGS), 'node2', 'ports.master', 6060);
    expect((await saveStateFile(path, state)).changed).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(serializeState(state));
    const loaded = await loadStateFile(path);
    expect(loaded && serializeState(loaded)).toEqual(serializeState(state));
    expect((await saveStateFile(path, state)).changed).toBe(false);
  });

  test('no file: undefined', async () => {
    expect(await loadStateFile(join(await dirs.make(), STATE_FILE_NAME))).toBeUndefined();
  });

  test.each([
    ['an empty file', ''],
    ['a torn file', '{"format":1,"registers":{'],
    ['a file that is no state', '{"format":1}'],
  ])('%s is refused with BAD_STATE naming the file', async (_name, text) => {
    const path = join(await dirs.make(), STATE_FILE_NAME);
    await writeFile(path, text);
    const error = await failure(loadStateFile(path));
    expect(error.code).toBe('BAD_STATE');
    expect(error.message).toContain(path);
    expect(error.hint).toBeTruthy();
  });
});

describe('loadOrMigrateState', () => {
  test('migrates cluster.json into an initial state once, and reads the state file after that', async () => {
    const dir = await dirs.make();
    await writeFile(join(dir, LEGACY_CLUSTER_FILE_NAME), JSON.stringify(CLUSTER_JSON));
    const migrated = await loadOrMigrateState(dir, 'node1');
    expect(migrated?.source).toBe('migrated');
    expect(migrated && settingsOf(migrated.state)).toEqual(SETTINGS);
    expect(existsSync(join(dir, STATE_FILE_NAME))).toBe(true);
    const again = await loadOrMigrateState(dir, 'node1');
    expect(again?.source).toBe('state-file');
    expect(again && serializeState(again.state)).toEqual(migrated && serializeState(migrated.state));
  });

  test('picks the state file over cluster.json', async () => {
    const dir = await dirs.make();
    const state = setKey(initialState('node1', SETTINGS), 'node3', 'prefix', '/opt/mesos');
    await saveStateFile(join(dir, STATE_FILE_NAME), state);
    await writeFile(join(dir, LEGACY_CLUSTER_FILE_NAME), JSON.stringify({ ...CLUSTER_JSON, prefix: '/usr' }));
    const loaded = await loadOrMigrateState(dir, 'node1');
    expect(loaded?.source).toBe('state-file');
    expect(loaded && settingsOf(loaded.state).prefix).toBe('/opt/mesos');
  });

  test('a node that has not joined has nothing', async () => {
    expect(await loadOrMigrateState(await dirs.make(), 'node1')).toBeUndefined();
  });

  test('an invalid cluster.json is refused and no state file is written', async () => {
    const dir = await dirs.make();
    await writeFile(join(dir, LEGACY_CLUSTER_FILE_NAME), JSON.stringify({ ...CLUSTER_JSON, prefix: 'relative' }));
    const error = await failure(loadOrMigrateState(dir, 'node1'));
    expect(error.code).toBe('INVALID_SETTINGS');
    expect(error.problems[0]?.field).toBe('prefix');
    expect(await readdir(dir)).toEqual([LEGACY_CLUSTER_FILE_NAME]);
  });

  test('removes the temp files of a save cut short', async () => {
    const dir = await dirs.make();
    await saveStateFile(join(dir, STATE_FILE_NAME), initialState('node1', SETTINGS));
    await writeFile(join(dir, '.state.json.4242.0123456789ab.tmp'), '{"format":1,"regis');
    await writeFile(join(dir, 'notes.txt'), 'kept');
    expect((await loadOrMigrateState(dir, 'node1'))?.source).toBe('state-file');
    expect((await readdir(dir)).sort()).toEqual(['notes.txt', STATE_FILE_NAME]);
  });
});

describe('durability', () => {
  test('kill -9 while saving never leaves a torn or empty file, nor an older state than the last one acknowledged', async () => {
    const built = (name: string): string => fileURLToPath(new URL(`../../../dist/src/state/${name}.js`, import.meta.url));
    expect(existsSync(built('state-file'))).toBe(true); // `npm test` builds first
    const dir = await dirs.make();
    const path = join(dir, STATE_FILE_NAME);
    await saveStateFile(path, initialState('node1', SETTINGS));
    // A node that restarts from its file, then changes and saves in a loop, acknowledging each change once saved.
    const node = `
      const { loadStateFile, saveStateFile } = await import(${JSON.stringify(built('state-file'))});
      const { setKey } = await import(${JSON.stringify(built('operations'))});
      const { clockOf } = await import(${JSON.stringify(built('lamport-clock'))});
      let state = await loadStateFile(${JSON.stringify(path)});
      for (let i = 0; ; i++) {
        state = setKey(state, 'node1', 'sparkEnv.V' + (i % 400), String(clockOf(state)).padEnd(4000, 'x'));
        await saveStateFile(${JSON.stringify(path)}, state);
        process.stdout.write('acked ' + clockOf(state) + '\\n');
      }`;
    let lastAcked = 0;
    for (let round = 0; round < 10; round++) {
      const child = execa('node', ['--input-type=module', '-e', node], { reject: false, buffer: false });
      let output = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.split('\n').length > 5 + round * 3) resolve();
        });
        child.once('exit', () => reject(new Error('the saving node exited early')));
      });
      await new Promise((resolve) => setTimeout(resolve, (round * 5) % 17)); // land at different points of a save
      child.kill('SIGKILL');
      await child;
      const acked = [...output.matchAll(/acked (\d+)\n/g)].map((match) => Number(match[1]));
      const newest = acked.at(-1) ?? 0;
      expect(newest).toBeGreaterThan(lastAcked);
      const loaded = await loadStateFile(path); // throws on a torn or empty file
      const clock = loaded === undefined ? 0 : clockOf(loaded);
      expect(clock).toBeGreaterThanOrEqual(newest); // never behind what was acknowledged
      expect(clock).toBeLessThanOrEqual(newest + 1); // at most the one save in flight
      lastAcked = clock;
    }
  });
});

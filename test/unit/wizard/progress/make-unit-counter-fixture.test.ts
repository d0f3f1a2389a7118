/**
 * The counter on the stand-in Mesos tree's real `make -n` and `make` output (quiet rules and V=1), as the step runner
 * will see it: lines of stdout and stderr as they come.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countMakeUnits, MakeUnitCounter, type MakeProgress } from '../../../../wizard/progress/make-unit-counter.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/mesos-0.9.0', import.meta.url));
// 24 compile units of libmesos, the library's link, and mesos-master and mesos-slave (compiled and linked at once).
const UNITS = 27;

let work: string;
let tree: string;

async function make(args: readonly string[]): Promise<{ output: string; exitCode: number | undefined }> {
  const result = await execa('make', args, { cwd: tree, all: true, reject: false, stdin: 'ignore', timeout: 120_000, env: { LC_ALL: 'C' } });
  return { output: result.all, exitCode: result.exitCode };
}

/** Runs make, feeding each line of its output to a counter as it comes; returns the progress after every line. */
async function makeCounted(args: readonly string[], total: number): Promise<MakeProgress[]> {
  const counter = new MakeUnitCounter(total);
  const seen: MakeProgress[] = [];
  const subprocess = execa('make', args, { cwd: tree, all: true, stdin: 'ignore', timeout: 120_000, env: { LC_ALL: 'C' } });
  for await (const line of subprocess.iterable({ from: 'all' })) seen.push(counter.feed(line));
  await subprocess;
  seen.push(counter.end());
  return seen;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'sms-make-progress-'));
  tree = path.join(work, 'mesos-0.9.0');
  await cp(FIXTURE, tree, { recursive: true });
  await execa('./configure', ['--disable-java', `--prefix=${path.join(work, 'prefix')}`], { cwd: tree, stdin: 'ignore' });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('on the stand-in Mesos tree', () => {
  test('make -n, quiet or V=1, counts every unit once', async () => {
    expect(countMakeUnits((await make(['-n'])).output)).toBe(UNITS);
    expect(countMakeUnits((await make(['-n', 'V=1'])).output)).toBe(UNITS);
  });

  test.each([
    ['quiet rules, -j4', ['-j4']],
    ['V=1 command lines, -j4', ['-j4', 'V=1']],
  ])('the live count of a build with %s reaches the dry-run total, one unit at a time', async (_name, args) => {
    await make(['clean']);
    const total = countMakeUnits((await make(['-n', ...args])).output);
    const seen = await makeCounted(args, total);
    expect(seen.at(-1)).toEqual({ done: UNITS, total: UNITS });
    for (const [i, progress] of seen.entries()) {
      expect(progress.total).toBe(UNITS);
      expect(progress.done - (seen[i - 1]?.done ?? 0)).toBeGreaterThanOrEqual(0);
      expect(progress.done - (seen[i - 1]?.done ?? 0)).toBeLessThanOrEqual(1);
    }
  });

  test('a partly built tree: make -n counts only what is left, and the live count matches it', async () => {
    await make(['clean']);
    await make(['src/common/attributes.lo', 'src/common/build.lo']);
    const total = countMakeUnits((await make(['-n'])).output);
    expect(total).toBe(UNITS - 2);
    expect((await makeCounted([], total)).at(-1)).toEqual({ done: total, total });
    expect(countMakeUnits((await make(['-n'])).output)).toBe(0);
  });
});

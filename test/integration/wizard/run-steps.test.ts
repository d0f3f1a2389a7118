import { afterEach, describe, expect, test } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isToolError } from '../../../src/errors.js';
import { runSteps } from '../../../wizard/run/run-steps.js';
import { openSetupLog } from '../../../wizard/run/setup-log.js';
import type { Step } from '../../../wizard/run/step.js';
import { recordingReporter } from '../../helpers/recording-reporter.js';
import { tempDirs } from '../../helpers/temp-dir.js';

const dirs = tempDirs();
afterEach(dirs.cleanup);

function step(id: string, inputs: unknown, run: Step['run'] = async () => undefined, extra: Partial<Step> = {}): Step {
  return { id, title: `Step ${id}`, actions: [], inputs, run, ...extra };
}

async function setup() {
  const dir = await dirs.make();
  const log = openSetupLog(join(dir, 'setup.log'));
  const options = { journalPath: join(dir, 'journal.json'), log, signal: new AbortController().signal };
  return { dir, log, options };
}

describe('runSteps', () => {
  test('a re-run with the same inputs skips finished steps; changed inputs redo that step and every one after it', async () => {
    const { options, log } = await setup();
    const runs: string[] = [];
    const steps = (b: string) => ['a', 'b', 'c'].map((id) => step(id, id === 'b' ? b : 'same', async () => {
      runs.push(id);
      return undefined;
    }));
    await runSteps(steps('1'), { ...options, reporter: recordingReporter() });
    const second = recordingReporter();
    expect(await runSteps(steps('1'), { ...options, reporter: second })).toEqual({ ran: [], skipped: ['a', 'b', 'c'] });
    expect(second.events).toEqual(['plan a,b,c', 'skipped a already done', 'skipped b already done', 'skipped c already done']);
    expect(await runSteps(steps('2'), { ...options, reporter: recordingReporter() })).toEqual({ ran: ['b', 'c'], skipped: ['a'] });
    expect(runs).toEqual(['a', 'b', 'c', 'b', 'c']);
    await log.close();
  });

  test('a failed run resumes at the failed step', async () => {
    const { options } = await setup();
    let fail = true;
    const runs: string[] = [];
    const steps = ['a', 'b', 'c'].map((id) => step(id, null, async () => {
      runs.push(id);
      if (id === 'b' && fail) throw new Error('b broke');
      return undefined;
    }));
    await expect(runSteps(steps, { ...options, reporter: recordingReporter() })).rejects.toThrow('b broke');
    fail = false;
    expect(await runSteps(steps, { ...options, reporter: recordingReporter() })).toEqual({ ran: ['b', 'c'], skipped: ['a'] });
    expect(runs).toEqual(['a', 'b', 'b', 'c']);
  });

  test('a step whose result is gone runs again; "always" steps always run', async () => {
    const { options } = await setup();
    let present = true;
    const runs: string[] = [];
    const steps = [
      step('build', null, async () => { runs.push('build'); return undefined; }, { stillDone: async () => present }),
      step('files', null, async () => { runs.push('files'); return 'unchanged'; }, { always: true }),
    ];
    await runSteps(steps, { ...options, reporter: recordingReporter() });
    present = false;
    const reporter = recordingReporter();
    await runSteps(steps, { ...options, reporter });
    expect(runs).toEqual(['build', 'files', 'build', 'files']);
    expect(reporter.events.at(-1)).toBe('done files unchanged');
  });

  test('a failing command names itself, shows its last lines and the log, and the log has every line', async () => {
    const { options, log } = await setup();
    const failing = step('configure', null, async (context) => {
      await context.run('sh', ['-c', 'for i in $(seq 1 30); do echo "line $i"; done; echo "configure: error: no JDK" >&2; exit 3'], { hint: 'give a JDK' });
      return undefined;
    });
    const error = await runSteps([failing], { ...options, reporter: recordingReporter() }).catch((e: unknown) => e);
    expect(isToolError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^Step configure: `sh -c .*` failed \(exit code 3\)\. Last lines of its output:\n/);
    expect(message).toContain('    configure: error: no JDK');
    expect(message).not.toContain('    line 10\n');
    expect(message).toContain('    line 30');
    expect(message).toContain(`The whole output is in ${log.path}`);
    expect(isToolError(error) && error.hint).toBe('give a JDK');
    await log.close();
    const logged = await readFile(log.path, 'utf8');
    expect(logged).toMatch(/\[configure\] line 1\n/);
    expect(logged).toMatch(/\[configure\] failed: /);
  });

  test('an interrupt stops the running command and says INTERRUPTED; the journal does not record the step', async () => {
    const { options } = await setup();
    const controller = new AbortController();
    const slow = step('make', null, async (context) => {
      setTimeout(() => controller.abort(), 200);
      await context.run('sleep', ['30']);
      return undefined;
    });
    const started = Date.now();
    const error = await runSteps([slow], { ...options, signal: controller.signal, reporter: recordingReporter() }).catch((e: unknown) => e);
    expect(isToolError(error) && error.code).toBe('INTERRUPTED');
    expect(Date.now() - started).toBeLessThan(10_000);
    const journal = JSON.parse(await readFile(options.journalPath, 'utf8').catch(() => '{"steps":{}}')) as { steps: object };
    expect(Object.keys(journal.steps)).toEqual([]);
  });
});

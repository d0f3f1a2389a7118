import { describe, expect, test } from '@jest/globals';
import { createPlainReporter } from '../../../../wizard/progress/plain-reporter.js';
import { trackMakeProgress } from '../../../../wizard/progress/track-make-progress.js';

function plainReporter() {
  let time = 0;
  let text = '';
  const reporter = createPlainReporter({ stream: { write: (chunk: string) => (text += chunk) }, now: () => time });
  return {
    reporter,
    advance: (ms: number) => (time += ms),
    lines: () => text.split('\n').slice(0, -1),
  };
}

const PLAN = [
  { id: 'unpack', title: 'Unpack the Mesos source' },
  { id: 'make', title: 'Build Mesos (make -j4)' },
  { id: 'install', title: 'Install Mesos' },
  { id: 'spark', title: 'Configure Spark' },
];

describe('the plain-lines reporter', () => {
  test('prints a line per start and end, make progress every tenth with the time left, and a failure with its output', async () => {
    const { reporter, advance, lines } = plainReporter();
    reporter.plan(PLAN);
    reporter.stepStarted('unpack');
    reporter.stepOutput('unpack', 'x mesos-0.9.0/configure');
    advance(2300);
    reporter.stepFinished('unpack', 'done');

    reporter.stepStarted('make');
    const make = trackMakeProgress(reporter, 'make', 20);
    for (let unit = 0; unit < 20; unit++) {
      advance(10_000);
      make.line(`  CC       src/unit${unit}.lo`);
      reporter.stepOutput('make', `  CC       src/unit${unit}.lo`);
    }
    advance(4000);
    reporter.stepFinished('make', 'done');
    reporter.stepFinished('install', 'skipped', 'Mesos 0.9.0 is installed already');

    reporter.stepStarted('spark');
    for (let i = 1; i <= 25; i++) reporter.stepOutput('spark', `line ${i}\u001B[0m!`);
    advance(65_000);
    reporter.stepFinished('spark', 'failed', 'spark-env.sh is not writable');
    await reporter.close();

    expect(lines()).toEqual([
      '[1/4] Unpack the Mesos source...',
      '[1/4] Unpack the Mesos source: done in 2s',
      '[2/4] Build Mesos (make -j4)...',
      '[2/4] Build Mesos (make -j4): 10% (2/20 units)',
      '[2/4] Build Mesos (make -j4): 20% (4/20 units), about 2m 40s left',
      '[2/4] Build Mesos (make -j4): 30% (6/20 units), about 2m 20s left',
      '[2/4] Build Mesos (make -j4): 40% (8/20 units), about 2m left',
      '[2/4] Build Mesos (make -j4): 50% (10/20 units), about 1m 40s left',
      '[2/4] Build Mesos (make -j4): 60% (12/20 units), about 1m 20s left',
      '[2/4] Build Mesos (make -j4): 70% (14/20 units), about 1m left',
      '[2/4] Build Mesos (make -j4): 80% (16/20 units), about 40s left',
      '[2/4] Build Mesos (make -j4): 90% (18/20 units), about 20s left',
      '[2/4] Build Mesos (make -j4): done in 3m 24s',
      '[3/4] Install Mesos: skipped (Mesos 0.9.0 is installed already)',
      '[4/4] Configure Spark...',
      '[4/4] Configure Spark: failed after 1m 5s: spark-env.sh is not writable',
      '  last 20 lines of output:',
      ...Array.from({ length: 20 }, (_, i) => `  | line ${i + 6}!`),
    ]);
  });

  test('a total that grows does not print a tenth twice; a one-line failure says so', () => {
    const { reporter, advance, lines } = plainReporter();
    reporter.plan([{ id: 'make', title: 'Build' }]);
    reporter.stepStarted('make');
    advance(1000);
    reporter.stepProgress('make', 5, 10);
    reporter.stepProgress('make', 5, 20); // 25%: below the 50% already printed
    reporter.stepProgress('make', 11, 20);
    reporter.stepProgress('make', 12, 20);
    reporter.stepOutput('make', 'make: *** [Makefile:12: src/x.lo] Error 1');
    reporter.stepFinished('make', 'failed');
    expect(lines()).toEqual([
      '[1/1] Build...',
      '[1/1] Build: 50% (5/10 units), a few seconds left',
      '[1/1] Build: 60% (12/20 units), a few seconds left',
      '[1/1] Build: failed after 1s',
      '  last line of output:',
      '  | make: *** [Makefile:12: src/x.lo] Error 1',
    ]);
  });

  test('make progress is reported only when make -n gave a total', () => {
    const calls: string[] = [];
    const reporter = { stepProgress: (id: string, done: number, total: number) => calls.push(`${id} ${done}/${total}`) };
    const unknown = trackMakeProgress(reporter, 'make', 0);
    unknown.line('  CC a.lo');
    expect(unknown.progress()).toEqual({ done: 1, total: 1 });
    const known = trackMakeProgress(reporter, 'make', 2);
    for (const line of ['  CC a.lo', 'a.c:1: warning: x', '  CC b.lo', '  CC c.lo']) known.line(line);
    expect(calls).toEqual(['make 0/2', 'make 1/2', 'make 2/2', 'make 3/3']);
    expect(known.progress()).toEqual({ done: 3, total: 3 });
  });

  test('a step the plan did not name is reported under its id', () => {
    const { reporter, lines } = plainReporter();
    reporter.plan(PLAN.slice(0, 1));
    reporter.stepStarted('extra');
    reporter.stepFinished('extra', 'done', 'nothing to do');
    expect(lines()).toEqual(['[2/2] extra...', '[2/2] extra: done in 0s (nothing to do)']);
  });
});

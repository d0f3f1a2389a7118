import { describe, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { chooseReporterKind, createProgressReporter } from '../../../../wizard/progress/create-progress-reporter.js';
import { ManualClock } from '../../../helpers/manual-clock.js';

// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string) => text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');

/** A terminal as ink sees one: a writable TTY with a width, and an input that can go to raw mode. */
function fakeTerminal(columns: number) {
  let written = '';
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns, rows: 40 });
  stream.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
  const stderr = Object.assign(new PassThrough(), { isTTY: true });
  return {
    stream: stream as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    resize(to: number) {
      stream.columns = to;
      stream.emit('resize');
    },
    written: () => written,
  };
}

describe('chooseReporterKind', () => {
  const rawStdin = { isTTY: true, setRawMode: () => undefined } as unknown as NodeJS.ReadStream;
  const pipedStdin = { isTTY: undefined } as unknown as NodeJS.ReadStream;
  const term = { TERM: 'xterm-256color' };

  test.each([
    ['a terminal with raw mode', true, rawStdin, term, 'ink'],
    ['output to a pipe or the journal', false, rawStdin, term, 'plain'],
    ['input from a pipe (no raw mode)', true, pipedStdin, term, 'plain'],
    ['CI', true, rawStdin, { ...term, CI: 'true' }, 'plain'],
    ['CI=false', true, rawStdin, { ...term, CI: 'false' }, 'ink'],
    ['a dumb terminal', true, rawStdin, { TERM: 'dumb' }, 'plain'],
  ] as const)('%s: %s', (_name, isTTY, stdin, env, kind) => {
    expect(chooseReporterKind({ isTTY, stdin, env })).toBe(kind);
  });
});

describe('createProgressReporter', () => {
  test('without a terminal it prints plain lines', async () => {
    let text = '';
    const stream = { write: (chunk: string) => (text += chunk), isTTY: false } as unknown as NodeJS.WriteStream;
    let time = 0;
    const reporter = await createProgressReporter({ stream, isTTY: false, columns: undefined, now: () => time });
    reporter.plan([{ id: 'a', title: 'Write mesos.conf' }]);
    reporter.stepStarted('a');
    time += 1500;
    reporter.stepFinished('a', 'done');
    await reporter.close();
    expect(text).toBe('[1/1] Write mesos.conf...\n[1/1] Write mesos.conf: done in 1s\n');
  });

  test('in a terminal it draws the ink view, ticks the elapsed time, follows the width, and leaves the last frame on close', async () => {
    const terminal = fakeTerminal(80);
    const clock = new ManualClock();
    const start = clock.now();
    const reporter = await createProgressReporter({ ...terminal, isTTY: true, columns: 80, clock, env: { TERM: 'xterm' } });
    reporter.plan([
      { id: 'configure', title: 'Configure Mesos' },
      { id: 'make', title: 'Build Mesos' },
    ]);
    reporter.stepStarted('configure');
    await clock.advance(2_000);
    reporter.stepFinished('configure', 'done');
    reporter.stepStarted('make');
    reporter.stepProgress('make', 0, 10);
    for (let unit = 1; unit <= 4; unit++) {
      await clock.advance(1_000);
      reporter.stepOutput('make', `  CC       src/unit${unit}.lo ${'x'.repeat(60)}`);
      reporter.stepProgress('make', unit, 10);
    }
    terminal.resize(40);
    await clock.advance(3_300); // no unit: only the tick (every 100 ms) redraws
    await reporter.close();

    expect(clock.now() - start).toBe(9_300);
    const text = stripAnsi(terminal.written());
    const lastFrame = text.slice(text.lastIndexOf('✓ Configure Mesos')).trimEnd().split('\n');
    expect(lastFrame[0]).toBe('✓ Configure Mesos  2s');
    expect(lastFrame[1]).toBe('⠸ Build Mesos  7s'); // 93 ticks: the spinner's 4th frame
    expect(lastFrame[2]).toBe('  [####......] 4/10 units, a few second…');
    expect(lastFrame.slice(3).map((line) => line.trimEnd())).toEqual([1, 2, 3, 4].map((unit) => `      CC       src/unit${unit}.lo ${'x'.repeat(11)}…`));

    const before = terminal.written().length;
    await clock.advance(1_000);
    expect(terminal.written().length).toBe(before); // closed: no more ticks
    await reporter.close(); // twice is harmless
  });
});

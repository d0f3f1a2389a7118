import { afterEach, describe, expect, test } from '@jest/globals';
import { cleanup, render } from 'ink-testing-library';
import {
  plannedState,
  withStepFinished,
  withStepOutput,
  withStepProgress,
  withStepStarted,
  type ProgressState,
} from '../../../../wizard/progress/progress-state.js';
import { ProgressStore } from '../../../../wizard/progress/progress-store.js';
import { LiveProgressView, ProgressView } from '../../../../wizard/progress/progress-view.js';

afterEach(() => cleanup());

// eslint-disable-next-line no-control-regex
const plain = (frame: string | undefined) => (frame ?? '').replace(/\u001B\[[0-9;]*m/g, '');

const PLAN = [
  { id: 'unpack', title: 'Unpack the Mesos source' },
  { id: 'configure', title: 'Configure Mesos' },
  { id: 'make', title: 'Build Mesos' },
  { id: 'install', title: 'Install Mesos' },
  { id: 'spark', title: 'Configure Spark' },
];

/** A run in the middle of make: 45 of 120 units done at 2 s a unit, 7 lines of output. */
function midMake(): { state: ProgressState; now: number } {
  let state = plannedState(PLAN);
  state = withStepStarted(state, 'unpack', 0);
  state = withStepFinished(state, 'unpack', 'done', undefined, 3_000);
  state = withStepStarted(state, 'configure', 3_000);
  state = withStepFinished(state, 'configure', 'skipped', 'configured already', 3_000);
  state = withStepStarted(state, 'make', 10_000);
  for (let unit = 1; unit <= 45; unit++) {
    state = withStepProgress(state, 'make', unit, 120, 10_000 + unit * 2_000);
    state = withStepOutput(state, 'make', `  CXX    src/unit${unit}.lo`);
  }
  return { state, now: 10_000 + 45 * 2_000 + 500 };
}

describe('ProgressView', () => {
  test('shows every step with its mark, the running step with its time, its bar, estimate and last 5 lines', () => {
    const { state, now } = midMake();
    const { lastFrame } = render(<ProgressView state={state} now={now} columns={100} frame={0} />);
    expect(plain(lastFrame()).split('\n')).toEqual([
      '✓ Unpack the Mesos source  3s',
      '– Configure Mesos  skipped (configured already)',
      '⠋ Build Mesos  1m 30s',
      '  [###########...................] 45/120 units, about 2m 30s left',
      '      CXX    src/unit41.lo',
      '      CXX    src/unit42.lo',
      '      CXX    src/unit43.lo',
      '      CXX    src/unit44.lo',
      '      CXX    src/unit45.lo',
      '· Install Mesos',
      '· Configure Spark',
    ]);
  });

  test('the spinner turns with the frame and the elapsed time follows the clock', () => {
    const { state, now } = midMake();
    const { lastFrame, rerender } = render(<ProgressView state={state} now={now} columns={100} frame={0} />);
    rerender(<ProgressView state={state} now={now + 1_000} columns={100} frame={3} />);
    expect(plain(lastFrame())).toContain('⠸ Build Mesos  1m 31s');
    expect(plain(lastFrame())).toContain('about 2m 30s left');
    // A unit that takes long holds the estimate at what the units after it take, instead of running it down to 0.
    rerender(<ProgressView state={state} now={now + 600_000} columns={100} frame={4} />);
    expect(plain(lastFrame())).toContain('⠼ Build Mesos  11m 30s');
    expect(plain(lastFrame())).toContain('45/120 units, about 2m 30s left');
  });

  test('a failed step keeps its mark, reason and last lines; a finished one drops its bar and output', () => {
    let { state } = midMake();
    state = withStepOutput(state, 'make', 'make: *** [Makefile:123: src/unit46.lo] Error 1');
    state = withStepFinished(state, 'make', 'failed', 'make exited with code 2', 100_500 + 65_000);
    const failed = plain(render(<ProgressView state={state} now={200_000} columns={100} frame={0} />).lastFrame());
    expect(failed).toContain('✗ Build Mesos  failed after 2m 35s: make exited with code 2');
    expect(failed).toContain('    make: *** [Makefile:123: src/unit46.lo] Error 1');
    expect(failed).not.toContain('units');

    const done = plain(
      render(<ProgressView state={withStepFinished(midMake().state, 'make', 'done', undefined, 250_000)} now={260_000} columns={100} frame={0} />).lastFrame(),
    );
    expect(done).toContain('✓ Build Mesos  4m 0s');
    expect(done).not.toContain('[#');
    expect(done).not.toContain('unit45.lo');
  });

  test('without an estimate yet the bar shows the units only', () => {
    let state = withStepStarted(plannedState(PLAN), 'make', 0);
    state = withStepProgress(state, 'make', 0, 120, 0);
    const frame = plain(render(<ProgressView state={state} now={1_000} columns={100} frame={0} />).lastFrame());
    expect(frame).toContain('  [..............................] 0/120 units\n');
  });

  test('long output lines and titles are cut to the width; the bar narrows to fit', () => {
    let state = withStepStarted(plannedState([{ id: 'make', title: `Build Mesos ${'with a very long title '.repeat(3)}` }]), 'make', 0);
    for (let unit = 1; unit <= 10; unit++) state = withStepProgress(state, 'make', unit, 20, unit * 1000);
    state = withStepOutput(state, 'make', `g++ -DPACKAGE_NAME=mesos ${'-I../include '.repeat(20)}-c master/master.cpp`);
    const lines = plain(render(<ProgressView state={state} now={10_000} columns={50} frame={0} />).lastFrame()).split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(50);
    expect(lines[0]).toMatch(/^⠋ Build Mesos with a very long title .*…$/);
    expect(lines[1]).toBe('  [#########.........] 10/20 units, about 10s left');
    expect(lines[2]).toMatch(/^ {4}g\+\+ -DPACKAGE_NAME=mesos -I\.\.\/include .*…$/);
  });
});

describe('LiveProgressView', () => {
  test('redraws when its store changes', async () => {
    const store = new ProgressStore({ state: plannedState(PLAN.slice(0, 2)), now: 0, columns: 80, frame: 0 });
    const { lastFrame } = render(<LiveProgressView store={store} />);
    expect(plain(lastFrame())).toBe('· Unpack the Mesos source\n· Configure Mesos');
    store.update((snapshot) => ({ ...snapshot, state: withStepStarted(snapshot.state, 'unpack', 0), now: 4_000, frame: 1 }));
    await new Promise((resolve) => setImmediate(resolve)); // React applies a store's change in a microtask
    expect(plain(lastFrame())).toBe('⠙ Unpack the Mesos source  4s\n· Configure Mesos');
  });
});

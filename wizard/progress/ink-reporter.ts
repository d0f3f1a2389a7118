import type { ProgressReporter } from './progress-reporter.js';
import {
  plannedState,
  withStepFinished,
  withStepOutput,
  withStepProgress,
  withStepStarted,
  type ProgressState,
} from './progress-state.js';
import { ProgressStore } from './progress-store.js';

/** Timers for the redraw tick; the real ones by default (same shape as the daemon's `Clock`). */
export interface TickClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of the ink reporter. */
export interface InkReporterOptions {
  /** The terminal ink draws on. */
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WriteStream;
  /** The width to draw in; follows the terminal's `resize` events afterwards. Default: stdout's, else 80. */
  readonly columns?: number | undefined;
  readonly clock?: TickClock;
  /** The time in ms; default clock.now. */
  readonly now?: () => number;
  /** Redraw interval for the spinner and the elapsed time, in ms. Default 100. */
  readonly tickMs?: number;
}

const realClock: TickClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * The reporter that draws with ink. ink and react are imported here, when it is made, not before: they take
 * ~215 ms to load and the wizard's first prompt must not wait for them. The caller must have finished prompting:
 * ink gets the terminal to itself until `close()`.
 */
export async function createInkReporter(options: InkReporterOptions): Promise<ProgressReporter> {
  // One after the other: the view imports ink and react too (and jest's ESM loader fails on concurrent imports of one module).
  const { render } = await import('ink');
  const { createElement } = await import('react');
  const { LiveProgressView } = await import('./progress-view.js');
  const clock = options.clock ?? realClock;
  const now = options.now ?? (() => clock.now());
  const tickMs = options.tickMs ?? 100;
  const widthOf = () => options.stdout.columns || 80;
  const store = new ProgressStore({ state: { steps: [] }, now: now(), columns: options.columns ?? widthOf(), frame: 0 });
  const change = (next: (state: ProgressState, at: number) => ProgressState) =>
    store.update((snapshot) => {
      const at = now();
      return { ...snapshot, state: next(snapshot.state, at), now: at };
    });

  const instance = render(createElement(LiveProgressView, { store }), {
    stdout: options.stdout,
    stdin: options.stdin,
    stderr: options.stderr,
    exitOnCtrlC: false, // Ctrl-C is the wizard's (exit 130), not ink's
    patchConsole: false,
  });
  const exited = instance.waitUntilExit();

  let timer: unknown;
  let closed = false;
  const tick = () => {
    store.update((snapshot) => ({ ...snapshot, now: now(), frame: snapshot.frame + 1 }));
    timer = clock.setTimeout(tick, tickMs);
    // A tick alone must not keep the process alive if the runner never closes the reporter.
    (timer as { unref?: () => void } | undefined)?.unref?.();
  };
  timer = clock.setTimeout(tick, tickMs);
  (timer as { unref?: () => void } | undefined)?.unref?.();
  const onResize = () => store.update((snapshot) => ({ ...snapshot, columns: widthOf() }));
  options.stdout.on('resize', onResize);

  return {
    plan: (steps) => change(() => plannedState(steps)),
    stepStarted: (id) => change((state, at) => withStepStarted(state, id, at)),
    stepOutput: (id, line) => change((state) => withStepOutput(state, id, line)),
    stepProgress: (id, done, total) => change((state, at) => withStepProgress(state, id, done, total, at)),
    stepFinished: (id, outcome, detail) => change((state, at) => withStepFinished(state, id, outcome, detail, at)),
    async close() {
      if (closed) {
        await exited;
        return;
      }
      closed = true;
      clock.clearTimeout(timer);
      options.stdout.off('resize', onResize);
      store.update((snapshot) => ({ ...snapshot, now: now() }));
      instance.unmount();
      await exited;
    },
  };
}

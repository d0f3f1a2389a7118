import { remainingMs } from './eta-estimate.js';
import { formatDuration, formatRemaining } from './format-progress.js';
import type { ProgressReporter, StepOutcome } from './progress-reporter.js';
import {
  findStep,
  plannedState,
  withStepFinished,
  withStepOutput,
  withStepProgress,
  withStepStarted,
  type ProgressState,
} from './progress-state.js';

/** Where plain lines go: a pipe, the journal, a CI log. */
export interface LineSink {
  write(text: string): unknown;
}

/** Options of the plain-lines reporter. */
export interface PlainReporterOptions {
  readonly stream: LineSink;
  /** The time in ms; default Date.now. */
  readonly now?: () => number;
}

/**
 * Progress as plain lines, for output that is not a terminal (systemd, CI, pipes): a line when a step starts and one
 * when it ends with its elapsed time, a line every tenth of a measured step with the time left, and after a failure
 * the step's last lines of output. Nothing is redrawn, no escape sequences; ink is never loaded.
 */
export function createPlainReporter(options: PlainReporterOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  let state: ProgressState = { steps: [] };
  const printedTenths = new Map<string, number>();
  const print = (line: string) => options.stream.write(`${line}\n`);
  const label = (id: string) => {
    const found = findStep(state, id);
    return found === undefined ? id : `[${found.index + 1}/${state.steps.length}] ${found.step.title}`;
  };

  return {
    plan(steps) {
      state = plannedState(steps);
      printedTenths.clear();
    },
    stepStarted(id) {
      state = withStepStarted(state, id, now());
      printedTenths.delete(id);
      print(`${label(id)}...`);
    },
    stepOutput(id, line) {
      state = withStepOutput(state, id, line);
    },
    stepProgress(id, done, total) {
      const at = now();
      state = withStepProgress(state, id, done, total, at);
      const step = findStep(state, id)?.step;
      if (step?.progress === undefined || step.progress.total === 0) return;
      const tenths = Math.floor((step.progress.done * 10) / step.progress.total);
      if (tenths < 1 || tenths > 9 || tenths <= (printedTenths.get(id) ?? 0)) return;
      printedTenths.set(id, tenths);
      const left = step.eta === undefined ? undefined : remainingMs(step.eta, at);
      const estimate = left === undefined ? '' : `, ${formatRemaining(left)}`;
      print(`${label(id)}: ${tenths * 10}% (${step.progress.done}/${step.progress.total} units)${estimate}`);
    },
    stepFinished(id, outcome: StepOutcome, detail?: string) {
      const at = now();
      state = withStepFinished(state, id, outcome, detail, at);
      const step = findStep(state, id)?.step;
      const elapsed = step?.startedAt === undefined ? undefined : formatDuration(at - step.startedAt);
      if (outcome === 'done') {
        print(`${label(id)}: done${elapsed === undefined ? '' : ` in ${elapsed}`}${detail === undefined ? '' : ` (${detail})`}`);
      } else if (outcome === 'skipped') {
        print(`${label(id)}: skipped${detail === undefined ? '' : ` (${detail})`}`);
      } else {
        print(`${label(id)}: failed${elapsed === undefined ? '' : ` after ${elapsed}`}${detail === undefined ? '' : `: ${detail}`}`);
        const tail = step?.tail ?? [];
        if (tail.length > 0) {
          print(`  last ${tail.length === 1 ? 'line' : `${tail.length} lines`} of output:`);
          for (const line of tail) print(`  | ${line}`);
        }
      }
    },
    close() {
      return Promise.resolve();
    },
  };
}

import { MakeUnitCounter, type MakeProgress } from './make-unit-counter.js';
import type { ProgressReporter } from './progress-reporter.js';

/**
 * Connects a running make to a reporter: reports `0/total` at once, then takes every line of make's output (stdout
 * and stderr, in the order they came) and reports progress whenever a unit finishes. Output lines themselves still go
 * to `reporter.stepOutput` through the runner's usual path; this only counts.
 *
 * @param total the units `countMakeUnits` found in `make -n` output. With 0 (the dry run failed or found nothing)
 *   no progress is reported at all: a bar that is always full would say nothing true.
 * @returns the function to call with each output line, and the progress so far.
 */
export function trackMakeProgress(
  reporter: Pick<ProgressReporter, 'stepProgress'>,
  stepId: string,
  total: number,
): { readonly line: (line: string) => void; readonly progress: () => MakeProgress } {
  const counter = new MakeUnitCounter(total);
  let last = counter.progress;
  const known = last.total > 0;
  if (known) reporter.stepProgress(stepId, last.done, last.total);
  return {
    line(line) {
      const next = counter.feed(line);
      if (known && (next.done !== last.done || next.total !== last.total)) reporter.stepProgress(stepId, next.done, next.total);
      last = next;
    },
    progress: () => counter.progress,
  };
}

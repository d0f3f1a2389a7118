import type { ProgressReporter, StepOutcome } from '../../wizard/progress/progress-reporter.js';

/** A ProgressReporter that keeps what it was told, as `event id detail` lines. */
export function recordingReporter(): ProgressReporter & { events: string[]; progress: [number, number][] } {
  const events: string[] = [];
  const progress: [number, number][] = [];
  return {
    events,
    progress,
    plan: (steps) => events.push(`plan ${steps.map((s) => s.id).join(',')}`),
    stepStarted: (id) => events.push(`start ${id}`),
    stepOutput: () => undefined,
    stepProgress: (_id, done, total) => progress.push([done, total]),
    stepFinished: (id, outcome: StepOutcome, detail?: string) => events.push(`${outcome} ${id}${detail === undefined ? '' : ` ${detail}`}`),
    close: async () => undefined,
  };
}

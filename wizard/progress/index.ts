/**
 * Progress of the wizard's steps: the reporter (ink view or plain lines) and make's unit counting. Nothing here loads
 * ink; `createProgressReporter` imports it when it chooses the ink view.
 */
export type { ProgressReporter, StepOutcome } from './progress-reporter.js';
export {
  chooseReporterKind,
  createProgressReporter,
  type ProgressReporterOptions,
  type ReporterKind,
} from './create-progress-reporter.js';
export { createPlainReporter, type PlainReporterOptions, type LineSink } from './plain-reporter.js';
export type { TickClock } from './ink-reporter.js';
export { countMakeUnits, MakeUnitCounter, type MakeProgress } from './make-unit-counter.js';
export { unitsOfLine } from './make-command-line.js';
export { trackMakeProgress } from './track-make-progress.js';
export { recordEta, remainingMs, startEta, type EtaOptions, type EtaState } from './eta-estimate.js';
export { formatDuration, formatRemaining } from './format-progress.js';

import { recordEta, startEta, type EtaState } from './eta-estimate.js';
import { printableLine } from './format-progress.js';
import type { StepOutcome } from './progress-reporter.js';

/** Where a step is. */
export type StepStatus = 'pending' | 'running' | StepOutcome;

/** One step as the reporters show it. */
export interface StepState {
  readonly id: string;
  readonly title: string;
  readonly status: StepStatus;
  readonly startedAt: number | undefined;
  readonly finishedAt: number | undefined;
  /** The outcome's explanation (why skipped, why failed). */
  readonly detail: string | undefined;
  /** Units done of the total, for a step that reports them. */
  readonly progress: { readonly done: number; readonly total: number } | undefined;
  readonly eta: EtaState | undefined;
  /** The last lines of the step's output, printable, oldest first. */
  readonly tail: readonly string[];
}

/** Every step of the run, in order. */
export interface ProgressState {
  readonly steps: readonly StepState[];
}

/** Lines of output a step keeps (the ink view shows fewer; a failure report shows them all). */
export const KEPT_OUTPUT_LINES = 20;

function newStep(id: string, title: string): StepState {
  return {
    id,
    title,
    status: 'pending',
    startedAt: undefined,
    finishedAt: undefined,
    detail: undefined,
    progress: undefined,
    eta: undefined,
    tail: [],
  };
}

/** The state of a run about to start: every step pending. */
export function plannedState(steps: readonly { readonly id: string; readonly title: string }[]): ProgressState {
  return { steps: steps.map((step) => newStep(step.id, step.title)) };
}

/** The step `id` changed by `change`; a step the plan did not name is added at the end, titled by its id. */
function updateStep(state: ProgressState, id: string, change: (step: StepState) => StepState): ProgressState {
  const index = state.steps.findIndex((step) => step.id === id);
  if (index === -1) return { steps: [...state.steps, change(newStep(id, id))] };
  return { steps: state.steps.map((step, i) => (i === index ? change(step) : step)) };
}

/** The index and step `id` of the state, if planned. */
export function findStep(state: ProgressState, id: string): { index: number; step: StepState } | undefined {
  const index = state.steps.findIndex((step) => step.id === id);
  const step = state.steps[index];
  return step === undefined ? undefined : { index, step };
}

/** The step running from `now`, with nothing kept from an earlier run of it. */
export function withStepStarted(state: ProgressState, id: string, now: number): ProgressState {
  return updateStep(state, id, (step) => ({ ...newStep(step.id, step.title), status: 'running', startedAt: now }));
}

/** One more line of the step's output kept (made printable), the oldest dropped past `keep`. */
export function withStepOutput(state: ProgressState, id: string, line: string, keep = KEPT_OUTPUT_LINES): ProgressState {
  const text = printableLine(line);
  return updateStep(state, id, (step) => ({ ...step, tail: [...step.tail, text].slice(-keep) }));
}

/** The step's units done of the total at `now` (clamped to 0 <= done <= total), and its time-left estimate updated. */
export function withStepProgress(state: ProgressState, id: string, done: number, total: number, now: number): ProgressState {
  const safeTotal = Math.max(0, Math.floor(total));
  const safeDone = Math.min(safeTotal, Math.max(0, Math.floor(done)));
  return updateStep(state, id, (step) => ({
    ...step,
    progress: { done: safeDone, total: safeTotal },
    eta: recordEta(step.eta ?? startEta(step.startedAt ?? now), now, safeDone, safeTotal),
  }));
}

/** The step ended at `now` with `outcome`; `detail` says why it was skipped or failed. */
export function withStepFinished(state: ProgressState, id: string, outcome: StepOutcome, detail: string | undefined, now: number): ProgressState {
  return updateStep(state, id, (step) => ({ ...step, status: outcome, finishedAt: now, detail }));
}

/**
 * The time left of a step that reports units done, from when they finished. Pure: every function takes the time
 * (ms) as an argument and returns a new state. The rate is measured over a sliding window of the last units (a
 * parallel make finishes them in bursts), and the estimate is smoothed exponentially against the previous one aged
 * by the time since, so it counts down steadily instead of jumping with each unit.
 */

/** Tuning of the estimate; the defaults suit a make of tens to thousands of units. */
export interface EtaOptions {
  /** Units the rate is measured over. Default 20. */
  readonly windowUnits?: number;
  /** No estimate until this many units are done. Default 3. */
  readonly minUnits?: number;
  /** Weight of a new measurement against the aged previous estimate, in (0, 1]. Default 0.3. */
  readonly smoothing?: number;
}

interface Sample {
  readonly at: number;
  readonly done: number;
}

/** What the estimate remembers; treat as opaque. */
export interface EtaState {
  /** The last units' finishing times, oldest first, starting with the step's start (0 done). */
  readonly samples: readonly Sample[];
  readonly done: number;
  readonly total: number;
  /** Units per ms over the window, when measured. */
  readonly rate: number | undefined;
  /** The remaining time as estimated at the last sample. */
  readonly estimateMs: number | undefined;
}

const DEFAULTS = { windowUnits: 20, minUnits: 3, smoothing: 0.3 };

/** The state at the step's start: nothing done yet. */
export function startEta(now: number): EtaState {
  return { samples: [{ at: now, done: 0 }], done: 0, total: 0, rate: undefined, estimateMs: undefined };
}

/** The remaining time at `now`, in ms; undefined until enough units are done to say. */
export function remainingMs(state: EtaState, now: number): number | undefined {
  const last = state.samples.at(-1);
  if (state.estimateMs === undefined || state.rate === undefined || last === undefined) return undefined;
  const left = state.total - state.done;
  if (left <= 0) return 0;
  // Aged by the time since the last unit; while a slow unit is still running it stops at the time the units after
  // it will take at the measured rate, rather than at 0.
  const floor = Math.min(state.estimateMs, (left - 1) / state.rate);
  return Math.max(state.estimateMs - Math.max(0, now - last.at), floor);
}

/** Records that `done` of `total` units are finished at `now`. */
export function recordEta(state: EtaState, now: number, done: number, total: number, options: EtaOptions = {}): EtaState {
  const { windowUnits, minUnits, smoothing } = { ...DEFAULTS, ...options };
  if (done <= state.done) return total === state.total ? state : { ...state, total: Math.max(total, state.done) };
  const all = [...state.samples, { at: now, done }];
  const samples = all.filter((sample, i) => i >= all.length - 2 || sample.done >= done - windowUnits);
  const first = samples[0] ?? { at: now, done };
  const span = now - first.at;
  const rate = span > 0 ? (done - first.done) / span : state.rate;
  const next: EtaState = { samples, done, total: Math.max(total, done), rate, estimateMs: state.estimateMs };
  if (rate === undefined || done < minUnits) return { ...next, estimateMs: undefined };
  const measured = (next.total - done) / rate;
  const aged = remainingMs({ ...state, total: next.total }, now);
  return { ...next, estimateMs: aged === undefined ? measured : smoothing * measured + (1 - smoothing) * aged };
}

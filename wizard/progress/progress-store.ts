import type { ProgressState } from './progress-state.js';

/** Everything the ink view draws from: the steps, the time, the width, the spinner's frame. */
export interface ProgressSnapshot {
  readonly state: ProgressState;
  /** The time the frame is drawn for, in ms (elapsed times and estimates are relative to it). */
  readonly now: number;
  /** The terminal's width in columns. */
  readonly columns: number;
  /** Advances with each tick; picks the spinner's frame. */
  readonly frame: number;
}

/**
 * Holds the snapshot the ink view draws and tells its subscribers when it changes (the shape
 * `useSyncExternalStore` takes). One per reporter: no global state.
 */
export class ProgressStore {
  #snapshot: ProgressSnapshot;
  readonly #listeners = new Set<() => void>();

  constructor(initial: ProgressSnapshot) {
    this.#snapshot = initial;
  }

  /** The current snapshot; the same object until the next change. */
  readonly getSnapshot = (): ProgressSnapshot => this.#snapshot;

  /** Calls `listener` after every change; returns the function that stops it. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Replaces the snapshot with `change(snapshot)` and tells the subscribers. */
  update(change: (snapshot: ProgressSnapshot) => ProgressSnapshot): void {
    this.#snapshot = change(this.#snapshot);
    for (const listener of this.#listeners) listener();
  }
}

/** How a step ended. */
export type StepOutcome = 'done' | 'skipped' | 'failed';

/**
 * What the step runner tells the person watching: the ink view in a terminal, plain lines elsewhere. Every method
 * returns at once; the reporter draws in its own time.
 */
export interface ProgressReporter {
  /** The whole list of steps up front, in order. */
  plan(steps: readonly { readonly id: string; readonly title: string }[]): void;
  stepStarted(id: string): void;
  /** One line of a command's output (already written to the log file by the runner). */
  stepOutput(id: string, line: string): void;
  /** Measured progress of a long step (for make: compile units finished of the total). */
  stepProgress(id: string, done: number, total: number): void;
  stepFinished(id: string, outcome: StepOutcome, detail?: string): void;
  /** Stops drawing; resolves when the last frame is out. */
  close(): Promise<void>;
}

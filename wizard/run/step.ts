import type { SetupLog } from './setup-log.js';
import type { CommandOptions, CommandResult } from './run-command.js';
import type { ProgressReporter } from '../progress/progress-reporter.js';

/** What a step may use while it runs. */
export interface StepContext {
  readonly signal: AbortSignal;
  readonly log: SetupLog;
  readonly reporter: ProgressReporter;
  /**
   * Runs a program; its output goes to the log and the progress view. A non-zero exit fails the step with the last
   * lines of output, the log's path and `hint`.
   */
  run(file: string, args: readonly string[], options?: CommandOptions & { readonly hint?: string }): Promise<CommandResult>;
  /** A line for the log and the view that is not a command's output. */
  say(line: string): void;
}

/** One step of the setup, as the plan shows it and the runner runs it. */
export interface Step {
  readonly id: string;
  readonly title: string;
  /** Exactly what it will do: commands with their arguments, files with their paths, units and D-Bus calls. */
  readonly actions: readonly string[];
  /**
   * The data the result depends on. A step recorded in the journal as done with the same inputs (and the same
   * inputs for every step before it) is skipped on a re-run, unless `stillDone` says its result is gone.
   */
  readonly inputs: unknown;
  /** Cheap and idempotent steps run every time rather than trusting the journal (files written only when changed). */
  readonly always?: boolean;
  stillDone?(): Promise<boolean>;
  /** Returns a short detail for the view (e.g. "unchanged"). */
  run(context: StepContext): Promise<string | undefined>;
}

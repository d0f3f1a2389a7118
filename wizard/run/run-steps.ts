import { ToolError, isToolError } from '../../src/errors.js';
import { shellCommandLine } from '../../src/formats/shell-word.js';
import type { ProgressReporter } from '../progress/progress-reporter.js';
import { Journal, stepKey } from './journal.js';
import { runCommand } from './run-command.js';
import type { SetupLog } from './setup-log.js';
import type { Step, StepContext } from './step.js';

export interface RunStepsOptions {
  readonly journalPath: string;
  readonly reporter: ProgressReporter;
  readonly log: SetupLog;
  readonly signal: AbortSignal;
}

export interface RunStepsResult {
  readonly ran: readonly string[];
  readonly skipped: readonly string[];
}

function context(step: Step, options: RunStepsOptions): StepContext {
  const { log, reporter, signal } = options;
  const say = (line: string) => {
    log.line(step.id, line);
    reporter.stepOutput(step.id, line);
  };
  return {
    signal, log, reporter, say,
    run: async (file, args, commandOptions = {}) => {
      log.line(step.id, `$ ${shellCommandLine([file, ...args])}`);
      const result = await runCommand(file, args, {
        ...commandOptions,
        signal,
        onLine: (line) => {
          say(line);
          commandOptions.onLine?.(line);
        },
      });
      if (result.exitCode !== 0) {
        const how = result.signal === undefined ? `exit code ${result.exitCode}` : `killed by ${result.signal}`;
        throw new ToolError('STEP_FAILED',
          `${step.title}: \`${shellCommandLine([file, ...args])}\` failed (${how}). Last lines of its output:\n` +
          result.tail.map((l) => `    ${l}`).join('\n') + `\nThe whole output is in ${log.path}`,
          { hint: commandOptions.hint ?? 'fix the cause above, then run the same command again: finished steps are not repeated' });
      }
      return result;
    },
  };
}

/**
 * Runs the steps in order. A step the journal records as done with the same inputs (chained over the steps before
 * it) is skipped; every finished step is recorded at once, so a failed or interrupted run resumes at the step that
 * did not finish.
 */
export async function runSteps(steps: readonly Step[], options: RunStepsOptions): Promise<RunStepsResult> {
  const { reporter, log, signal } = options;
  const journal = await Journal.open(options.journalPath);
  const ran: string[] = [];
  const skipped: string[] = [];
  reporter.plan(steps.map(({ id, title }) => ({ id, title })));
  let key = '';
  for (const step of steps) {
    key = stepKey(key, step.id, step.inputs);
    if (signal.aborted) throw new ToolError('INTERRUPTED', 'interrupted', { hint: 'run the same command again to resume' });
    if (step.always !== true && journal.isDone(step.id, key) && (await step.stillDone?.() ?? true)) {
      reporter.stepFinished(step.id, 'skipped', 'already done');
      log.line(step.id, 'skipped: already done with the same inputs');
      skipped.push(step.id);
      continue;
    }
    reporter.stepStarted(step.id);
    log.line(step.id, `started: ${step.title}`);
    try {
      const detail = await step.run(context(step, options));
      await journal.markDone(step.id, key);
      reporter.stepFinished(step.id, 'done', detail);
      log.line(step.id, `done${detail === undefined ? '' : `: ${detail}`}`);
      ran.push(step.id);
    } catch (error) {
      await journal.forget(step.id);
      const interrupted = signal.aborted || (isToolError(error) && error.code === 'INTERRUPTED');
      reporter.stepFinished(step.id, 'failed', interrupted ? 'interrupted' : undefined);
      log.line(step.id, `failed: ${error instanceof Error ? error.message : String(error)}`);
      if (interrupted) throw new ToolError('INTERRUPTED', `interrupted during "${step.title}"`, { hint: 'run the same command again to resume' });
      throw error;
    }
  }
  return { ran, skipped };
}

import { execa } from 'execa';
import { ToolError } from '../../src/errors.js';

export interface CommandOptions {
  readonly cwd?: string;
  /** Variables added to the environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Every output line, stdout and stderr, as it comes. */
  readonly onLine?: (line: string) => void;
}

export interface CommandResult {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  /** The last lines of output, for error messages. */
  readonly tail: readonly string[];
}

const TAIL_LINES = 20;

/** Runs a program (argv array, no shell) to its end; the exit code is data. Ctrl-C (the signal) stops it cleanly. */
export async function runCommand(file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const tail: string[] = [];
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    options.onLine?.(line);
  };
  const subprocess = execa(file, args, {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
    forceKillAfterDelay: 5000,
    stdin: 'ignore',
    all: true,
    buffer: false,
    reject: false,
    cleanup: true,
    lines: false,
  });
  let pending = '';
  subprocess.all?.on('data', (chunk: Buffer) => {
    const parts = (pending + chunk.toString('utf8')).split(/\r?\n/);
    pending = parts.pop() ?? '';
    for (const part of parts) onLine(part);
  });
  const result = await subprocess;
  if (pending !== '') onLine(pending);
  if (options.signal?.aborted === true) {
    throw new ToolError('INTERRUPTED', `interrupted while running ${file}`, { hint: 'run the same command again to resume' });
  }
  if (result.failed && result.exitCode === undefined && result.signal === undefined) {
    const cause = result.cause instanceof Error ? result.cause.message : result.shortMessage;
    throw new ToolError('COMMAND_NOT_FOUND', `could not run ${file}: ${cause}`, {
      cause: result.cause, hint: `install ${file} (it must be on PATH), then run again`,
    });
  }
  return { exitCode: result.exitCode, signal: result.signal, tail };
}

import { isToolError, ToolError } from '../errors.js';

/** Where a command line program writes; injected so tests can read it. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

export type CliMain = (argv: readonly string[], io: CliIo) => Promise<number>;

/**
 * Error codes that mean "the command line or the answers were wrong" (exit 2) rather than "the work failed" (exit 1):
 * answers are checked before anything is changed, so nothing was tried.
 */
const USAGE_CODES = new Set(['USAGE', 'UNKNOWN_COMMAND', 'UNKNOWN_OPTION', 'MISSING_ANSWERS', 'INVALID_ANSWERS', 'BAD_ANSWERS_FILE', 'BAD_OPTION']);

export function exitCodeFor(error: unknown): number {
  if (isToolError(error)) {
    if (error.code === 'INTERRUPTED') return 130;
    return USAGE_CODES.has(error.code) ? 2 : 1;
  }
  return 1;
}

/** Message and hint for people; a stack only for errors that are bugs. */
export function formatError(program: string, error: unknown): string {
  if (isToolError(error)) {
    const hint = error.hint === undefined ? '' : `\nhint: ${error.hint}`;
    return `${program}: ${error.message}${hint}\n`;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `${program}: internal error (please report it): ${detail}\n`;
}

/** Runs a CLI main, prints what it throws and returns the exit code. Only this function prints errors. */
export async function runCli(program: string, argv: readonly string[], main: CliMain, io: CliIo): Promise<number> {
  try {
    return await main(argv, io);
  } catch (error) {
    io.stderr.write(formatError(program, error));
    return exitCodeFor(error);
  }
}

export function usageError(message: string, hint: string): ToolError {
  return new ToolError('USAGE', message, { hint });
}

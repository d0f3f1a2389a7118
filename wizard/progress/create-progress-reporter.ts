import { createInkReporter, type TickClock } from './ink-reporter.js';
import { createPlainReporter } from './plain-reporter.js';
import type { ProgressReporter } from './progress-reporter.js';

/** Where and how to report progress. */
export interface ProgressReporterOptions {
  /** Where progress goes (the wizard's stdout). */
  readonly stream: NodeJS.WriteStream;
  /** Whether `stream` is a terminal (usually `stream.isTTY`). */
  readonly isTTY: boolean;
  /** The terminal's width, when known. */
  readonly columns?: number | undefined;
  /** Timers for the ink view's redraws; the real ones by default. */
  readonly clock?: TickClock;
  /** The time in ms; default `clock.now`, else Date.now. */
  readonly now?: () => number;
  /** The terminal's input, handed to ink (which reads nothing from it here); raw mode must be possible on it. Default process.stdin. */
  readonly stdin?: NodeJS.ReadStream;
  /** Default process.stderr. */
  readonly stderr?: NodeJS.WriteStream;
  /** For CI and TERM; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Which reporter suits the output. */
export type ReporterKind = 'ink' | 'plain';

/**
 * `ink` for a terminal whose input can go to raw mode, outside CI (ink draws only the last frame there) and not on a
 * dumb terminal; `plain` lines otherwise: systemd, CI, pipes.
 */
export function chooseReporterKind(options: Pick<ProgressReporterOptions, 'isTTY' | 'stdin' | 'env'>): ReporterKind {
  const stdin = options.stdin ?? process.stdin;
  const env = options.env ?? process.env;
  const rawModePossible = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
  const ci = env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false' && env['CI'] !== '0';
  return options.isTTY && rawModePossible && !ci && env['TERM'] !== 'dumb' ? 'ink' : 'plain';
}

/**
 * The reporter for this output: the ink view in a terminal, plain lines elsewhere (see `chooseReporterKind`). ink is
 * imported only when the ink view is chosen; call this after the last prompt.
 */
export async function createProgressReporter(options: ProgressReporterOptions): Promise<ProgressReporter> {
  const clock = options.clock;
  const now = options.now ?? (clock === undefined ? Date.now : () => clock.now());
  if (chooseReporterKind(options) === 'plain') return createPlainReporter({ stream: options.stream, now });
  return createInkReporter({
    stdout: options.stream,
    stdin: options.stdin ?? process.stdin,
    stderr: options.stderr ?? process.stderr,
    columns: options.columns,
    now,
    ...(clock === undefined ? {} : { clock }),
  });
}

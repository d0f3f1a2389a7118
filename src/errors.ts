/** One problem with one input: which input, what it was, what was expected. */
export interface Problem {
  /** The input's name as the user knows it, e.g. `prefix`, `slaves[2]`, `mesos.conf line 4`. */
  readonly field: string;
  /** The offending value, as given. */
  readonly value: unknown;
  /** What would have been accepted, e.g. `an absolute path`. */
  readonly expected: string;
}

export interface ToolErrorOptions {
  /** What to do about it, in one sentence. */
  readonly hint?: string;
  readonly cause?: unknown;
  /** Every input problem found, when the error is about input. */
  readonly problems?: readonly Problem[];
}

/**
 * The one error type of the project. `code` is stable (for logs and scripts), `message` is for people,
 * `hint` says what to do. Only a program's top level prints it.
 */
export class ToolError extends Error {
  override readonly name = 'ToolError';
  readonly code: string;
  readonly hint: string | undefined;
  readonly problems: readonly Problem[];

  constructor(code: string, message: string, options: ToolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.problems = options.problems ?? [];
  }
}

export function isToolError(error: unknown): error is ToolError {
  return error instanceof ToolError;
}

const MAX_SHOWN_VALUE = 80;

/** A value as it can be shown on one line: strings quoted with control characters escaped, long values cut. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const cut = text.length > MAX_SHOWN_VALUE;
  const head = cut ? text.slice(0, MAX_SHOWN_VALUE) : text;
  const shown = typeof value === 'string' ? JSON.stringify(head) : head;
  if (!cut) return shown;
  return typeof value === 'string' ? `${shown.slice(0, -1)}…" (${text.length} characters)` : `${shown}… (${text.length} characters)`;
}

export function formatProblem(problem: Problem): string {
  return `${problem.field}: ${showValue(problem.value)} is not valid; expected ${problem.expected}`;
}

/** Throws one ToolError listing every problem, or returns when there are none. */
export function assertNoProblems(problems: readonly Problem[], code: string, what: string, hint?: string): void {
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  - ${formatProblem(p)}`).join('\n');
  const noun = problems.length === 1 ? 'problem' : 'problems';
  throw new ToolError(code, `${what}: ${problems.length} ${noun}\n${lines}`, {
    problems,
    ...(hint === undefined ? {} : { hint }),
  });
}

import { formatProblem, isToolError, type Problem } from '../../src/errors.js';
import type { HandEditRefusalReason } from './hand-edit-types.js';

/** A refusal about the whole file or one of its lines. */
export function refuse(reason: string, line?: number): HandEditRefusalReason {
  return { kind: 'refused', reason, ...(line === undefined ? {} : { line }) };
}

/** The line number a parser's field names (`slaves line 3` → 3), if any. */
export function lineOfField(field: string): number | undefined {
  const match = / line (\d+)$/.exec(field);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** A problem as one line, its field replaced by `<name> line N` (or `<name>`) when it is known where it is. */
export function refuseProblem(problem: Problem, name: string | undefined, line: number | undefined, more = 0): HandEditRefusalReason {
  const field = name === undefined ? problem.field : line === undefined ? name : `${name} line ${line}`;
  const suffix = more > 0 ? ` (and ${more} more ${more === 1 ? 'problem' : 'problems'})` : '';
  return refuse(`${formatProblem({ ...problem, field })}${suffix}`, line);
}

/**
 * A parser's error as a refusal: its first problem (the field already names the file and line), and how many more
 * there were. Anything that is not a ToolError with problems is refused with its message under the file's name.
 */
export function refuseParseError(error: unknown, name: string): HandEditRefusalReason {
  if (isToolError(error)) {
    const [first, ...rest] = error.problems;
    if (first !== undefined) return refuseProblem(first, undefined, lineOfField(first.field), rest.length);
  }
  const message = error instanceof Error ? error.message : String(error);
  return refuse(`${name}: ${message.split('\n')[0] ?? message}`);
}

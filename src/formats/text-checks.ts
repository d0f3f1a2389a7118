import { formatProblem, ToolError, type Problem } from '../errors.js';

/** The largest file any of these formats reads: 1 MiB. Real ones are a few KiB. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** At most this many problems are kept and shown. */
export const MAX_PROBLEMS = 100;

/** A 1-based line number and the text of that line, without its line terminator. */
export interface TextLine {
  readonly number: number;
  readonly text: string;
}

/**
 * Problems that make a whole text unreadable, found before any line is looked at: too big (checked by length
 * first, so a 10 MB string is refused without a scan), a NUL byte (binary data), or U+FFFD (the decoder's mark
 * for bytes that were not UTF-8: writing such a text back would change those bytes).
 */
export function wholeTextProblems(text: string, file: string): Problem[] {
  // UTF-8 needs at least one byte per UTF-16 code unit, so a long string is too big without counting bytes.
  if (text.length > MAX_FILE_BYTES || Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
    return [{ field: file, value: text, expected: `a file of at most 1 MiB (${MAX_FILE_BYTES} bytes)` }];
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    const line = lineAt(text, nul);
    return [{ field: `${file} line ${line.number}`, value: line.text, expected: 'a text file (found a NUL byte: this looks like binary data)' }];
  }
  const bad = text.indexOf('\uFFFD');
  if (bad !== -1) {
    const line = lineAt(text, bad);
    return [{ field: `${file} line ${line.number}`, value: line.text, expected: 'UTF-8 text (found U+FFFD, the mark of bytes that are not UTF-8)' }];
  }
  return [];
}

/** The line holding the character at `index`. */
function lineAt(text: string, index: number): TextLine {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const end = text.indexOf('\n', index);
  let number = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) number += 1;
  return { number, text: text.slice(start, end === -1 ? text.length : end) };
}

/**
 * Splits on LF. A CR right before the LF (or at the very end) is dropped: files saved by Windows editors are read
 * as if they had LF endings. A CR anywhere else stays in the line, for the caller to refuse.
 */
export function splitLines(text: string): TextLine[] {
  if (text.length === 0) return [];
  const parts = text.split('\n');
  // A final terminator does not start another line.
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((part, i) => ({ number: i + 1, text: part.endsWith('\r') ? part.slice(0, -1) : part }));
}

// C0 controls except tab, DEL, and C1 controls; includes a lone CR left in by splitLines.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

/** What to say about a control character in a line, or undefined when there is none. */
export function controlCharExpected(line: string): string | undefined {
  const match = CONTROL.exec(line);
  if (match === null) return undefined;
  const code = match[0].codePointAt(0) ?? 0;
  const name = code === 0x0d ? 'a carriage return not followed by a newline' : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `a line without control characters (found ${name})`;
}

/**
 * Characters a parser here refuses inside a value although values.ts's checks let them through: C1 controls (U+0085
 * is a line break to some tools) and U+FFFD (the sign of a lossy decode). Renderers check it so they never write what
 * the parsers would refuse.
 */
export const checkNoOddCharacters = (value: string): string | undefined =>
  /[\u0080-\u009f\uFFFD]/.test(value) ? 'a value without C1 control characters or U+FFFD' : undefined;

/** Collects problems, keeping the first MAX_PROBLEMS and counting the rest, so a garbage file gives a readable error. */
export class ProblemList {
  readonly items: Problem[] = [];
  private total = 0;

  add(...problems: Problem[]): void {
    for (const problem of problems) {
      this.total += 1;
      if (this.items.length < MAX_PROBLEMS) this.items.push(problem);
    }
  }

  /** Throws one ToolError listing the kept problems (and how many more there were), or returns. */
  throwIfAny(code: string, what: string, hint: string): void {
    if (this.total === 0) return;
    const more = this.total - this.items.length;
    const lines = this.items.map((p) => `  - ${formatProblem(p)}`);
    if (more > 0) lines.push(`  - … and ${more} more`);
    const noun = this.total === 1 ? 'problem' : 'problems';
    throw new ToolError(code, `${what}: ${this.total} ${noun}\n${lines.join('\n')}`, { problems: this.items, hint });
  }
}

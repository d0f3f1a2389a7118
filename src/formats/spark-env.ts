/**
 * Spark's `conf/spark-env.sh` belongs to the user; we own only a marked block of `export NAME=VALUE` lines in it.
 * Every byte outside the block is kept as it is. Values are written plain when every character is in
 * `[A-Za-z0-9_./:,@%+=-]` (nothing bash expands there) and single-quoted otherwise, a `'` becoming `'\''`.
 */
import type { Problem } from '../errors.js';
import { problemIf, type ValueCheck } from '../validate/values.js';
import { quoteShellValue, unquoteShellValue } from './shell-word.js';
import { controlCharExpected, ProblemList, wholeTextProblems } from './text-checks.js';

/** The line that opens the managed block. */
export const SPARK_ENV_BEGIN =
  '# >>> spark-mesos-setup: managed block, edit with `mesosd config set` or here (kept in sync on every node) >>>';
/** The line that closes the managed block. */
export const SPARK_ENV_END = '# <<< spark-mesos-setup <<<';

// Markers are recognised by these beginnings, so a reworded begin line from another version is still found.
const BEGIN_MARK = '# >>> spark-mesos-setup';
const END_MARK = '# <<< spark-mesos-setup';

/** Variables of the managed block, by name. */
export type SparkEnvVars = Readonly<Record<string, string>>;

export interface SparkEnvParts {
  /** The text before the block (all of it when there is no block), byte for byte. */
  readonly before: string;
  /** The block's variables in file order, or undefined when the file has no block. */
  readonly block: Record<string, string> | undefined;
  /** The text after the block's end line, byte for byte. */
  readonly after: string;
}

export interface SparkEnvOptions {
  /** The file's name as the user knows it, used in every problem's field. Default `spark-env.sh`. */
  readonly file?: string;
}

/** An assignment to one of our variables in the user's part of the file. */
export interface UserAssignment {
  readonly name: string;
  /** 1-based line number in the whole file. */
  readonly line: number;
  /** The line as written. */
  readonly text: string;
  /** `after` the block: the user's value wins over ours. `before` (or no block yet): ours wins. */
  readonly position: 'before' | 'after';
}

const CODE = 'BAD_SPARK_ENV';
const HINT = `Keep the managed block to \`export NAME=VALUE\` lines between "${BEGIN_MARK} …" and "${SPARK_ENV_END}", once in the file; quote values with single quotes.`;

const NAME = /^[A-Z_][A-Z0-9_]*$/;

/** A variable name of the managed block: upper-case letters, digits and underscores, not starting with a digit. */
export const checkEnvName: ValueCheck = (value) =>
  NAME.test(value) && value.length <= 128 ? undefined : 'a variable name (A-Z, 0-9 and _, not starting with a digit)';

/** A value of the managed block: one line of text without control characters, 4096 characters at most. */
export const checkEnvValue: ValueCheck = (value) => {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return 'a value without newlines, tabs, NUL or other control characters';
  if (value.includes('\uFFFD')) return 'a value without U+FFFD (the sign of text that was not UTF-8)';
  if (value.length > 4096) return 'a value of 4096 characters at most';
  return undefined;
};

interface Line {
  readonly number: number;
  /** Without its LF and a CR before it. */
  readonly text: string;
  readonly start: number;
  /** Where the next line starts (after the LF), or the text's length. */
  readonly next: number;
}

function* linesOf(text: string): Generator<Line> {
  let start = 0;
  for (let number = 1; start < text.length; number += 1) {
    const lf = text.indexOf('\n', start);
    const end = lf === -1 ? text.length : lf;
    const raw = text.slice(start, end);
    const next = lf === -1 ? text.length : lf + 1;
    yield { number, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, start, next };
    start = next;
  }
}

const trimBlanks = (s: string): string => s.replace(/^[ \t]+|[ \t]+$/g, '');

interface Scan {
  readonly vars: Record<string, string> | undefined;
  /** Offsets of the block: from its begin line's start to after its end line's terminator. */
  readonly span: { readonly start: number; readonly end: number } | undefined;
}

/** Finds and reads the block, or throws with every problem. */
function scan(text: string, file: string): Scan {
  const what = `${file} has a broken spark-mesos-setup block`;
  const problems = new ProblemList();
  problems.add(...wholeTextProblems(text, file));
  problems.throwIfAny(CODE, `${file} cannot be read`, 'Give the path of the text file spark-env.sh.');

  let open: Line | undefined;
  let closed: { begin: Line; end: Line } | undefined;
  // Inside a second block, already reported: its lines and end marker are not reported again.
  let skipping = false;
  const vars: Record<string, string> = {};
  const seenAt = new Map<string, number>();
  for (const line of linesOf(text)) {
    const field = `${file} line ${line.number}`;
    const mark = trimBlanks(line.text);
    if (skipping) {
      skipping = !mark.startsWith(END_MARK);
    } else if (mark.startsWith(BEGIN_MARK)) {
      if (open !== undefined) {
        problems.add({ field, value: line.text, expected: `one begin marker (the block opened on line ${open.number} has not ended yet)` });
      } else if (closed !== undefined) {
        problems.add({ field, value: line.text, expected: `one managed block in the file (there is one already on lines ${closed.begin.number}-${closed.end.number})` });
        skipping = true;
      } else {
        open = line;
      }
    } else if (mark.startsWith(END_MARK)) {
      if (open === undefined) {
        problems.add({ field, value: line.text, expected: `an end marker only after a begin marker ("${BEGIN_MARK} …")` });
      } else {
        closed = { begin: open, end: line };
        open = undefined;
      }
    } else if (open !== undefined) {
      problems.add(...blockLineProblems(line, field, vars, seenAt));
    }
  }
  if (open !== undefined) {
    problems.add({ field: `${file} line ${open.number}`, value: open.text, expected: `a begin marker followed by an end marker ("${SPARK_ENV_END}")` });
  }
  problems.throwIfAny(CODE, what, HINT);
  if (closed === undefined) return { vars: undefined, span: undefined };
  return { vars, span: { start: closed.begin.start, end: closed.end.next } };
}

/** Reads one line inside the block into `vars`, or returns what is wrong with it. */
function blockLineProblems(line: Line, field: string, vars: Record<string, string>, seenAt: Map<string, number>): Problem[] {
  const control = controlCharExpected(line.text);
  if (control !== undefined) return [{ field, value: line.text, expected: control }];
  const content = trimBlanks(line.text);
  // A blank line inside the block is harmless; it is dropped when the block is next written.
  if (content === '') return [];
  // The s flag: a value may hold U+2028 or U+2029, plain characters to bash but line ends to a JavaScript `.`.
  const match = /^export[ \t]+([^=\s]*)=(.*)$/s.exec(content);
  if (match === null) {
    return [{ field, value: line.text, expected: 'an `export NAME=VALUE` line (nothing else belongs in the managed block)' }];
  }
  const name = match[1] ?? '';
  const word = match[2] ?? '';
  const nameProblems = problemIf(field, name, checkEnvName);
  if (nameProblems.length > 0) return nameProblems;
  const value = unquoteShellValue(word);
  if (value === undefined) {
    return [{ field, value: word, expected: 'a value that is plain (letters, digits and _ . / : , @ % + = -) or in single quotes' }];
  }
  const valueProblems = problemIf(field, value, checkEnvValue);
  if (valueProblems.length > 0) return valueProblems;
  const first = seenAt.get(name);
  if (first !== undefined) {
    return [{ field, value: name, expected: `each variable once in the block (${name} is already set on line ${first})` }];
  }
  seenAt.set(name, line.number);
  vars[name] = value;
  return [];
}

/**
 * Splits spark-env.sh into the text before the managed block, the block's variables, and the text after it.
 * Throws `BAD_SPARK_ENV` listing every problem: two begin markers, a begin without an end or an end without a begin,
 * a line in the block that is not `export NAME=VALUE`, a value that would need more than single quotes, a variable
 * set twice; also a file over 1 MiB, binary or not UTF-8. CRLF lines in the block are read as LF.
 */
export function parseSparkEnvBlock(text: string, options: SparkEnvOptions = {}): SparkEnvParts {
  const { vars, span } = scan(text, options.file ?? 'spark-env.sh');
  if (span === undefined) return { before: text, block: undefined, after: '' };
  return { before: text.slice(0, span.start), block: vars, after: text.slice(span.end) };
}

/** Checks variables we are about to write, naming each as `spark-env.sh NAME`. */
function assertVarsValid(vars: SparkEnvVars, file: string): void {
  const problems = new ProblemList();
  for (const [name, value] of Object.entries(vars)) {
    const nameProblems = problemIf(`${file} variable name`, name, checkEnvName);
    problems.add(...nameProblems);
    if (nameProblems.length === 0) {
      problems.add(...problemIf(`${file} ${name}`, typeof value === 'string' ? value : String(value), checkEnvValue));
    }
  }
  problems.throwIfAny(CODE, `cannot write the managed block of ${file}`, 'Use upper-case variable names and one-line values.');
}

/** The managed block, markers included, variables sorted by name (equal variables give equal bytes), LF endings. */
export function renderSparkEnvBlock(vars: SparkEnvVars, options: SparkEnvOptions = {}): string {
  assertVarsValid(vars, options.file ?? 'spark-env.sh');
  const names = Object.keys(vars).sort();
  const exports = names.map((name) => `export ${name}=${quoteShellValue(vars[name] ?? '')}\n`);
  return `${SPARK_ENV_BEGIN}\n${exports.join('')}${SPARK_ENV_END}\n`;
}

/**
 * spark-env.sh with the managed block set to `vars`: replaced in place when there is one, else appended at the end
 * (after a newline when the file does not end in one). Every byte outside the block is kept. Idempotent, and the
 * last application wins: apply(apply(t, a), b) === apply(t, b).
 */
export function applySparkEnvBlock(text: string, vars: SparkEnvVars, options: SparkEnvOptions = {}): string {
  const block = renderSparkEnvBlock(vars, options);
  const file = options.file ?? 'spark-env.sh';
  const { span } = scan(text, file);
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  const result = span === undefined ? text + separator + block : text.slice(0, span.start) + block + text.slice(span.end);
  // Keeps the promise that what is written can be read back (only the size can still be wrong here).
  const problems = new ProblemList();
  problems.add(...wholeTextProblems(result, file));
  problems.throwIfAny(CODE, `cannot write the managed block of ${file}`, 'Use fewer or shorter values.');
  return result;
}

/** spark-env.sh without the managed block (for uninstall); the rest is kept byte for byte. */
export function removeSparkEnvBlock(text: string, options: SparkEnvOptions = {}): string {
  const { span } = scan(text, options.file ?? 'spark-env.sh');
  return span === undefined ? text : text.slice(0, span.start) + text.slice(span.end);
}

/**
 * Assignments to any of `names` in the user's part of the file: `NAME=…` at the start of a line, or any `NAME=…`
 * word on an `export` line; comment lines are skipped. Those after the block override ours; those before it are
 * overridden. For warnings, so it reads simple assignments only, not every way a shell can set a variable.
 */
export function findUserAssignments(text: string, names: Iterable<string>, options: SparkEnvOptions = {}): UserAssignment[] {
  const wanted = new Set(names);
  const { span } = scan(text, options.file ?? 'spark-env.sh');
  const found: UserAssignment[] = [];
  for (const line of linesOf(text)) {
    if (span !== undefined && line.start >= span.start && line.start < span.end) continue;
    const position = span !== undefined && line.start >= span.end ? 'after' : 'before';
    const content = line.text.replace(/^[ \t]+/, '');
    if (content.startsWith('#')) continue;
    const exported = /^export[ \t]+/.exec(content);
    const assigned = exported === null
      ? [/^([A-Za-z_][A-Za-z0-9_]*)=/.exec(content)?.[1]]
      : [...content.slice(exported[0].length).matchAll(/(?:^|[ \t])([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]);
    for (const name of assigned) {
      if (name !== undefined && wanted.has(name)) found.push({ name, line: line.number, text: line.text, position });
    }
  }
  return found;
}

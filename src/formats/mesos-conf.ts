/**
 * `<prefix>/var/mesos/conf/mesos.conf` in Mesos 0.9's format: one `key = value` a line, `#` starts a comment anywhere,
 * white space trimmed, a line that does not split on `=` into exactly two parts is "Malformed line in config file".
 */
import type { Problem } from '../errors.js';
import { checkConfKey, checkConfValue, problemIf } from '../validate/values.js';
import { checkNoOddCharacters, controlCharExpected, ProblemList, splitLines, wholeTextProblems } from './text-checks.js';

/** One setting. */
export interface MesosConfSetting {
  readonly key: string;
  readonly value: string;
}

/** One setting as read, with its 1-based line number. */
export interface MesosConfEntry extends MesosConfSetting {
  readonly line: number;
}

export interface MesosConf {
  /** The settings in file order. */
  readonly entries: readonly MesosConfEntry[];
  /** The same settings by key. */
  readonly values: Readonly<Record<string, string>>;
}

export interface MesosConfOptions {
  /** The file's name as the user knows it, used in every problem's field. Default `mesos.conf`. */
  readonly file?: string;
}

const CODE = 'BAD_MESOS_CONF';
const HINT = 'Write one `key = value` a line (keys in lower case, values without "=" or "#"), each key once; `#` starts a comment.';

/** The comment every rendered mesos.conf starts with. */
export const MESOS_CONF_HEADER = [
  '# Mesos 0.9 configuration, managed by mesosd (spark-mesos-setup).',
  '# Hand edits are picked up and spread to every node, as are changes made with `mesosd config set KEY VALUE`.',
  '# One `key = value` a line; `#` starts a comment. Flags on a daemon\'s command line win over this file.',
].join('\n');

// 0.9 trims blanks around keys and values; other white space (such as U+00A0) is left for the checks to refuse.
const trimBlanks = (s: string): string => s.replace(/^[ \t]+|[ \t]+$/g, '');

/**
 * Reads a mesos.conf. Unknown keys are accepted (Mesos accepts them), but every key must be a plausible flag name and
 * every value readable back by 0.9. A key set twice is refused, naming both lines: Mesos would silently use the
 * first, and a hand edit that repeats a key almost always meant the second. Lines may end in CRLF (read as LF).
 * Throws one ToolError (`BAD_MESOS_CONF`) listing every problem.
 */
export function parseMesosConf(text: string, options: MesosConfOptions = {}): MesosConf {
  const file = options.file ?? 'mesos.conf';
  const what = `${file} is not a valid Mesos 0.9 configuration`;
  const problems = new ProblemList();
  problems.add(...wholeTextProblems(text, file));
  problems.throwIfAny(CODE, what, HINT);

  const entries: MesosConfEntry[] = [];
  const firstLine = new Map<string, number>();
  for (const line of splitLines(text)) {
    const field = `${file} line ${line.number}`;
    const control = controlCharExpected(line.text);
    if (control !== undefined) {
      problems.add({ field, value: line.text, expected: control });
      continue;
    }
    const hash = line.text.indexOf('#');
    const content = trimBlanks(hash === -1 ? line.text : line.text.slice(0, hash));
    if (content === '') continue;
    const parts = content.split('=');
    if (parts.length !== 2) {
      problems.add({
        field,
        value: line.text,
        expected: 'a `key = value` line with exactly one "=" (Mesos 0.9 stops with "Malformed line in config file"; values cannot contain "=")',
      });
      continue;
    }
    const key = trimBlanks(parts[0] ?? '');
    const value = trimBlanks(parts[1] ?? '');
    const found: Problem[] = [...problemIf(field, key, checkConfKey), ...problemIf(field, value, checkConfValue)];
    if (found.length > 0) {
      problems.add(...found);
      continue;
    }
    const first = firstLine.get(key);
    if (first !== undefined) {
      problems.add({
        field,
        value: key,
        expected: `each key once ("${key}" is already set on line ${first}; Mesos 0.9 would use line ${first} and ignore this one)`,
      });
      continue;
    }
    firstLine.set(key, line.number);
    entries.push({ key, value, line: line.number });
  }
  problems.throwIfAny(CODE, what, HINT);
  return { entries, values: Object.fromEntries(entries.map((e) => [e.key, e.value])) };
}

/**
 * Writes a mesos.conf: the managed-file header, then one `key = value` line per setting, sorted by key (so equal
 * settings are equal bytes), ending in a newline. Validates first and throws `BAD_MESOS_CONF` without returning text.
 */
export function renderMesosConf(settings: readonly MesosConfSetting[] | Readonly<Record<string, string>>): string {
  const list: readonly MesosConfSetting[] = isSettingList(settings)
    ? settings
    : Object.entries(settings).map(([key, value]) => ({ key, value }));
  const problems = new ProblemList();
  const seen = new Set<string>();
  for (const { key, value } of list) {
    const keyProblems = problemIf('mesos.conf key', key, checkConfKey);
    problems.add(...keyProblems);
    if (keyProblems.length > 0) continue;
    const valueProblems = problemIf(`mesos.conf ${key}`, value, checkConfValue);
    problems.add(...(valueProblems.length > 0 ? valueProblems : problemIf(`mesos.conf ${key}`, value, checkNoOddCharacters)));
    if (seen.has(key)) problems.add({ field: 'mesos.conf key', value: key, expected: 'each key once' });
    seen.add(key);
  }
  problems.throwIfAny(CODE, 'cannot write mesos.conf', 'Use lower-case keys, each once, with values free of "=", "#" and control characters.');
  const lines = [...list].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ key, value }) => `${key} = ${value}\n`);
  const text = `${MESOS_CONF_HEADER}\n${lines.join('')}`;
  // Only the size can still be wrong here; it keeps the promise that what is written can be read back.
  problems.add(...wholeTextProblems(text, 'mesos.conf'));
  problems.throwIfAny(CODE, 'cannot write mesos.conf', 'Use fewer or shorter settings.');
  return text;
}

function isSettingList(settings: readonly MesosConfSetting[] | Readonly<Record<string, string>>): settings is readonly MesosConfSetting[] {
  return Array.isArray(settings);
}

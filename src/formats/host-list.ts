/**
 * `<prefix>/var/mesos/deploy/masters` and `slaves` as Mesos 0.9's deploy scripts read them: `SLAVES=\`cat slaves\``,
 * then `for slave in $SLAVES; do ssh $slave ...`. The words are split on the shell's IFS (space, tab, newline) and
 * glob-expanded, and there are no comments: a `# my slaves` line would be ssh'd to as "#", "my" and "slaves".
 */
import { checkHost } from '../validate/values.js';
import { controlCharExpected, ProblemList, splitLines, wholeTextProblems } from './text-checks.js';

export interface HostListOptions {
  /** The file's name as the user knows it (`slaves`, or its path), used in every problem's field. */
  readonly file: string;
}

export interface HostList {
  /** The hosts, in file order. */
  readonly hosts: string[];
}

const CODE = 'BAD_HOST_LIST';
const HINT = 'Write host names or IP addresses only, one a line: Mesos 0.9 allows no comments, quotes or other words in this file.';

// Characters the unquoted `for slave in $SLAVES` or ssh would treat specially (expansion, globbing, commands).
const SHELL_META = /[;&|$`()<>*?[\]{}!'"\\~#^]/;

/** What a host entry should have been, or undefined when it is one. */
function hostExpected(host: string): string | undefined {
  if (host.startsWith('[') && host.endsWith(']') && checkHost(host) === undefined) {
    return 'an IPv6 address without brackets (ssh takes it bare, and the shell reads brackets as a glob)';
  }
  if (SHELL_META.test(host)) {
    return 'a host name or IP address, without shell metacharacters (Mesos 0.9 hands each word to the shell and ssh)';
  }
  if (host.startsWith('-')) return 'a host name or IP address, not an option (ssh would read a leading "-" as one)';
  return checkHost(host);
}

/** Where a host was first seen (names compared without regard to case, as DNS does), or undefined after noting it. */
function duplicateOf(seen: Map<string, string>, host: string, where: string): string | undefined {
  const key = host.toLowerCase();
  const first = seen.get(key);
  if (first !== undefined) return first;
  seen.set(key, where);
  return undefined;
}

/**
 * Reads a masters or slaves file. An empty file is an empty list. Lines may end in CRLF (read as LF; the rendered
 * file is always LF, so the scripts never see a CR). Throws one ToolError (`BAD_HOST_LIST`) listing every problem:
 * comments, invalid or duplicate hosts, shell metacharacters, control characters, binary data, a file over 1 MiB.
 */
export function parseHostList(text: string, options: HostListOptions): HostList {
  const { file } = options;
  const problems = new ProblemList();
  const what = `${file} is not a valid Mesos 0.9 host list`;
  problems.add(...wholeTextProblems(text, file));
  problems.throwIfAny(CODE, what, HINT);

  const hosts: string[] = [];
  const seen = new Map<string, string>();
  for (const line of splitLines(text)) {
    const field = `${file} line ${line.number}`;
    const control = controlCharExpected(line.text);
    if (control !== undefined) {
      problems.add({ field, value: line.text, expected: control });
      continue;
    }
    for (const word of line.text.split(/[ \t]+/)) {
      if (word === '') continue;
      if (word.startsWith('#')) {
        problems.add({
          field,
          value: line.text,
          expected: `host names only: Mesos 0.9 has no comments in ${file} and would ssh to "#" and every word after it (remove the comment)`,
        });
        break;
      }
      const expected = hostExpected(word);
      if (expected !== undefined) {
        problems.add({ field, value: word, expected });
        continue;
      }
      const first = duplicateOf(seen, word, `line ${line.number}`);
      if (first !== undefined) {
        problems.add({ field, value: word, expected: `each host listed once (already on ${first})` });
        continue;
      }
      hosts.push(word);
    }
  }
  problems.throwIfAny(CODE, what, HINT);
  return { hosts };
}

/**
 * Writes a masters or slaves file: one host a line, each line ending in a newline (an empty list is an empty file).
 * Validates first and throws `BAD_HOST_LIST` (fields like `slaves[2]`) without returning any text.
 */
export function renderHostList(hosts: readonly string[], options: Partial<HostListOptions> = {}): string {
  const file = options.file ?? 'hosts';
  const problems = new ProblemList();
  const seen = new Map<string, string>();
  hosts.forEach((host, i) => {
    const field = `${file}[${i}]`;
    const expected = typeof host === 'string' ? hostExpected(host) : 'a host name or IP address';
    if (expected !== undefined) {
      problems.add({ field, value: host, expected });
      return;
    }
    const first = duplicateOf(seen, host, `${file}[${i}]`);
    if (first !== undefined) problems.add({ field, value: host, expected: `each host listed once (already ${first})` });
  });
  problems.throwIfAny(CODE, `cannot write ${file}`, 'Give each host once, as a host name or IP address.');
  return hosts.map((host) => `${host}\n`).join('');
}

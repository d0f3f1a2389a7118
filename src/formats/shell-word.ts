/**
 * A value as one shell word, the way the spark-env.sh block writes it: plain when every character is in
 * `[A-Za-z0-9_./:,@%+=-]` (bash neither splits nor expands those; `~` is left out, since bash expands it after `=` and
 * `:`), else in single quotes, inside which bash takes every character as it is except `'`, written as `'\''`.
 */

const PLAIN = /^[A-Za-z0-9_./:,@%+=-]+$/;
const PLAIN_CHAR = /[A-Za-z0-9_./:,@%+=-]/;

/** A value as one shell word: plain when nothing in it is special to bash, else single-quoted. */
export function quoteShellValue(value: string): string {
  return PLAIN.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/** The inverse of quoteShellValue for the words it writes (and any mix of plain, `'…'` and `\'`), else undefined. */
export function unquoteShellValue(word: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < word.length) {
    const c = word[i] ?? '';
    if (c === "'") {
      const close = word.indexOf("'", i + 1);
      if (close === -1) return undefined;
      out += word.slice(i + 1, close);
      i = close + 1;
    } else if (c === '\\' && word[i + 1] === "'") {
      out += "'";
      i += 2;
    } else if (PLAIN_CHAR.test(c)) {
      out += c;
      i += 1;
    } else {
      return undefined;
    }
  }
  return out;
}

/** An argv as a command line a person can paste into a shell: each word quoted only when it needs it. */
export function shellCommandLine(argv: readonly string[]): string {
  return argv.map((word) => (word === '' ? "''" : quoteShellValue(word))).join(' ');
}

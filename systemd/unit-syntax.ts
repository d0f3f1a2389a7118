/** How values are written in a unit file (systemd.syntax(7), systemd.service(5) "Command lines"). */

// Words that need no quotes: no whitespace, quotes, backslashes, `$`, `;` or specifier `%`.
const PLAIN_WORD = /^[A-Za-z0-9_@+=:,./-]+$/;

/** True when `text` has a character a unit file cannot hold on one line (control characters, newlines). */
export function hasControlCharacter(text: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(text);
}

/** `%` starts a specifier in most settings; `%%` is a literal percent sign. */
function escapeSpecifiers(text: string): string {
  return text.replaceAll('%', '%%');
}

/**
 * One word of ExecStart=: plain when it can be, else double-quoted with `\` and `"` escaped. `$` becomes `$$` (else
 * systemd expands environment variables) and `%` becomes `%%`. A lone `;` would separate commands: written `\;`.
 */
export function execWord(word: string): string {
  if (word === ';') return '\\;';
  if (PLAIN_WORD.test(word)) return escapeSpecifiers(word);
  const quoted = word.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('$', '$$$$');
  return `"${escapeSpecifiers(quoted)}"`;
}

/** A whole command line for ExecStart= and friends. */
export function execLine(argv: readonly string[]): string {
  return argv.map(execWord).join(' ');
}

/** One Environment= assignment, always quoted (values may hold spaces). */
export function environmentAssignment(name: string, value: string): string {
  const quoted = `${name}=${value}`.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
  return `"${escapeSpecifiers(quoted)}"`;
}

/** A single-line setting value such as Description=: specifiers escaped. */
export function plainValue(text: string): string {
  return escapeSpecifiers(text);
}

/** Text pieces both reporters show: durations, the time left, the bar, output lines made safe to draw. */

/** An elapsed time: `0s`, `42s`, `3m 5s`, `1h 2m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** The time left, rounded so it does not flicker: `a few seconds left`, `about 35s left`, `about 3m 10s left`. */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(0, ms / 1000);
  if (seconds < 10) return 'a few seconds left';
  const fives = Math.ceil(seconds / 5) * 5;
  if (fives < 60) return `about ${fives}s left`;
  const tens = Math.round(seconds / 10) * 10;
  if (tens < 3600) return `about ${Math.floor(tens / 60)}m${tens % 60 === 0 ? '' : ` ${tens % 60}s`} left`;
  const minutes = Math.round(seconds / 60);
  return `about ${Math.floor(minutes / 60)}h${minutes % 60 === 0 ? '' : ` ${minutes % 60}m`} left`;
}

/** `[#########.........]`: `width` cells between the brackets, filled in proportion of done to total. */
export function progressBar(done: number, total: number, width: number): string {
  const cells = Math.max(1, Math.floor(width));
  const filled = total > 0 ? Math.min(cells, Math.floor((Math.max(0, done) / total) * cells)) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(cells - filled)}]`;
}

/** `45/120 units, about 3m 10s left`, or `45/120 units` while there is no estimate yet. */
export function progressSummary(done: number, total: number, remaining: number | undefined): string {
  const units = `${done}/${total} units`;
  return remaining === undefined ? units : `${units}, ${formatRemaining(remaining)}`;
}

// CSI and OSC sequences, then the C0 and C1 control characters other than tab.
const ESCAPES = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|\u001B[@-_]?/g;
const CONTROLS = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;

/**
 * A line of a command's output as it can be drawn on one row: colour and cursor sequences removed, only what follows
 * the last carriage return (how progress meters redraw a line), tabs expanded to 8 columns, no control characters.
 */
export function printableLine(line: string): string {
  const afterReturn = line.replace(/\r+$/, '');
  const visible = afterReturn.slice(afterReturn.lastIndexOf('\r') + 1).replace(ESCAPES, '').replace(CONTROLS, '');
  let out = '';
  for (const ch of visible) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out.trimEnd();
}

import { execa } from 'execa';

/** Reads the last lines a unit logged; an empty list when the journal cannot be read. */
export type JournalReader = (unit: string, lines: number) => Promise<readonly string[]>;

/** `journalctl -u UNIT -n LINES --no-pager` on this machine. */
export const readJournalTail: JournalReader = async (unit, lines) => {
  const result = await execa('journalctl', ['-u', unit, '-n', String(lines), '--no-pager'], {
    reject: false, timeout: 10_000, stdin: 'ignore', stripFinalNewline: true,
  });
  if (result.exitCode !== 0 || typeof result.stdout !== 'string') return [];
  return journalLines(result.stdout);
};

/** The journal's output as lines, without journalctl's own "-- No entries --" and boot separators. */
export function journalLines(output: string): readonly string[] {
  return output.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('-- '));
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { commandFailed, runCommand } from './host-command.js';

/** Mount points at or below `dir` in this mount namespace, deepest first. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const root = resolve(dir);
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const points = info.split('\n').map((line) => line.split(' ')[4]).filter((p): p is string => p !== undefined)
    // mountinfo escapes spaces and the like as octal
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
  return points.filter((p) => p === root || p.startsWith(`${root}/`)).sort((a, b) => b.length - a.length);
}

/**
 * Deletes a directory tree that may have had things mounted in it (debootstrap mounts /proc and /sys in its target):
 * unmounts what is still mounted below it, then `rm -rf --one-file-system`, so nothing outside is ever touched.
 */
export async function removeTree(dir: string): Promise<void> {
  for (const point of await mountsUnder(dir)) await runCommand('umount', ['-l', point], { timeoutMs: 10_000 });
  const result = await runCommand('rm', ['-rf', '--one-file-system', '--', dir], { timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw commandFailed(result);
}

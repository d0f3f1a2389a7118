import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | undefined;

/** This package's root directory and version, found from this module whether it runs built (dist/) or not. */
function findPackage(): { root: string; version: string } {
  if (cached !== undefined) return cached;
  for (const candidate of ['../package.json', '../../package.json']) {
    const url = new URL(candidate, import.meta.url);
    try {
      const parsed = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'spark-mesos-setup' && typeof parsed.version === 'string') {
        cached = { root: dirname(fileURLToPath(url)), version: parsed.version };
        return cached;
      }
    } catch {
      // try the next candidate
    }
  }
  cached = { root: fileURLToPath(new URL('..', import.meta.url)), version: '0.0.0-unknown' };
  return cached;
}

/** The package's own version, from its package.json. */
export function packageVersion(): string {
  return findPackage().version;
}

/** The directory of the package's package.json (what gets installed to a fixed place). */
export function packageRoot(): string {
  return findPackage().root;
}

import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The package's own version, read from its package.json (found relative to this module, built or not). */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const parsed = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'spark-mesos-setup' && typeof parsed.version === 'string') {
        cached = parsed.version;
        return cached;
      }
    } catch {
      // try the next candidate
    }
  }
  cached = '0.0.0-unknown';
  return cached;
}

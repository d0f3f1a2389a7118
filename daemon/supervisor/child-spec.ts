import { contentHash } from '../../src/fs/content-hash.js';
import { shellCommandLine } from '../../src/formats/shell-word.js';

/** What to run for one supervised Mesos process: argv arrays, never a shell string. */
export interface ChildSpec {
  /** `master` or `slave`; also the prefix of its output lines in the journal. */
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
  /** Added to mesosd's own environment. */
  readonly env: Readonly<Record<string, string>>;
  /** What the process reads from files at start (its mesos.conf keys): a change restarts it like a new flag. */
  readonly reads?: Readonly<Record<string, string>>;
}

/** Two specs with the same identity run the same process: a change of anything else needs no restart. */
export function specIdentity(spec: ChildSpec): string {
  const env = Object.entries(spec.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const reads = Object.entries(spec.reads ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return contentHash(JSON.stringify([spec.file, spec.args, env, reads]));
}

/** The command line as a person would type it, for status output and logs. */
export function commandLine(spec: ChildSpec): string {
  return shellCommandLine([spec.file, ...spec.args]);
}

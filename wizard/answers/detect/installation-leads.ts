import { delimiter, dirname, isAbsolute, join } from 'node:path';
import type { Problem } from '../../../src/errors.js';
import type { InstallationFs } from '../../../src/model/installation-fs.js';

/** A place where an installation may be, and how it was found (`$JAVA_HOME`, `javac on PATH`, the path itself). */
export interface InstallationLead {
  readonly path: string;
  readonly foundAs: string;
}

/** An installation that passed its check: its real path (symbolic links resolved) and every way it was found. */
export interface InstallationCandidate<Facts> {
  readonly home: string;
  readonly facts: Facts;
  readonly foundAs: readonly string[];
}

/** A directory that was looked at and is not a usable installation (a JRE where a JDK is needed), and why. */
export interface RejectedInstallation {
  readonly path: string;
  readonly foundAs: string;
  readonly problems: readonly Problem[];
}

/** The installations a search found, and the directories it turned down. */
export interface InstallationSearch<Facts> {
  readonly candidates: InstallationCandidate<Facts>[];
  readonly rejected: RejectedInstallation[];
}

type Check<Facts> = (home: string) => Promise<{ readonly problems: readonly Problem[]; readonly facts: Facts | undefined }>;

/**
 * Checks each lead once per real path: symbolic links to the same directory (`default-java`,
 * `java-1.17.0-openjdk-amd64`) become one candidate that lists every way it was found. Leads that do not exist
 * are skipped quietly; existing directories that fail the check are returned as rejected.
 */
export async function followLeads<Facts>(fs: InstallationFs, leads: readonly InstallationLead[], check: Check<Facts>): Promise<InstallationSearch<Facts>> {
  const byHome = new Map<string, { facts: Facts | undefined; foundAs: string[] }>();
  const rejected: RejectedInstallation[] = [];
  for (const lead of leads) {
    let home: string;
    try {
      home = await fs.realpath(lead.path);
      if (!(await fs.stat(home)).isDirectory()) continue;
    } catch {
      continue;
    }
    const seen = byHome.get(home);
    if (seen !== undefined) {
      if (!seen.foundAs.includes(lead.foundAs)) seen.foundAs.push(lead.foundAs);
      continue;
    }
    const report = await check(home);
    byHome.set(home, { facts: report.facts, foundAs: [lead.foundAs] });
    if (report.facts === undefined) rejected.push({ path: home, foundAs: lead.foundAs, problems: report.problems });
  }
  const candidates = [...byHome].flatMap(([home, { facts, foundAs }]) => (facts === undefined ? [] : [{ home, facts, foundAs }]));
  return { candidates, rejected };
}

/** Leads for the entries of `dir` whose names start with `prefix` (the glob `dir/prefix*`), hidden ones excepted. */
export async function entriesStartingWith(fs: InstallationFs, dir: string, prefix: string): Promise<InstallationLead[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(prefix) && !name.startsWith('.'))
    .sort()
    .map((name) => ({ path: join(dir, name), foundAs: join(dir, name) }));
}

/** The first `command` on PATH that is a file, as the shell would find it; undefined when there is none. */
export async function findOnPath(fs: InstallationFs, command: string, path: string | undefined): Promise<string | undefined> {
  for (const dir of (path ?? '').split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const candidate = join(dir, command);
    try {
      if ((await fs.stat(candidate)).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The installation a command on PATH belongs to: `/usr/bin/javac` → (links resolved) `/usr/lib/jvm/x/bin/javac` →
 * `/usr/lib/jvm/x`. A `jre/bin/java` (JDK 8) belongs to the directory above the `jre`.
 */
export async function leadFromCommand(fs: InstallationFs, command: string, path: string | undefined): Promise<InstallationLead | undefined> {
  const found = await findOnPath(fs, command, path);
  if (found === undefined) return undefined;
  let real: string;
  try {
    real = await fs.realpath(found);
  } catch {
    return undefined;
  }
  const bin = dirname(real);
  if (!bin.endsWith('/bin')) return undefined;
  const home = dirname(bin);
  return { path: home.endsWith('/jre') ? dirname(home) : home, foundAs: `${command} on PATH` };
}

/** Orders candidates newest first by `version`; unknown versions last; ties by path. */
export function newestFirst<Facts>(version: (facts: Facts) => string | undefined, compare: (a: string, b: string) => number) {
  return (a: InstallationCandidate<Facts>, b: InstallationCandidate<Facts>): number => {
    const va = version(a.facts);
    const vb = version(b.facts);
    if (va === undefined || vb === undefined) return (va === undefined ? 1 : 0) - (vb === undefined ? 1 : 0) || a.home.localeCompare(b.home);
    return compare(vb, va) || a.home.localeCompare(b.home);
  };
}

import { join } from 'node:path';
import { checkJavaHome, type JdkFacts } from '../../../src/model/check-java-home.js';
import { checkScalaHome, type ScalaFacts } from '../../../src/model/check-scala-home.js';
import { checkSparkHome, type SparkFacts } from '../../../src/model/check-spark-home.js';
import { nodeInstallationFs, type InstallationFs } from '../../../src/model/installation-fs.js';
import { compareVersions } from '../../../src/mesos/versions.js';
import {
  entriesStartingWith,
  followLeads,
  leadFromCommand,
  newestFirst,
  type InstallationCandidate,
  type InstallationLead,
  type InstallationSearch,
} from './installation-leads.js';

/** Where and how installations are looked for; every part injected, the real machine by default. */
export interface InstallationDetectOptions {
  readonly fs?: InstallationFs;
  /** For `$JAVA_HOME`, `$SCALA_HOME`, `$SPARK_HOME` and `PATH`; defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** The standard locations (`/usr/lib/jvm`, `/opt`, ...) are looked up under this directory; defaults to `/`. */
  readonly root?: string;
}

/** Installations of one kind found on this machine, newest first, and the one to offer first. */
export interface DetectedInstallations<Facts> extends InstallationSearch<Facts> {
  /** The home to offer as the default: the one the environment names, else the one on PATH, else the newest. */
  readonly preferred: string | undefined;
}

/** JDKs found, with their layout and version. */
export type DetectedJdks = DetectedInstallations<JdkFacts>;
/** Scala installations found. */
export type DetectedScalas = DetectedInstallations<ScalaFacts>;
/** Spark installations found, with version and Mesos support. */
export type DetectedSparks = DetectedInstallations<SparkFacts>;

interface Resolved {
  readonly fs: InstallationFs;
  readonly env: NodeJS.ProcessEnv;
  readonly under: (path: string) => string;
}

function resolveOptions(options: InstallationDetectOptions): Resolved {
  const root = options.root ?? '/';
  return { fs: options.fs ?? nodeInstallationFs, env: options.env ?? process.env, under: (path) => join(root, path) };
}

function envLead(env: NodeJS.ProcessEnv, name: string): InstallationLead[] {
  const value = env[name];
  return value === undefined || value === '' ? [] : [{ path: value, foundAs: `$${name}` }];
}

async function commandLeads(o: Resolved, commands: readonly string[]): Promise<InstallationLead[]> {
  const leads = await Promise.all(commands.map((command) => leadFromCommand(o.fs, command, o.env['PATH'])));
  return leads.filter((lead) => lead !== undefined);
}

async function globLeads(o: Resolved, globs: readonly (readonly [string, string])[]): Promise<InstallationLead[]> {
  return (await Promise.all(globs.map(([dir, prefix]) => entriesStartingWith(o.fs, o.under(dir), prefix)))).flat();
}

function sorted<Facts>(search: InstallationSearch<Facts>, version: (facts: Facts) => string | undefined, preferOrder: readonly string[]): DetectedInstallations<Facts> {
  const candidates = [...search.candidates].sort(newestFirst(version, compareVersions));
  const foundBy = (label: string): InstallationCandidate<Facts> | undefined => candidates.find((c) => c.foundAs.includes(label));
  const preferred = preferOrder.map(foundBy).find((c) => c !== undefined) ?? candidates[0];
  return { candidates, rejected: search.rejected, preferred: preferred?.home };
}

/** JDKs: `$JAVA_HOME`, the JDK of `javac` and of `java` on PATH, and `/usr/lib/jvm/*`; JREs come back as rejected. */
export async function detectJdks(options: InstallationDetectOptions = {}): Promise<DetectedJdks> {
  const o = resolveOptions(options);
  const leads = [...envLead(o.env, 'JAVA_HOME'), ...(await commandLeads(o, ['javac', 'java'])), ...(await globLeads(o, [['usr/lib/jvm', '']]))];
  const search = await followLeads(o.fs, leads, async (home) => {
    const report = await checkJavaHome(home, { fs: o.fs });
    return { problems: report.problems, facts: report.jdk };
  });
  return sorted(search, (jdk) => jdk.version, ['$JAVA_HOME', 'javac on PATH', 'java on PATH']);
}

/** Scala: `$SCALA_HOME`, `scala` on PATH, `/usr/share/scala*`, `/opt/scala*`, `/usr/local/scala*`. */
export async function detectScalas(options: InstallationDetectOptions = {}): Promise<DetectedScalas> {
  const o = resolveOptions(options);
  const globs = [['usr/share', 'scala'], ['opt', 'scala'], ['usr/local', 'scala']] as const;
  const leads = [...envLead(o.env, 'SCALA_HOME'), ...(await commandLeads(o, ['scala'])), ...(await globLeads(o, globs))];
  const search = await followLeads(o.fs, leads, async (home) => {
    const report = await checkScalaHome(home, { fs: o.fs });
    return { problems: report.problems, facts: report.scala };
  });
  return sorted(search, (scala) => scala.version, ['$SCALA_HOME', 'scala on PATH']);
}

/**
 * Spark: `$SPARK_HOME`, `/opt/spark*`, `/usr/local/spark*`, `/usr/lib/spark`, `/usr/share/spark*`, each with its
 * version. The preferred one is `$SPARK_HOME`'s, else the newest that still runs on Mesos (Spark 4 does not).
 */
export async function detectSparks(options: InstallationDetectOptions = {}): Promise<DetectedSparks> {
  const o = resolveOptions(options);
  const globs = [['opt', 'spark'], ['usr/local', 'spark'], ['usr/share', 'spark']] as const;
  const fixed: InstallationLead[] = [{ path: o.under('usr/lib/spark'), foundAs: o.under('usr/lib/spark') }];
  const leads = [...envLead(o.env, 'SPARK_HOME'), ...(await globLeads(o, globs.slice(0, 2))), ...fixed, ...(await globLeads(o, globs.slice(2)))];
  const search = await followLeads(o.fs, leads, async (home) => {
    const report = await checkSparkHome(home, { fs: o.fs });
    return { problems: report.problems, facts: report.spark };
  });
  const found = sorted(search, (spark) => spark.version, ['$SPARK_HOME']);
  if (found.candidates.find((c) => c.home === found.preferred)?.foundAs.includes('$SPARK_HOME') === true) return found;
  const usable = found.candidates.find((c) => c.facts.support.status !== 'removed');
  return { ...found, preferred: usable?.home ?? found.preferred };
}

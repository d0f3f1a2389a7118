import type { Problem } from '../errors.js';
import { sparkMesosSupport, type SparkMesosSupport } from '../mesos/spark-support.js';
import type { InstallationCheckOptions } from './check-java-home.js';
import { nodeInstallationFs, openInstallation, type InstallationProbe, type InstallationWarning } from './installation-fs.js';

/** What was found in a Spark home. */
export interface SparkFacts {
  readonly home: string;
  /** undefined when no known layout says it: not an error. */
  readonly version: string | undefined;
  /** Where the version was read, relative to the home (`RELEASE`, `jars/spark-core_2.12-3.5.1.jar`, ...). */
  readonly versionSource: string | undefined;
  readonly support: SparkMesosSupport;
  /** Facts to show: Mesos support removed (Spark 4), deprecated (3.2+), version unknown. */
  readonly warnings: readonly InstallationWarning[];
}

export interface SparkHomeReport {
  readonly problems: readonly Problem[];
  /** Set when there are no problems. */
  readonly spark: SparkFacts | undefined;
}

const VERSION = String.raw`(\d+\.\d+\.\d+(?:-(?:incubating|SNAPSHOT|preview\d*|rc\d+))?)`;
const CORE_JAR = new RegExp(String.raw`^spark-core_\d+\.\d+(?:\.\d+)?-${VERSION}\.jar$`);
const ASSEMBLY_JAR = new RegExp(String.raw`^spark-assembly(?:_\d+\.\d+(?:\.\d+)?)?-${VERSION}(?:-hadoop[^/]*)?\.jar$`);

/** Checks that `sparkHome` is a Spark installation (it has `conf/`) and finds its version and Mesos support. */
export async function checkSparkHome(sparkHome: string, options: InstallationCheckOptions = {}): Promise<SparkHomeReport> {
  const field = options.field ?? 'sparkHome';
  const opened = await openInstallation(options.fs ?? nodeInstallationFs, sparkHome, field, 'a Spark home');
  if ('problem' in opened) return { problems: [opened.problem], spark: undefined };
  if (!(await opened.probe.isDirectory('conf'))) {
    return { problems: [{ field, value: sparkHome, expected: 'a Spark home (a directory with conf/)' }], spark: undefined };
  }
  const found = await detectSparkVersion(opened.probe);
  const support = sparkMesosSupport(found?.version);
  return {
    problems: [],
    spark: {
      home: sparkHome,
      version: found?.version,
      versionSource: found?.source,
      support,
      warnings: sparkWarnings(support),
    },
  };
}

/** The warnings for a Spark version's Mesos support. */
export function sparkWarnings(support: SparkMesosSupport): InstallationWarning[] {
  const v = support.version ?? '';
  switch (support.status) {
    case 'removed':
      return [{
        code: 'SPARK_MESOS_REMOVED',
        message: `Spark ${v} cannot run on Mesos: Mesos support was removed in Spark 4.0`,
        hint: 'Use a Spark 3.x (or older) installation as the Spark home.',
      }];
    case 'deprecated':
      return [{
        code: 'SPARK_MESOS_DEPRECATED',
        message: `Spark ${v} still runs on Mesos, but its Mesos support is deprecated (since Spark 3.2)`,
        hint: 'It works; plan for a Spark release line that keeps Mesos support (3.x) while you use Mesos.',
      }];
    case 'unknown':
      return [{
        code: 'SPARK_VERSION_UNKNOWN',
        message: 'The Spark version could not be found in this Spark home',
        hint: 'The setup then writes settings that work with every Spark version; check spark-env.sh afterwards.',
      }];
    case 'supported':
      return [];
  }
}

interface FoundVersion {
  readonly version: string;
  readonly source: string;
}

/** Finds the version of a Spark tree of any era; undefined when no known layout says it. */
export async function detectSparkVersion(probe: InstallationProbe): Promise<FoundVersion | undefined> {
  const release = await probe.readSmallFile('RELEASE');
  const fromRelease = release === undefined ? null : new RegExp(String.raw`^\s*Spark ${VERSION}\b`).exec(release);
  if (fromRelease?.[1] !== undefined) return { version: fromRelease[1], source: 'RELEASE' };

  const fromJars = (await inDir(probe, 'jars', CORE_JAR)) ?? (await inDir(probe, 'lib', ASSEMBLY_JAR));
  if (fromJars !== undefined) return fromJars;

  // Source trees built with sbt (Spark 0.x): assembly/ (0.8, 0.9) or core/ (0.6, 0.7), then the build definition.
  for (const [dir, pattern] of [['assembly/target', ASSEMBLY_JAR], ['core/target', CORE_JAR]] as const) {
    for (const scalaDir of (await probe.list(dir)).filter((name) => name.startsWith('scala-'))) {
      const found = await inDir(probe, `${dir}/${scalaDir}`, pattern);
      if (found !== undefined) return found;
    }
  }
  const build = await probe.readSmallFile('project/SparkBuild.scala');
  const fromBuild = build === undefined ? null : new RegExp(String.raw`\bversion\s*:=\s*"${VERSION}"`).exec(build);
  if (fromBuild?.[1] !== undefined) return { version: fromBuild[1], source: 'project/SparkBuild.scala' };
  return undefined;
}

async function inDir(probe: InstallationProbe, dir: string, pattern: RegExp): Promise<FoundVersion | undefined> {
  for (const name of await probe.list(dir)) {
    const version = pattern.exec(name)?.[1];
    if (version !== undefined) return { version, source: `${dir}/${name}` };
  }
  return undefined;
}

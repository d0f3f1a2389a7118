import { posix } from 'node:path';
import type { JdkLayout } from '../model/check-java-home.js';
import { formatHostPort } from './master-url.js';
import type { ConfigureOptions, SparkContextInput } from './profile-types.js';
import { sparkMesosSupport } from './spark-support.js';
import { parseVersion, type DottedVersion } from './versions.js';

/** A directory without `.` segments, doubled or trailing slashes (`/opt/mesos/` → `/opt/mesos`). */
export function normalizeDir(dir: string): string {
  const normal = posix.normalize(dir);
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
}

/** `0.9.0-incubating` → `0.9.0`: the numbers a library file name carries. */
export function numericVersion(version: string): string {
  const parsed = parseVersion(version);
  return parsed === undefined ? version : `${parsed.major}.${parsed.minor}.${parsed.patch}`;
}

/** `-L<dir> -R<dir> -Wl,-ljvm` for a JDK whose libjvm is where 0.9's configure does not look (MESOS.md fact 3). */
export function javaLdflags(javaHome: string, layout: JdkLayout): string | undefined {
  if (layout.kind !== 'lib-server') return undefined;
  const dir = posix.join(javaHome, 'lib/server');
  return `-L${dir} -R${dir} -Wl,-ljvm`;
}

/**
 * The autotools configure argv: `--prefix`, `JAVA_HOME` as a variable (never `--with-java-home`, which configure
 * ignores: MESOS.md fact 1), `JAVA_LDFLAGS` for JDK 9+ layouts, then the optional features.
 */
export function autotoolsConfigureArgs(options: ConfigureOptions): string[] {
  const javaHome = normalizeDir(options.javaHome);
  const ldflags = javaLdflags(javaHome, options.jdkLayout);
  return [
    `--prefix=${normalizeDir(options.prefix)}`,
    `JAVA_HOME=${javaHome}`,
    ...(ldflags === undefined ? [] : [`JAVA_LDFLAGS=${ldflags}`]),
    ...(options.features ?? []),
  ];
}

/** `<libDir>` in front of an inherited LD_LIBRARY_PATH, once. */
export function prependLibraryPath(libDir: string, environment: Readonly<Record<string, string | undefined>> = {}): string {
  const rest = (environment['LD_LIBRARY_PATH'] ?? '').split(':').filter((dir) => dir !== '' && dir !== libDir);
  return [libDir, ...rest].join(':');
}

/** `MESOS_<KEY>` variables for settings of versions that read flags from the environment. */
export function mesosFlagVariables(conf: Readonly<Record<string, string>> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(conf).map(([key, value]) => [`MESOS_${key.toUpperCase()}`, value]));
}

/**
 * The variable(s) naming libmesos for Spark's Mesos binding: `MESOS_NATIVE_LIBRARY` for Spark 0.x,
 * `MESOS_NATIVE_JAVA_LIBRARY` for Spark 1.0 and later, both when the Spark version is unknown.
 */
export function nativeLibraryVariables(sparkVersion: string | undefined, libmesos: string): Record<string, string> {
  const era = sparkMesosSupport(sparkVersion).era;
  return {
    ...(era === 'modern' ? {} : { MESOS_NATIVE_LIBRARY: libmesos }),
    ...(era === 'classic' ? {} : { MESOS_NATIVE_JAVA_LIBRARY: libmesos }),
  };
}

/** `HOST:PORT` for Spark 0.x, `mesos://HOST:PORT` for Spark 1.0 and later (and when unknown: 0.7+ strip it). */
export function sparkMasterUrlFor(host: string, port: number, sparkVersion: string | undefined): string {
  const hostPort = formatHostPort(host, port);
  return sparkMesosSupport(sparkVersion).era === 'classic' ? hostPort : `mesos://${hostPort}`;
}

/** A Scala SparkContext line for the Spark version found. */
export function sparkContextLineFor(input: SparkContextInput): string {
  const master = JSON.stringify(sparkMasterUrlFor(input.host, input.port, input.sparkVersion));
  const home = JSON.stringify(input.sparkHome);
  if (sparkMesosSupport(input.sparkVersion).era === 'modern') {
    return `val sc = new SparkContext(new SparkConf().setMaster(${master}).setAppName("My Job Name").set("spark.mesos.executor.home", ${home}))`;
  }
  // The four-argument constructor exists in every Spark, so it is also the line for an unknown version.
  return `new SparkContext(${master}, "My Job Name", ${home}, List("my-job.jar"))`;
}

/** The GCC version in `12.2.0`, `12` or a `gcc --version` first line (`gcc (Debian 12.2.0-14) 12.2.0`). */
export function parseGccVersion(text: string): DottedVersion | undefined {
  if (text.length > 200) return undefined;
  return parseVersion(text.trim()) ?? parseVersion(/(\d+\.\d+(?:\.\d+)?)\s*$/.exec(text.trim())?.[1] ?? '');
}

import { dirname, join } from 'node:path';
import type { Problem } from '../errors.js';
import { parseVersion } from '../mesos/versions.js';
import { nodeInstallationFs, openInstallation, probeInstallation, type InstallationFs } from './installation-fs.js';

/**
 * Where a JDK keeps libjvm.so: `jre/lib/<arch>/server` up to JDK 8 (where Mesos 0.9's configure looks),
 * `lib/server` from JDK 9 on (MESOS.md fact 3).
 */
export type JdkLayout = { readonly kind: 'jre-lib-arch'; readonly arch: string } | { readonly kind: 'lib-server' };

/** What was found in a JDK home. */
export interface JdkFacts {
  /** The path as given. */
  readonly home: string;
  /** The path with symbolic links resolved (`/usr/lib/jvm/default-java` → the versioned directory). */
  readonly realHome: string;
  readonly layout: JdkLayout;
  /** Absolute path of libjvm.so. */
  readonly libjvm: string;
  /** `JAVA_VERSION` from the `release` file, when there is one. */
  readonly version: string | undefined;
  /** The feature release: 8 for `1.8.0_392`, 17 for `17.0.15`. */
  readonly major: number | undefined;
}

export interface JavaHomeReport {
  readonly problems: readonly Problem[];
  /** Set when there are no problems. */
  readonly jdk: JdkFacts | undefined;
}

/** Options of the installation checks. */
export interface InstallationCheckOptions {
  /** Defaults to node:fs/promises. */
  readonly fs?: InstallationFs;
  /** The name of the input in problems; defaults to the setting's name (`javaHome`, ...). */
  readonly field?: string;
}

const JRE_EXPECTED = 'a JDK (this looks like a JRE: no bin/javac)';

/** Checks that `javaHome` is a JDK Mesos can be built against, and finds its layout and version. */
export async function checkJavaHome(javaHome: string, options: InstallationCheckOptions = {}): Promise<JavaHomeReport> {
  const fs = options.fs ?? nodeInstallationFs;
  const field = options.field ?? 'javaHome';
  const opened = await openInstallation(fs, javaHome, field, 'a JDK home');
  if ('problem' in opened) return { problems: [opened.problem], jdk: undefined };
  const probe = opened.probe;
  const problems: Problem[] = [];
  const problem = (expected: string): void => {
    problems.push({ field, value: javaHome, expected });
  };

  if (!(await probe.isFile('bin/javac'))) {
    if (!(await probe.isFile('bin/java'))) {
      problem('a JDK home (a directory with bin/javac and include/jni.h)');
    } else {
      const parent = dirname(javaHome);
      const parentIsJdk = parent !== javaHome && (await probeInstallation(fs, parent).isFile('bin/javac'));
      problem(parentIsJdk ? `a JDK (this looks like a JRE: no bin/javac; the JDK is probably ${parent})` : JRE_EXPECTED);
    }
  }
  if (!(await probe.isFile('include/jni.h'))) {
    problem('a JDK with include/jni.h (Mesos builds its Java binding against it)');
  }
  const layout = await findLayout(probe.list, probe.isFile);
  if (layout === undefined) {
    problem('a JDK with libjvm.so in lib/server (JDK 9 and newer) or jre/lib/<arch>/server (JDK 8 and older)');
  }
  if (problems.length > 0 || layout === undefined) return { problems, jdk: undefined };

  const version = javaVersionOf(await probe.readSmallFile('release'));
  let realHome = javaHome;
  try {
    realHome = await fs.realpath(javaHome);
  } catch {
    realHome = javaHome;
  }
  return {
    problems: [],
    jdk: {
      home: javaHome,
      realHome,
      layout,
      libjvm: join(javaHome, libjvmDir(layout), 'libjvm.so'),
      version,
      major: version === undefined ? undefined : javaMajor(version),
    },
  };
}

/** The directory of libjvm.so relative to the JDK home, for a layout. */
export function libjvmDir(layout: JdkLayout): string {
  return layout.kind === 'lib-server' ? 'lib/server' : `jre/lib/${layout.arch}/server`;
}

/** `JAVA_VERSION="17.0.15"` from a JDK's `release` file. */
export function javaVersionOf(release: string | undefined): string | undefined {
  const match = release === undefined ? null : /^JAVA_VERSION="?([^"\s]+)"?\s*$/m.exec(release);
  return match?.[1];
}

/** The feature release of a Java version: `1.8.0_392` → 8, `17.0.15` → 17, `21` → 21. */
export function javaMajor(version: string): number | undefined {
  const parsed = parseVersion(version);
  if (parsed === undefined) return undefined;
  return parsed.major === 1 ? parsed.minor : parsed.major;
}

async function findLayout(
  list: (relative: string) => Promise<string[]>,
  isFile: (relative: string) => Promise<boolean>,
): Promise<JdkLayout | undefined> {
  // The old layout first: when both exist, 0.9's configure finds libjvm by itself.
  for (const arch of await list('jre/lib')) {
    if (await isFile(`jre/lib/${arch}/server/libjvm.so`)) return { kind: 'jre-lib-arch', arch };
  }
  if (await isFile('lib/server/libjvm.so')) return { kind: 'lib-server' };
  return undefined;
}

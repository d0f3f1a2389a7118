import type { Problem } from '../errors.js';
import { nodeInstallationFs, openInstallation } from './installation-fs.js';
import type { InstallationCheckOptions } from './check-java-home.js';

/** What was found in a Scala home. */
export interface ScalaFacts {
  readonly home: string;
  /** From a `VERSION` file or the library jar's name; undefined when neither says. */
  readonly version: string | undefined;
}

export interface ScalaHomeReport {
  readonly problems: readonly Problem[];
  /** Set when there are no problems. */
  readonly scala: ScalaFacts | undefined;
}

const LIBRARY_JAR = /^scala3?-library(?:_3)?-(\d+\.\d+\.\d+(?:-[A-Za-z0-9.]+)?)\.jar$/;

/** Checks that `scalaHome` holds a Scala distribution (`bin/scala`) and finds its version when it can. */
export async function checkScalaHome(scalaHome: string, options: InstallationCheckOptions = {}): Promise<ScalaHomeReport> {
  const field = options.field ?? 'scalaHome';
  const opened = await openInstallation(options.fs ?? nodeInstallationFs, scalaHome, field, 'a Scala home');
  if ('problem' in opened) return { problems: [opened.problem], scala: undefined };
  const probe = opened.probe;
  if (!(await probe.isFile('bin/scala'))) {
    return { problems: [{ field, value: scalaHome, expected: 'a Scala home (a directory with bin/scala)' }], scala: undefined };
  }
  const fromFile = scalaVersionOf(await probe.readSmallFile('VERSION'));
  const fromJar = (await probe.list('lib')).map((name) => LIBRARY_JAR.exec(name)?.[1]).find((v) => v !== undefined);
  return { problems: [], scala: { home: scalaHome, version: fromFile ?? fromJar } };
}

/** The version in a Scala distribution's `VERSION` file (`version:=3.3.1`, `version=2.13.12` or a bare version). */
export function scalaVersionOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*(?:version\s*:?=\s*)?(\d+\.\d+\.\d+(?:-[A-Za-z0-9.]+)?)\s*$/im.exec(text);
  return match?.[1];
}

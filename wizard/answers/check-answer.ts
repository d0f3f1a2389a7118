import { isIP } from 'node:net';
import { posix } from 'node:path';
import type { Problem } from '../../src/errors.js';
import { checkJavaHome, type JdkFacts } from '../../src/model/check-java-home.js';
import { checkScalaHome, type ScalaFacts } from '../../src/model/check-scala-home.js';
import { checkSparkHome, type SparkFacts } from '../../src/model/check-spark-home.js';
import { clusterSettingsWithDefaults, DEFAULT_MESOS_VERSION, hostKey, nodeSettingsWithDefaults } from '../../src/model/cluster-settings.js';
import type { InstallationFs } from '../../src/model/installation-fs.js';
import { validateNodeSettings } from '../../src/model/validate-settings.js';
import { checkBuildPath } from '../../src/model/validate-fields.js';
import { findProfile, supportedMesosVersions } from '../../src/mesos/profiles.js';
import { checkAbsolutePath, checkHost, checkHostName, checkIpAddress, type ValueCheck } from '../../src/validate/values.js';
import { answerSpec, type AnswerName, type ClusterAnswers } from './answer-table.js';
import { sourceLabel, splitHostList, type AnswerSource, type GivenAnswers, type RawAnswerValue } from './answer-sources.js';
import { versionInSourceName } from './detect/detect-environment.js';
import { checkMesosSource } from './mesos-source.js';
import type { NodeRole, WizardAnswers } from './wizard-answers.js';

/** The modes that collect answers (uninstall needs none). */
export type AnswerMode = 'create' | 'join' | 'reconfigure';

/** Answers settled so far, checked and normalised. */
export type KnownAnswers = { -readonly [K in AnswerName]?: WizardAnswers[K] };

/** What the installation checks found, for the plan (JDK layout and version, Spark version and its Mesos support). */
export interface InstallationFacts {
  readonly jdk?: JdkFacts;
  readonly spark?: SparkFacts;
  readonly scala?: ScalaFacts;
}

/** What a check may look at besides the value: the answers before it, the file system, the cluster (join). */
export interface AnswerCheckContext {
  readonly mode: AnswerMode;
  readonly known: Readonly<KnownAnswers>;
  /** Every answer as given (flags, environment, file), for checks against answers not settled yet. */
  readonly given: GivenAnswers;
  readonly fs: InstallationFs;
  readonly cwd: string;
  readonly cluster: ClusterAnswers | undefined;
}

/** The result of checking one answer: its problems, or its normalised value (and what was found on disk). */
export interface AnswerCheck {
  readonly problems: readonly Problem[];
  readonly value: WizardAnswers[AnswerName] | undefined;
  readonly facts: InstallationFacts;
}

/** The roles a node may have, as answered. */
export const ROLES: readonly NodeRole[] = ['master', 'slave', 'both'];

/** A path without trailing slashes (`/usr/lib/jvm/x/` and `/usr/lib/jvm/x` are one setting). */
export function normalizePath(path: string): string {
  const normal = posix.normalize(path);
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
}

/**
 * Checks one answer as given, naming it by its source (`--java-home`, `SPARK_MESOS_SETUP_JAVA_HOME`,
 * `javaHome in answers.json`) in every problem. Uses the core's checks: paths, hosts, the installation checks (a JRE
 * is not a JDK, a Spark home has conf/), Mesos version profiles; and the answers settled before it where they matter.
 */
export async function checkAnswer(name: AnswerName, raw: RawAnswerValue, source: AnswerSource, ctx: AnswerCheckContext): Promise<AnswerCheck> {
  const field = sourceLabel(name, source);
  const text = typeof raw === 'string' ? raw : raw.join(',');
  const fail = (expected: string, value: unknown = raw): AnswerCheck => ({ problems: [{ field, value, expected }], value: undefined, facts: {} });
  const ok = (value: WizardAnswers[AnswerName], facts: InstallationFacts = {}): AnswerCheck => ({ problems: [], value, facts });
  const plain = (check: ValueCheck): string | undefined => check(text);
  switch (name) {
    case 'prefix': {
      const expected = plain(checkBuildPath);
      return expected === undefined ? ok(normalizePath(text)) : fail(expected);
    }
    case 'javaHome': {
      const expected = plain(checkBuildPath);
      if (expected !== undefined) return fail(expected);
      const report = await checkJavaHome(text, { fs: ctx.fs, field });
      return report.jdk === undefined ? { problems: report.problems, value: undefined, facts: {} } : ok(normalizePath(text), { jdk: report.jdk });
    }
    case 'scalaHome': {
      const expected = plain(checkAbsolutePath);
      if (expected !== undefined) return fail(expected);
      const report = await checkScalaHome(text, { fs: ctx.fs, field });
      return report.scala === undefined ? { problems: report.problems, value: undefined, facts: {} } : ok(normalizePath(text), { scala: report.scala });
    }
    case 'sparkHome': {
      const expected = plain(checkAbsolutePath);
      if (expected !== undefined) return fail(expected);
      const report = await checkSparkHome(text, { fs: ctx.fs, field });
      if (report.spark === undefined) return { problems: report.problems, value: undefined, facts: {} };
      if (report.spark.support.status === 'removed') {
        return fail(`a Spark that runs on Mesos (Spark ${report.spark.version ?? ''} does not: Spark 4.0 removed Mesos support; use Spark 3.x or older)`);
      }
      return ok(normalizePath(text), { spark: report.spark });
    }
    case 'mesosSource':
      return checkSourceAnswer(text, field, ctx);
    case 'mesosSha256': {
      if (!/^[0-9a-f]{64}$/i.test(text)) return fail('a SHA-256 checksum: 64 hexadecimal digits');
      const source = ctx.known.mesosSource;
      if (source !== undefined && (await isDirectorySource(source, ctx))) {
        return fail(`no checksum with a source directory (${source}): a checksum applies to a tarball or URL`);
      }
      return ok(text.toLowerCase());
    }
    case 'mesosVersion':
      return findProfile(text) === undefined ? fail(`a Mesos version with a profile: ${supportedMesosVersions()}`) : ok(text);
    case 'master': {
      const expected = plain(checkHost);
      if (expected !== undefined) return fail(expected);
      const profile = findProfile(ctx.known.mesosVersion ?? DEFAULT_MESOS_VERSION);
      if (profile !== undefined && !profile.ipv6 && isIP(text.replace(/^\[(.*)\]$/, '$1')) === 6) {
        return fail(`a host name or IPv4 address (Mesos ${profile.covers} cannot use IPv6)`);
      }
      return ok(text);
    }
    case 'slaves':
      return checkSlaves(typeof raw === 'string' ? splitHostList(raw) : raw, source);
    case 'role':
      return (ROLES as readonly string[]).includes(text) ? ok(text as NodeRole) : fail(`a role: ${ROLES.join(', ')}`);
    case 'hostname': {
      const expected = plain(checkHostName);
      return expected === undefined ? ok(text) : fail(expected);
    }
    case 'advertise':
      return checkAdvertise(text, field, ctx);
  }
}

async function isDirectorySource(source: string, ctx: AnswerCheckContext): Promise<boolean> {
  const checked = await checkMesosSource(source, ctx);
  return 'kind' in checked && checked.kind === 'directory';
}

async function checkSourceAnswer(text: string, field: string, ctx: AnswerCheckContext): Promise<AnswerCheck> {
  const checked = await checkMesosSource(text, ctx);
  if ('expected' in checked) return { problems: [{ field, value: text, expected: checked.expected }], value: undefined, facts: {} };
  const givenVersion = ctx.known.mesosVersion ?? ctx.given.mesosVersion?.value;
  const named = versionInSourceName(checked.location);
  if (typeof givenVersion === 'string' && named !== undefined && named !== givenVersion) {
    const flag = answerSpec('mesosVersion').flag;
    return { problems: [{ field, value: text, expected: `a Mesos ${givenVersion} source (this one's name says ${named}; or give ${flag} ${named})` }], value: undefined, facts: {} };
  }
  return { problems: [], value: checked.location, facts: {} };
}

function checkSlaves(hosts: readonly string[], source: AnswerSource): AnswerCheck {
  const problems: Problem[] = [];
  const first = new Map<string, number>();
  hosts.forEach((host, index) => {
    const field = sourceLabel('slaves', source, `[${index}]`);
    const expected = checkHost(host);
    if (expected !== undefined) {
      problems.push({ field, value: host, expected });
      return;
    }
    const seen = first.get(hostKey(host));
    if (seen === undefined) first.set(hostKey(host), index);
    else problems.push({ field, value: host, expected: `a host listed once (it is already ${sourceLabel('slaves', source, `[${seen}]`)})` });
  });
  return { problems, value: problems.length === 0 ? [...hosts] : undefined, facts: {} };
}

/** An address of this node: an IP address, and (once the hosts are known) the core's node checks, loopback included. */
function checkAdvertise(text: string, field: string, ctx: AnswerCheckContext): AnswerCheck {
  const expected = checkIpAddress(text);
  if (expected !== undefined) return { problems: [{ field, value: text, expected }], value: undefined, facts: {} };
  const { hostname, mesosVersion } = ctx.known;
  const masters = hostsSoFar(ctx, 'master');
  const node = nodeSettingsWithDefaults({ hostname: hostname ?? text, advertise: text });
  const cluster =
    hostname === undefined
      ? undefined
      : clusterSettingsWithDefaults({ javaHome: '/', sparkHome: '/', masters, slaves: hostsSoFar(ctx, 'slaves'), mesosVersion: mesosVersion ?? DEFAULT_MESOS_VERSION });
  const problems = validateNodeSettings(node, cluster)
    .filter((p) => p.field === 'advertise')
    .map((p) => ({ ...p, field }));
  return { problems, value: problems.length === 0 ? text : undefined, facts: {} };
}

/** The hosts of the master or the slaves as settled, else the well-formed ones as given (a list with one bad host still names the others). */
function hostsSoFar(ctx: AnswerCheckContext, name: 'master' | 'slaves'): string[] {
  const known = ctx.known[name];
  if (known !== undefined) return typeof known === 'string' ? [known] : [...known];
  const given = ctx.given[name]?.value;
  const hosts = given === undefined ? [] : typeof given === 'string' ? [given] : given;
  return hosts.filter((host) => checkHost(host) === undefined);
}

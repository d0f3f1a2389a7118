import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolError } from '../../src/errors.js';
import type { CliIo } from '../../src/cli/run-cli.js';
import { fetchNodeStatus } from '../../src/control/control-client.js';
import { profileFor } from '../../src/mesos/profiles.js';
import { packageRoot, packageVersion } from '../../src/version.js';
import type { CollectedAnswers } from '../answers/collect-answers.js';
import type { WizardRunOptions } from '../answers/wizard-answers.js';
import { buildSetupPlan, formatPlan } from '../plan/setup-plan.js';
import { formatPreflight, gatherPreflightFacts, judgePreflight } from '../preflight/preflight.js';
import { countMakeUnits, createProgressReporter, MakeUnitCounter } from '../progress/index.js';
import { runSteps } from '../run/run-steps.js';
import type { Step } from '../run/step.js';
import { defaultLogPath, openSetupLog } from '../run/setup-log.js';
import { checkMesosSource } from '../answers/mesos-source.js';
import { sourceIdentity, type MesosSource } from '../steps/mesos-source.js';
import type { ServiceInstaller } from '../steps/mesosd-service.js';
import { formatSummary } from '../summary.js';
import type { SystemPaths } from '../system-paths.js';

export interface SetupNodeDeps {
  readonly io: CliIo & { readonly stdout: NodeJS.WriteStream | NodeJS.WritableStream };
  readonly paths: SystemPaths;
  readonly service: ServiceInstaller;
  /** Asks the person to accept the plan; undefined when there is nobody to ask (no terminal). */
  readonly confirm: ((message: string) => Promise<boolean>) | undefined;
  readonly signal: AbortSignal;
  /** Joining a cluster: the step that asks a peer to add this node. */
  readonly join?: (stateDir: string) => Step;
}

/** The cluster token: kept from an earlier run on this node, else 32 new random bytes. */
async function clusterToken(tokenFile: string, given: string | undefined): Promise<{ token: string }> {
  if (given !== undefined) return { token: given };
  const existing = (await readFile(tokenFile, 'utf8').catch(() => '')).trim();
  if (/^[0-9a-f]{64}$/.test(existing)) return { token: existing };
  return { token: randomBytes(32).toString('hex') };
}

/** The checked answer as the steps take it. */
async function mesosSourceOf(answer: string): Promise<MesosSource> {
  const checked = await checkMesosSource(answer);
  if ('expected' in checked) {
    throw new ToolError('INVALID_ANSWERS', `--mesos-source: ${JSON.stringify(answer)} is not valid; expected ${checked.expected}`, {
      hint: 'give the path of mesos-0.9.0-incubating.tar.gz (or of its unpacked directory), or `installed`',
    });
  }
  switch (checked.kind) {
    case 'url': return { kind: 'url', url: checked.location };
    case 'installed': return { kind: 'installed' };
    default: return { kind: checked.kind, path: checked.location };
  }
}

/**
 * Sets this node up from checked answers (and what the checks found in the installations): preflight, show the plan, then run the steps
 * (journaled, so a re-run with the same answers changes nothing) and print the summary.
 */
export async function setupNode(collected: Pick<CollectedAnswers, 'answers' | 'installations'>, run: WizardRunOptions, deps: SetupNodeDeps): Promise<number> {
  const { io, paths } = deps;
  const { answers, installations } = collected;
  const out = (text: string) => io.stdout.write(text);
  const spark = installations.spark;
  const profile = profileFor(answers.mesosVersion);
  const source = await mesosSourceOf(answers.mesosSource);
  const { token } = await clusterToken(paths.tokenFile, run.token);
  const plan = buildSetupPlan({
    answers, run, profile, jdk: installations.jdk, sparkVersion: spark.version, source,
    sourceIdentity: await sourceIdentity(source), paths, token,
    progress: { countUnits: countMakeUnits, liveCounter: (total) => new MakeUnitCounter(total) },
    packageRoot: packageRoot(), version: packageVersion(), nodePath: process.execPath, service: deps.service,
    ...(deps.join === undefined ? {} : { join: deps.join }),
  });

  const mesosdRunning = await fetchNodeStatus({ socketPath: paths.controlSocket, timeoutMs: 1000 }).then(() => true, () => false);
  const checks = judgePreflight(await gatherPreflightFacts({
    noSystemd: run.noSystemd, building: source.kind !== 'installed', prefix: answers.prefix,
    buildDir: join(paths.cacheDir, 'build'), hostname: answers.hostname, advertise: answers.advertise,
    ports: plan.cluster.ports, mesosdRunning, sparkWarnings: spark.warnings,
  }), profile);
  out(`Checks on this node:\n${formatPreflight(checks)}\n`);
  const failed = checks.filter((c) => c.level === 'fail');
  if (failed.length > 0) {
    throw new ToolError('PREFLIGHT_FAILED', `${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.map((c) => c.message).join('; ')}`, {
      hint: failed.map((c) => c.hint).filter(Boolean).join('; ') || 'fix the failed checks and run again',
    });
  }
  out(`The plan:\n${formatPlan(plan)}\n`);
  if (run.dryRun) {
    out('Dry run: nothing was changed.\n');
    return 0;
  }
  if (!run.yes) {
    if (deps.confirm === undefined) {
      throw new ToolError('MISSING_ANSWERS', 'without a terminal, the plan must be accepted with --yes', { hint: 'add --yes to go on' });
    }
    if (!(await deps.confirm('Go ahead with this plan?'))) {
      out('Nothing was changed.\n');
      return 1;
    }
  }

  const log = openSetupLog(run.logFile ?? defaultLogPath(paths.logDir));
  const stdout = io.stdout as NodeJS.WriteStream;
  const reporter = await createProgressReporter({ stream: stdout, isTTY: stdout.isTTY === true, columns: stdout.columns, env: io.env });
  try {
    await runSteps(plan.steps, { journalPath: paths.journal, reporter, log, signal: deps.signal });
  } finally {
    await reporter.close();
    await log.close();
  }
  out(`\n${formatSummary({
    cluster: plan.cluster, profile, roles: plan.roles, sparkVersion: spark.version, logPath: log.path,
    token: run.joinPeer === undefined ? token : undefined, advertise: answers.advertise,
    foregroundCommand: run.noSystemd ? plan.foregroundCommand : undefined,
  })}`);
  return 0;
}

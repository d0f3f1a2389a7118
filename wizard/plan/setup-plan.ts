import { join } from 'node:path';
import type { MesosProfile } from '../../src/mesos/profile-types.js';
import {
  clusterSettingsWithDefaults, isThisNode, nodeSettingsWithDefaults, rolesOf, type ClusterSettings, type NodeRoles,
  type NodeSettings,
} from '../../src/model/cluster-settings.js';
import type { JdkFacts } from '../../src/model/check-java-home.js';
import { assertValidClusterSettings, assertValidNodeSettings } from '../../src/model/validate-settings.js';
import type { WizardAnswers, WizardRunOptions } from '../answers/wizard-answers.js';
import type { Step } from '../run/step.js';
import { buildMesosSteps, type BuildProgress } from '../steps/build-mesos.js';
import { sparkEnvVars } from '../../src/mesos/spark-env-vars.js';
import { deployFilesStep, mesosdSettingsStep, sparkEnvStep } from '../steps/configure-files.js';
import { installedMesosStep } from '../steps/installed-mesos.js';
import { installPackageStep, installedPackageDir } from '../steps/install-package.js';
import { loaderStep } from '../steps/loader-step.js';
import { obtainSourceStep, type MesosSource } from '../steps/mesos-source.js';
import { mesosdServiceSteps, type ServiceInstaller } from '../steps/mesosd-service.js';
import type { SystemPaths } from '../system-paths.js';

export interface SetupPlanInput {
  readonly answers: WizardAnswers;
  readonly run: WizardRunOptions;
  readonly profile: MesosProfile;
  readonly jdk: JdkFacts;
  readonly sparkVersion: string | undefined;
  readonly source: MesosSource;
  readonly sourceIdentity: string;
  readonly paths: SystemPaths;
  readonly token: string;
  readonly progress: BuildProgress;
  /** The running package and its version, copied to the fixed install place. */
  readonly packageRoot: string;
  readonly version: string;
  /** The node binary the unit runs mesosd with. */
  readonly nodePath: string;
  readonly service: ServiceInstaller;
  /** Joining: the step that asks a peer to add this node (before mesosd's settings are written). */
  readonly join?: (stateDir: string) => Step;
}

export interface SetupPlan {
  readonly cluster: ClusterSettings;
  readonly node: NodeSettings;
  readonly roles: NodeRoles;
  readonly steps: readonly Step[];
  /** How to run mesosd in the foreground (shown with --no-systemd). */
  readonly foregroundCommand: string;
}

/** This node in the host lists: its role decides whether it is a master and a slave, whatever the lists said. */
function clusterHostsFor(answers: WizardAnswers): { masters: string[]; slaves: string[] } {
  const self = { hostname: answers.hostname, advertise: answers.advertise };
  const others = answers.slaves.filter((host) => !isThisNode(host, self));
  const listedSelf = answers.slaves.find((host) => isThisNode(host, self)) ?? answers.advertise;
  const slaves = answers.role === 'master' ? others : [...others, listedSelf];
  const masters = answers.role === 'slave' || isThisNode(answers.master, self) ? [answers.master] : [answers.advertise];
  return { masters, slaves: [...new Set(slaves)] };
}

/** Every step of setting this node up, from the answers: checked settings in, steps out. No I/O. */
export function buildSetupPlan(input: SetupPlanInput): SetupPlan {
  const { answers, paths, profile } = input;
  const cluster = clusterSettingsWithDefaults({
    mesosVersion: answers.mesosVersion,
    prefix: answers.prefix,
    javaHome: answers.javaHome,
    ...(answers.scalaHome === undefined ? {} : { scalaHome: answers.scalaHome }),
    sparkHome: answers.sparkHome,
    ...clusterHostsFor(answers),
  });
  const node = nodeSettingsWithDefaults({
    hostname: answers.hostname,
    advertise: answers.advertise,
    stateDir: paths.stateDir,
    workDir: join(paths.stateDir, 'work'),
    logDir: join(paths.root, 'var/log/mesosd'),
  });
  assertValidClusterSettings(cluster);
  assertValidNodeSettings(node, cluster);
  const mesosPaths = profile.paths(cluster.prefix, cluster.mesosVersion);
  const buildDir = join(paths.cacheDir, 'build', `mesos-${cluster.mesosVersion}`);
  const installed = installedPackageDir(paths.installRoot, input.version);
  const mesosdArgs = [join(installed, 'bin', 'mesosd.js'), 'run', '--config', paths.mesosdConfig];
  const steps: Step[] = [];
  if (input.source.kind === 'installed') {
    steps.push(installedMesosStep(mesosPaths));
  } else {
    steps.push(
      obtainSourceStep({ source: input.source, sha256: answers.mesosSha256, buildDir, downloadDir: join(paths.cacheDir, 'downloads'), identity: input.sourceIdentity }),
      ...buildMesosSteps({
        buildDir, paths: mesosPaths, progress: input.progress,
        configureArgs: profile.configureArgs({ prefix: cluster.prefix, javaHome: cluster.javaHome, jdkLayout: input.jdk.layout }),
      }),
    );
  }
  steps.push(
    loaderStep(cluster.prefix, paths.ldConfDir, paths.root === '/'),
    sparkEnvStep(cluster.sparkHome, sparkEnvVars(cluster, profile, input.sparkVersion)),
    deployFilesStep(cluster, profile),
    installPackageStep({ sourceRoot: input.packageRoot, version: input.version, installRoot: paths.installRoot, binDir: paths.binDir }),
    ...(input.join === undefined ? [] : [input.join(paths.stateDir)]),
    mesosdSettingsStep({
      mesosdConfig: paths.mesosdConfig, controlSocket: paths.controlSocket, tokenFile: paths.tokenFile, token: input.token,
      node, cluster,
    }),
  );
  if (!input.run.noSystemd) {
    steps.push(...mesosdServiceSteps({ execStart: [input.nodePath, ...mesosdArgs], unitDir: paths.unitDir, controlSocket: paths.controlSocket, installer: input.service }));
  }
  return {
    cluster, node, roles: rolesOf(cluster, node), steps,
    foregroundCommand: [input.nodePath, ...mesosdArgs, '--no-systemd'].join(' '),
  };
}

/** The plan as the user reviews it: every step with exactly what it will do. */
export function formatPlan(plan: SetupPlan): string {
  const lines = plan.steps.flatMap((step, index) => [
    `${String(index + 1).padStart(2)}. ${step.title}`,
    ...step.actions.map((action) => `      ${action}`),
  ]);
  return `${lines.join('\n')}\n`;
}

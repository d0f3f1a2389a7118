import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../src/fs/atomic-file.js';
import { sparkEnvPath, writeSparkEnvBlock } from '../../src/mesos/spark-env-file.js';
import { writeMesosFiles } from '../../src/mesos/mesos-files.js';
import type { MesosProfile } from '../../src/mesos/profile-types.js';
import type { ClusterSettings, NodeSettingsInput } from '../../src/model/cluster-settings.js';
import type { Step } from '../run/step.js';

/** Spark's conf/spark-env.sh: only the managed block changes; every byte outside it is kept. */
export function sparkEnvStep(sparkHome: string, vars: Readonly<Record<string, string>>): Step {
  const file = sparkEnvPath(sparkHome);
  return {
    id: 'spark-env',
    title: 'Configure Spark for Mesos',
    actions: [`write the spark-mesos-setup block of ${file}: ${Object.entries(vars).map(([k, v]) => `${k}=${v}`).join(' ')}`],
    inputs: { file, vars },
    always: true,
    run: async (context) => {
      const written = await writeSparkEnvBlock(sparkHome, vars);
      for (const line of written.shadowed) context.say(`warning: ${line}`);
      return written.changed ? file : 'unchanged';
    },
  };
}

/** deploy/masters, deploy/slaves and conf/mesos.conf under the prefix. */
export function deployFilesStep(cluster: ClusterSettings, profile: MesosProfile): Step {
  const paths = profile.paths(cluster.prefix, cluster.mesosVersion);
  return {
    id: 'deploy-files',
    title: 'Write the Mesos deploy files',
    actions: [
      `write ${paths.masters}: ${cluster.masters.join(' ')}`,
      `write ${paths.slaves}: ${cluster.slaves.join(' ') || '(none)'}`,
      ...(paths.mesosConf === undefined ? [] : [`write ${paths.mesosConf}`]),
    ],
    inputs: { cluster },
    always: true,
    run: async () => {
      const written = await writeMesosFiles(cluster, profile);
      return written.length === 0 ? 'unchanged' : `${written.length} written`;
    },
  };
}

export interface MesosdSettingsInput {
  readonly mesosdConfig: string;
  readonly controlSocket: string;
  readonly node: NodeSettingsInput & { readonly stateDir: string };
  readonly cluster: ClusterSettings;
  readonly tokenFile: string;
  readonly token: string;
}

/** mesosd's settings (/etc/mesosd/mesosd.json), the cluster it runs (<stateDir>/cluster.json) and the token (0600). */
export function mesosdSettingsStep(input: MesosdSettingsInput): Step {
  const clusterFile = join(input.node.stateDir, 'cluster.json');
  return {
    id: 'mesosd-settings',
    title: "Write mesosd's settings",
    actions: [`write ${input.mesosdConfig}`, `write ${clusterFile}`, `write ${input.tokenFile} (mode 0600)`],
    inputs: { node: input.node, cluster: input.cluster, controlSocket: input.controlSocket },
    always: true,
    run: async () => {
      let changed = 0;
      for (const [path, text, mode] of [
        [input.mesosdConfig, `${JSON.stringify({ node: input.node, controlSocket: input.controlSocket }, null, 2)}\n`, 0o644],
        [clusterFile, `${JSON.stringify(input.cluster, null, 2)}\n`, 0o644],
        [input.tokenFile, `${input.token}\n`, 0o600],
      ] as const) {
        await mkdir(dirname(path), { recursive: true, mode: path === input.tokenFile ? 0o700 : 0o755 });
        if ((await writeFileAtomic(path, text, { mode })).changed) changed += 1;
      }
      await chmod(input.tokenFile, 0o600);
      return changed === 0 ? 'unchanged' : `${changed} written`;
    },
  };
}

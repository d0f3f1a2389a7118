import { applySparkEnvBlock } from '../../../src/formats/spark-env.js';
import { renderHostList } from '../../../src/formats/host-list.js';
import { renderMesosConf } from '../../../src/formats/mesos-conf.js';
import { mesos09Profile } from '../../../src/mesos/profiles.js';
import { sparkEnvVars } from '../../../src/mesos/spark-env-vars.js';
import { clusterSettingsWithDefaults, type ClusterSettings } from '../../../src/model/cluster-settings.js';
import type { HandEditContext } from '../../../daemon/watch/index.js';

/** A valid cluster: one master, two slaves, one mesos.conf key, one extra spark-env.sh variable, no scalaHome. */
export const CURRENT: ClusterSettings = clusterSettingsWithDefaults({
  javaHome: '/usr/lib/jvm/java-17',
  sparkHome: '/opt/spark',
  masters: ['master1'],
  slaves: ['node1', 'node2'],
  mesosConf: { quiet: 'true' },
  sparkEnv: { SPARK_MEM: '2g' },
});

export const PROFILE = mesos09Profile;

export const context = (current: ClusterSettings = CURRENT, sparkVersion?: string): HandEditContext => ({
  current,
  profile: PROFILE,
  ...(sparkVersion === undefined ? {} : { sparkVersion }),
});

/** The user's part of spark-env.sh, before the managed block. */
export const USER_PART = '#!/usr/bin/env bash\n# my settings\nexport SPARK_WORKER_CORES=4\n';

/** The files as mesosd writes them for `settings`. */
export function renderings(settings: ClusterSettings = CURRENT, sparkVersion?: string) {
  return {
    masters: renderHostList(settings.masters, { file: 'masters' }),
    slaves: renderHostList(settings.slaves, { file: 'slaves' }),
    mesosConf: renderMesosConf(settings.mesosConf),
    sparkEnv: applySparkEnvBlock(USER_PART, sparkEnvVars(settings, PROFILE, sparkVersion)),
  };
}

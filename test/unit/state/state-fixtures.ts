import { clusterSettingsWithDefaults, type ClusterSettings } from '../../../src/model/cluster-settings.js';
import { serializeState } from '../../../src/state/state-json.js';
import type { ReplicatedState } from '../../../src/state/state-types.js';

/** Valid settings of a three-node cluster. */
export const BASE_SETTINGS: ClusterSettings = clusterSettingsWithDefaults({
  javaHome: '/usr/lib/jvm/java-8-openjdk',
  sparkHome: '/opt/spark',
  scalaHome: '/opt/scala',
  masters: ['node1'],
  slaves: ['node2', 'node3'],
  mesosConf: { quiet: 'true' },
  sparkEnv: { SPARK_MEM: '1g' },
});

/** The state as the text peers and files see: equal text, equal state. */
export function stateText(state: ReplicatedState): string {
  return JSON.stringify(serializeState(state));
}

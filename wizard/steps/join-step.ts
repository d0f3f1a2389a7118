import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadStateFile, mergeStates, saveStateFile, STATE_FILE_NAME } from '../../src/state/index.js';
import type { NodeRole } from '../answers/wizard-answers.js';
import { joinCluster, type Peer } from '../commands/join-cluster.js';
import type { Step } from '../run/step.js';

/**
 * Asks a node of the cluster to add this one, and keeps the cluster's state it answers with as this node's own, so
 * mesosd starts from the cluster's settings (and the other nodes already list this one).
 */
export function joinStep(peer: Peer, host: string, role: NodeRole, stateDir: string): Step {
  const statePath = join(stateDir, STATE_FILE_NAME);
  return {
    id: 'join',
    title: 'Join the cluster',
    actions: [`ask ${peer.host}:${peer.port} (signed with the cluster token) to add ${host} as a ${role}`, `write ${statePath} (mode 0600)`],
    inputs: { peer: `${peer.host}:${peer.port}`, host, role },
    run: async () => {
      const joined = await joinCluster(peer, host, role);
      const mine = await loadStateFile(statePath).catch(() => undefined);
      await mkdir(stateDir, { recursive: true });
      await saveStateFile(statePath, mine === undefined ? joined : mergeStates(mine, joined));
      return `${peer.host} added ${host}`;
    },
  };
}

import { hostname } from 'node:os';
import { ToolError } from '../../src/errors.js';
import type { ClusterSettings } from '../../src/model/cluster-settings.js';
import { emptyState, digest, parseState, settingsOf, type ReplicatedState } from '../../src/state/index.js';
import { peerRequest } from '../../src/sync/peer-client.js';
import { DEFAULT_PEER_PORT } from '../../src/sync/peer-protocol.js';
import type { ClusterAnswers } from '../answers/answer-table.js';
import { splitPeerAddress } from '../answers/parse-wizard-args.js';
import type { NodeRole } from '../answers/wizard-answers.js';

export interface Peer {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** How this node names itself to the peer (its host name). */
  readonly nodeId: string;
}

export function peerOf(joinPeer: string, token: string | undefined): Peer {
  if (token === undefined || token === '') {
    throw new ToolError('MISSING_ANSWERS', 'joining needs the cluster token', { hint: 'give it with --token (it is in the first node\'s summary, and in /etc/mesosd/cluster.token there)' });
  }
  const { host, port } = splitPeerAddress(joinPeer);
  return { host, port: port === undefined ? DEFAULT_PEER_PORT : Number(port), token: token.trim(), nodeId: hostname().split('.')[0] ?? 'node' };
}

/** The cluster's settings as the answers a joining node takes from it (paths, version, hosts). */
export function clusterAnswersOf(settings: ClusterSettings): ClusterAnswers {
  return {
    prefix: settings.prefix, javaHome: settings.javaHome, scalaHome: settings.scalaHome, sparkHome: settings.sparkHome,
    mesosVersion: settings.mesosVersion, master: settings.masters[0] ?? '', slaves: settings.slaves,
  };
}

/** Reads the cluster's whole state from the peer (a sync with an empty digest), changing nothing there. */
export async function fetchClusterState(peer: Peer): Promise<ReplicatedState> {
  const answer = await peerRequest({
    host: peer.host, port: peer.port, token: peer.token, nodeId: peer.nodeId, method: 'POST', path: '/v1/sync',
    body: { digest: digest(emptyState()) }, timeoutMs: 10_000,
  }) as { state?: unknown };
  const state = parseState(answer.state);
  if (settingsOf(state).masters.length === 0) {
    throw new ToolError('PEER_EMPTY', `${peer.host}:${peer.port} answered, but has no cluster settings`, { hint: 'join a node that has been set up' });
  }
  return state;
}

/** Asks the peer to add this node to the cluster; returns the cluster's state with this node in it. */
export async function joinCluster(peer: Peer, host: string, role: NodeRole): Promise<ReplicatedState> {
  const answer = await peerRequest({
    host: peer.host, port: peer.port, token: peer.token, nodeId: peer.nodeId, method: 'POST', path: '/v1/join',
    body: { host, roles: { master: role !== 'slave', slave: role !== 'master' } }, timeoutMs: 10_000,
  }) as { state?: unknown };
  return parseState(answer.state);
}

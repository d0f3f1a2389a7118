import { isToolError, ToolError } from '../../src/errors.js';
import { clusterHosts, isThisNode, type NodeSettings } from '../../src/model/cluster-settings.js';
import { addMember, delta, digest, isEmptyState, parseDigest, parseState, removeMember, serializeState, type ReplicatedState } from '../../src/state/index.js';
import { peerRequest } from '../../src/sync/peer-client.js';
import type { PeerKey } from '../../src/sync/cluster-token.js';
import type { PeerRoutes } from '../sync/peer-routes.js';
import type { Logger } from '../run/logger.js';
import type { Replica } from './replica.js';

export interface PeerSyncOptions {
  readonly replica: Replica;
  readonly node: NodeSettings;
  readonly key: PeerKey;
  readonly log: Logger;
  /** Anti-entropy period; each round waits this long plus up to half of it again (jitter). Default 3000 ms. */
  readonly periodMs?: number;
  /** How many peers, picked at random, each anti-entropy round talks to. Default 2. */
  readonly fanout?: number;
  readonly timeoutMs?: number;
}

/** `count` of `items` picked at random (all of them when there are no more). */
function pickRandom<T>(items: readonly T[], count: number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

interface SyncBody {
  readonly digest: unknown;
  readonly state?: unknown;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const refusal = (error: unknown, status = 400) => ({
  status,
  body: isToolError(error) ? { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) }
    : { code: 'INTERNAL', message: String(error) },
});

/** Pushes changes to the peers at once and repairs the rest by anti-entropy; serves the peers' sync and join calls. */
export class PeerSync {
  readonly #o: PeerSyncOptions;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  /** Per peer host: whether the last exchange with it (either way) went through. Peers not yet talked to are absent. */
  readonly #answered = new Map<string, boolean>();

  constructor(options: PeerSyncOptions) {
    this.#o = options;
  }

  /** The other nodes of the cluster, as the state names them, with mesosd's port. */
  peers(): { host: string; port: number }[] {
    const settings = this.#o.replica.settings;
    return clusterHosts(settings).filter((host) => !isThisNode(host, this.#o.node))
      .map((host) => ({ host, port: settings.ports.mesosd }));
  }

  routes(): PeerRoutes {
    const { replica } = this.#o;
    return {
      'POST /v1/sync': async ({ body, nodeId, remoteAddress }) => {
        this.#heardFrom(remoteAddress);
        const request = record(body) as unknown as SyncBody;
        try {
          if (request.state !== undefined) await replica.merge(parseState(request.state), nodeId);
          const theirs = parseDigest(request.digest);
          return { status: 200, body: { digest: digest(replica.state), state: serializeState(delta(replica.state, theirs)) } };
        } catch (error) {
          this.#o.log.error(`state from ${nodeId} refused, nothing applied: ${isToolError(error) ? error.message : String(error)}`);
          return refusal(error);
        }
      },
      'POST /v1/join': async ({ body, nodeId }) => {
        const request = record(body);
        const host = request['host'];
        const roles = record(request['roles']);
        if (typeof host !== 'string') return refusal(new ToolError('BAD_JOIN', 'a join names the host to add'));
        try {
          await replica.local((state, self) => {
            let next = roles['slave'] === false ? state : addMember(state, self, 'slaves', host);
            if (roles['master'] === true) next = addMember(next, self, 'masters', host);
            return next;
          }, `${nodeId} joins as ${host}`);
          return { status: 200, body: { state: serializeState(replica.state) } };
        } catch (error) {
          return refusal(error);
        }
      },
      'POST /v1/leave': async ({ body, nodeId }) => {
        const host = record(body)['host'];
        if (typeof host !== 'string') return refusal(new ToolError('BAD_LEAVE', 'a leave names the host to remove'));
        try {
          await replica.local((state, self) => removeMember(removeMember(state, self, 'slaves', host), self, 'masters', host), `${nodeId} leaves`);
          return { status: 200, body: { state: serializeState(replica.state) } };
        } catch (error) {
          return refusal(error);
        }
      },
    };
  }

  /**
   * One two-way exchange with a peer: their news merged here, ours sent when they lack it. With `withState` this
   * node's whole state goes in the first call (a push: one round trip when the peer had everything else); without,
   * the first call carries only the digest (anti-entropy: nothing is sent that the peer already has).
   */
  async exchange(peer: { host: string; port: number }, withState = false): Promise<void> {
    const { replica, key, node } = this.#o;
    const call = (body: SyncBody) => peerRequest({
      host: peer.host, port: peer.port, token: key, nodeId: replica.nodeId, method: 'POST', path: '/v1/sync', body,
      timeoutMs: this.#o.timeoutMs ?? 3000, localAddress: node.advertise,
    });
    const first: SyncBody = withState ? { digest: digest(replica.state), state: serializeState(replica.state) } : { digest: digest(replica.state) };
    let answer: Record<string, unknown>;
    try {
      answer = record(await call(first));
      this.#answered.set(peer.host, true);
    } catch (error) {
      this.#answered.set(peer.host, false);
      throw error;
    }
    if (answer['state'] !== undefined) await replica.merge(parseState(answer['state']), peer.host);
    const missing = delta(replica.state, parseDigest(answer['digest']));
    if (!isEmptyState(missing)) await call({ digest: digest(replica.state), state: serializeState(missing) });
  }

  /** Sends this node's state to every peer now (after a local change). Failures are left to anti-entropy. */
  async push(): Promise<void> {
    await Promise.all(this.peers().map((peer) => this.exchange(peer, true).catch((error: unknown) => {
      this.#o.log.warn(`could not reach ${peer.host}:${peer.port} (${isToolError(error) ? error.code : String(error)}); anti-entropy will retry`);
    })));
  }

  /** Asks every reachable peer for newer state, waiting at most `timeoutMs`; returns how many answered. */
  async pullFromPeers(timeoutMs: number): Promise<{ answered: number; asked: number }> {
    const peers = this.peers();
    let answered = 0;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([
      Promise.all(peers.map((peer) => this.exchange(peer).then(() => { answered += 1; }, () => undefined))),
      deadline,
    ]);
    return { answered, asked: peers.length };
  }

  /** A signed sync from a peer's address: it is in reach, whoever started the exchange. */
  #heardFrom(address: string): void {
    if (this.peers().some((peer) => peer.host === address)) this.#answered.set(address, true);
  }

  /** The peers whose last exchange with this node failed (peers not yet talked to are not listed). */
  unreachable(): string[] {
    return this.peers().filter((peer) => this.#answered.get(peer.host) === false).map((peer) => peer.host);
  }

  /** How many of the peers answered the last exchange with them. */
  reachable(): number {
    return this.peers().filter((peer) => this.#answered.get(peer.host) === true).length;
  }

  start(): void {
    const period = this.#o.periodMs ?? 3000;
    // Each round talks to a few peers picked at random, not to all: a change a push missed still reaches every node
    // in a few rounds (gossip), and the cost of a round stays the same however large the cluster (all-to-all rounds
    // grew with the square of the nodes and kept fifty nodes' CPUs busy doing nothing but compare digests).
    const fanout = this.#o.fanout ?? 2;
    const round = () => {
      if (this.#stopped) return;
      void Promise.all(pickRandom(this.peers(), fanout).map((peer) => this.exchange(peer).catch(() => undefined))).finally(() => {
        if (!this.#stopped) this.#timer = setTimeout(round, period + Math.random() * period * 0.5);
      });
    };
    this.#timer = setTimeout(round, period * Math.random());
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}

export type { ReplicatedState };

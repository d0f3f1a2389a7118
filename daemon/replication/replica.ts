import { checkMergedState, mergeRemoteState, saveStateFile, sameState, settingsOf, stateVersion, type ReplicatedState } from '../../src/state/index.js';
import type { ClusterSettings } from '../../src/model/cluster-settings.js';
import type { Logger } from '../run/logger.js';

/** Where a change came from: this node (`mesosd config`, a hand edit, a join it served) or a peer's state. */
export type ChangeOrigin = 'local' | 'peer';

export type ReplicaChange = (settings: ClusterSettings, reason: string, origin: ChangeOrigin) => Promise<void>;

export interface ReplicaOptions {
  readonly nodeId: string;
  readonly statePath: string;
  readonly state: ReplicatedState;
  readonly log: Logger;
  /** Runs after every change is saved: write the files, restart what changed, tell the peers. */
  readonly onChange: ReplicaChange;
}

/**
 * This node's copy of the cluster state. Every change is checked, then saved (atomically) before anything acts on it
 * or spreads it: a node never goes back to an older state after a restart. Changes are applied one at a time.
 */
export class Replica {
  #state: ReplicatedState;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #o: ReplicaOptions;

  constructor(options: ReplicaOptions) {
    this.#o = options;
    this.#state = options.state;
  }

  get nodeId(): string {
    return this.#o.nodeId;
  }

  get state(): ReplicatedState {
    return this.#state;
  }

  get settings(): ClusterSettings {
    return settingsOf(this.#state);
  }

  get version(): string {
    return stateVersion(this.#state);
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #adopt(next: ReplicatedState, reason: string, origin: ChangeOrigin): Promise<boolean> {
    if (sameState(next, this.#state)) return false;
    checkMergedState(next);
    await saveStateFile(this.#o.statePath, next);
    this.#state = next;
    await this.#o.onChange(settingsOf(next), reason, origin);
    return true;
  }

  /** A change made on this node (`mesosd config`, a hand edit, a join). Throws (and changes nothing) when invalid. */
  local(change: (state: ReplicatedState, nodeId: string) => ReplicatedState, reason: string): Promise<boolean> {
    return this.#serial(() => this.#adopt(change(this.#state, this.#o.nodeId), reason, 'local'));
  }

  /** A state from a peer: merged, checked whole (an invalid result is refused and nothing is applied). */
  merge(remote: ReplicatedState, from: string): Promise<boolean> {
    return this.#serial(() => this.#adopt(mergeRemoteState(this.#state, remote), `changes from ${from}`, 'peer'));
  }
}

import { checkMergedState, mergeRemoteState, saveStateFile, settingsOf, stateText, stateVersion, type ReplicatedState } from '../../src/state/index.js';
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

/** The current state with what is read from it often, computed once per change. */
interface Snapshot {
  readonly state: ReplicatedState;
  readonly text: string;
  readonly settings: ClusterSettings;
  readonly version: string;
}

function snapshot(state: ReplicatedState, text = stateText(state)): Snapshot {
  return { state, text, settings: settingsOf(state), version: stateVersion(state, text) };
}

/** A peer's state this node refused to merge. */
export interface RefusedMerge {
  readonly from: string;
  readonly message: string;
  readonly at: number;
}

/**
 * This node's copy of the cluster state. Every change is checked, then saved (atomically) before anything acts on it
 * or spreads it: a node never goes back to an older state after a restart. Changes are applied one at a time.
 */
export class Replica {
  #now: Snapshot;
  #refused: RefusedMerge | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #o: ReplicaOptions;

  constructor(options: ReplicaOptions) {
    this.#o = options;
    this.#now = snapshot(options.state);
  }

  get nodeId(): string {
    return this.#o.nodeId;
  }

  get state(): ReplicatedState {
    return this.#now.state;
  }

  get settings(): ClusterSettings {
    return this.#now.settings;
  }

  get version(): string {
    return this.#now.version;
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #adopt(next: ReplicatedState, reason: string, origin: ChangeOrigin): Promise<boolean> {
    const text = stateText(next);
    if (next === this.#now.state || text === this.#now.text) return false;
    checkMergedState(next);
    await saveStateFile(this.#o.statePath, next);
    this.#now = snapshot(next, text);
    await this.#o.onChange(this.#now.settings, reason, origin);
    return true;
  }

  /** Resolves when the changes queued so far have been applied (or refused). */
  idle(): Promise<void> {
    return this.#queue.then(() => undefined);
  }

  /** A change made on this node (`mesosd config`, a hand edit, a join). Throws (and changes nothing) when invalid. */
  local(change: (state: ReplicatedState, nodeId: string) => ReplicatedState, reason: string): Promise<boolean> {
    return this.#serial(() => this.#adopt(change(this.#now.state, this.#o.nodeId), reason, 'local'));
  }

  /**
   * A state from a peer: merged, checked whole (an invalid result is refused and nothing is applied). Two valid
   * writes made at once on two nodes can merge into invalid settings (two ports set equal): every node then refuses
   * the merge until a newer write of either key; `refused` says so until a peer's state is taken again.
   */
  merge(remote: ReplicatedState, from: string): Promise<boolean> {
    return this.#serial(async () => {
      try {
        const changed = await this.#adopt(mergeRemoteState(this.#now.state, remote), `changes from ${from}`, 'peer');
        this.#refused = undefined;
        return changed;
      } catch (error) {
        this.#refused = { from, message: error instanceof Error ? error.message : String(error), at: Date.now() };
        throw error;
      }
    });
  }

  /** The last peer state this node refused, while no peer state has been taken since. */
  get refused(): RefusedMerge | undefined {
    return this.#refused;
  }
}

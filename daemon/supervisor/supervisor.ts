import { specIdentity, type ChildSpec } from './child-spec.js';
import { SupervisedProcess, type ChildStatus, type HealthProbe, type SupervisedProcessOptions } from './supervised-process.js';

export interface DesiredChild {
  readonly spec: ChildSpec;
  readonly probe: HealthProbe;
}

export interface ApplyResult {
  readonly started: readonly string[];
  readonly restarted: readonly string[];
  readonly stopped: readonly string[];
  readonly unchanged: readonly string[];
}

/** What every child shares (its own spec and probe come from the desired set), and the order of the children. */
export interface SupervisorOptions extends Omit<SupervisedProcessOptions, 'spec' | 'probe'> {
  /** Start order; stops go the other way (the slave before its master). Default: master, slave. */
  readonly order?: readonly string[];
}

/** This node's Mesos processes: brings the running set to the desired one, touching only what changed. */
export class Supervisor {
  readonly #children = new Map<string, SupervisedProcess>();
  readonly #o: SupervisorOptions;
  #stopping = false;

  constructor(options: SupervisorOptions) {
    this.#o = options;
  }

  #rank(name: string): number {
    const index = (this.#o.order ?? ['master', 'slave']).indexOf(name);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  }

  #sorted<T>(entries: Iterable<[string, T]>, descending = false): [string, T][] {
    const sign = descending ? -1 : 1;
    return [...entries].sort(([a], [b]) => sign * (this.#rank(a) - this.#rank(b)) || a.localeCompare(b));
  }

  async apply(desired: ReadonlyMap<string, DesiredChild>, reason: string): Promise<ApplyResult> {
    const result = { started: [] as string[], restarted: [] as string[], stopped: [] as string[], unchanged: [] as string[] };
    if (this.#stopping) return result;
    for (const [name, child] of this.#sorted(this.#children.entries(), true)) {
      if (!desired.has(name)) {
        this.#children.delete(name);
        await child.stop(`no longer this node's role (${reason})`);
        result.stopped.push(name);
      }
    }
    for (const [name, want] of this.#sorted(desired.entries())) {
      const existing = this.#children.get(name);
      if (existing === undefined) {
        const child = this.#create(want);
        this.#children.set(name, child);
        child.start();
        result.started.push(name);
      } else if (specIdentity(existing.spec) !== specIdentity(want.spec)) {
        existing.setProbe(want.probe);
        await existing.replaceSpec(want.spec, `command line changed (${reason})`);
        result.restarted.push(name);
      } else {
        existing.setProbe(want.probe);
        result.unchanged.push(name);
      }
    }
    return result;
  }

  #create(want: DesiredChild): SupervisedProcess {
    const { order: _order, ...shared } = this.#o;
    return new SupervisedProcess({ ...shared, spec: want.spec, probe: want.probe });
  }

  /** Restarts one child by name; false when this node does not run it. */
  async restart(name: string, reason: string): Promise<boolean> {
    const child = this.#children.get(name);
    if (child === undefined) return false;
    await child.restart(reason);
    return true;
  }

  /** Stops every child, the slave before the master, one after the other; later applies do nothing. */
  async stopAll(reason: string): Promise<void> {
    this.#stopping = true;
    const children = this.#sorted(this.#children.entries(), true).map(([, child]) => child);
    // A child that dies while the ones before it are being stopped must not be started again.
    for (const child of children) child.release();
    for (const child of children) await child.stop(reason);
  }

  status(): ChildStatus[] {
    return this.#sorted(this.#children.entries()).map(([, child]) => child.status());
  }
}

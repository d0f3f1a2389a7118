import { decideRestart, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { commandLine, type ChildSpec } from './child-spec.js';
import { systemClock, type Clock } from './clock.js';
import { launchChild, type ChildExit, type LaunchChild, type RunningChild } from './launch-child.js';
import type { ChildState, ChildStatus, ExitRecord } from '../../src/control/protocol.js';

export type { ChildState, ChildStatus, ExitRecord };

export type Health = 'healthy' | 'unregistered' | 'unreachable';
export type HealthProbe = (signal: AbortSignal) => Promise<Health>;

export interface Transition {
  readonly child: string;
  readonly from: ChildState;
  readonly to: ChildState;
  readonly reason: string;
  readonly at: number;
  readonly pid?: number;
  /** With `backoff`: how long until the next start. */
  readonly delayMs?: number;
}

/** Looks at an exit before the restart: may repair something (and say what) so the next start can succeed. */
export type ExitRepair = (spec: ChildSpec, exit: ChildExit, stderrTail: readonly string[]) => Promise<string | undefined>;

export interface SupervisedProcessOptions {
  readonly spec: ChildSpec;
  readonly probe: HealthProbe;
  readonly onTransition: (transition: Transition) => void;
  readonly onOutput?: (child: string, stream: 'stdout' | 'stderr', line: string) => void;
  readonly repair?: ExitRepair;
  readonly launch?: LaunchChild;
  readonly clock?: Clock;
  readonly policy?: BackoffPolicy;
  /** Probe interval once the child answers; while starting it is probed ten times as often. Default 1000. */
  readonly probeIntervalMs?: number;
  /** SIGTERM, then SIGKILL after this long. Default 10 000. */
  readonly stopTimeoutMs?: number;
}

const STDERR_TAIL = 5;

interface Run {
  readonly child: RunningChild;
  readonly startedAt: number;
  readonly stderrTail: string[];
  healthySince: number | undefined;
  probeTimer: unknown;
}

function describeExit(exit: ChildExit, tail: readonly string[]): string {
  const how = exit.spawnError !== undefined ? `could not start: ${exit.spawnError}`
    : exit.signal !== undefined ? `killed by ${exit.signal}` : `exited with code ${exit.code ?? '?'}`;
  const last = tail.slice(-3).join(' | ');
  return last === '' ? how : `${how}; last output: ${last}`;
}

/** One Mesos process kept running: restarted with backoff when it dies, probed for health, stopped in order. */
export class SupervisedProcess {
  #spec: ChildSpec;
  #state: ChildState = 'stopped';
  #wanted = false;
  #run: Run | undefined;
  #streak = 0;
  #restarts = 0;
  #lastExit: ExitRecord | undefined;
  #backoffTimer: unknown;
  readonly #o: SupervisedProcessOptions;
  readonly #clock: Clock;
  #healthProbe: HealthProbe;

  constructor(options: SupervisedProcessOptions) {
    this.#o = options;
    this.#healthProbe = options.probe;
    this.#spec = options.spec;
    this.#clock = options.clock ?? systemClock;
  }

  /** The health check to use from the next probe on (e.g. after the master moved). */
  setProbe(probe: HealthProbe): void {
    this.#healthProbe = probe;
  }

  get spec(): ChildSpec {
    return this.#spec;
  }

  get state(): ChildState {
    return this.#state;
  }

  status(): ChildStatus {
    return {
      name: this.#spec.name,
      state: this.#state,
      pid: this.#run?.child.pid,
      startedAt: this.#run?.startedAt,
      restarts: this.#restarts,
      lastExit: this.#lastExit,
      commandLine: commandLine(this.#spec),
    };
  }

  start(): void {
    this.#wanted = true;
    if (this.#state === 'stopped') this.#launch('started');
  }

  /** From now on an exit is not restarted (the child is about to be stopped with the others). */
  release(): void {
    this.#wanted = false;
    this.#clock.clearTimeout(this.#backoffTimer);
  }

  /** Stops the child (SIGTERM, SIGKILL after the stop timeout) and resolves once it is gone. */
  async stop(reason = 'stop requested'): Promise<void> {
    this.#wanted = false;
    this.#clock.clearTimeout(this.#backoffTimer);
    const run = this.#run;
    if (run === undefined) {
      if (this.#state !== 'stopped') this.#move('stopped', reason);
      return;
    }
    if (this.#state !== 'stopping') {
      this.#move('stopping', reason, { pid: run.child.pid });
      run.child.signal('SIGTERM');
    }
    const killTimer = this.#clock.setTimeout(() => run.child.signal('SIGKILL'), this.#o.stopTimeoutMs ?? 10_000);
    await run.child.exited;
    this.#clock.clearTimeout(killTimer);
    // The exit handler has run (it is attached first) and moved the state to stopped.
  }

  /** Stops and starts again; an operator's restart forgets the failure streak. */
  async restart(reason: string): Promise<void> {
    await this.stop(reason);
    this.#streak = 0;
    this.#wanted = true;
    this.#launch(reason);
  }

  /** Runs `spec` from now on, restarting the child when it is running. */
  async replaceSpec(spec: ChildSpec, reason: string): Promise<void> {
    const running = this.#wanted;
    this.#spec = spec;
    if (running) await this.restart(reason);
  }

  #move(to: ChildState, reason: string, extra: { pid?: number | undefined; delayMs?: number } = {}): void {
    const from = this.#state;
    this.#state = to;
    const { pid, delayMs } = extra;
    this.#o.onTransition({
      child: this.#spec.name, from, to, reason, at: this.#clock.now(),
      ...(pid === undefined ? {} : { pid }),
      ...(delayMs === undefined ? {} : { delayMs }),
    });
  }

  #launch(reason: string): void {
    const name = this.#spec.name;
    const stderrTail: string[] = [];
    const child = (this.#o.launch ?? launchChild)(this.#spec, (stream, line) => {
      if (stream === 'stderr') {
        stderrTail.push(line);
        if (stderrTail.length > STDERR_TAIL) stderrTail.shift();
      }
      this.#o.onOutput?.(name, stream, line);
    });
    const run: Run = { child, startedAt: this.#clock.now(), stderrTail, healthySince: undefined, probeTimer: undefined };
    this.#run = run;
    this.#move('starting', child.pid === undefined ? reason : `${reason}, pid ${child.pid}`, { pid: child.pid });
    void child.exited.then((exit) => this.#exited(run, exit));
    this.#scheduleProbe(run);
  }

  #scheduleProbe(run: Run): void {
    const interval = this.#o.probeIntervalMs ?? 1000;
    const delay = this.#state === 'starting' ? Math.max(10, interval / 10) : interval;
    run.probeTimer = this.#clock.setTimeout(() => void this.#probe(run), delay);
  }

  async #probe(run: Run): Promise<void> {
    if (this.#run !== run || this.#state === 'stopping') return;
    const timeout = AbortSignal.timeout(Math.max(500, this.#o.probeIntervalMs ?? 1000));
    const health = await this.#healthProbe(timeout).catch((): Health => 'unreachable');
    if (this.#run !== run || (this.#state as ChildState) === 'stopping') return;
    const next: ChildState = health === 'healthy' ? 'healthy' : health === 'unregistered' ? 'unregistered'
      : this.#state === 'starting' ? 'starting' : 'running';
    if (next === 'healthy') run.healthySince ??= this.#clock.now();
    else run.healthySince = undefined;
    if (next !== this.#state) {
      const reason = health === 'healthy' ? 'answering' : health === 'unregistered'
        ? 'answering, but not registered with the master' : 'not answering';
      this.#move(next, reason, { pid: run.child.pid });
    }
    this.#scheduleProbe(run);
  }

  async #exited(run: Run, exit: ChildExit): Promise<void> {
    this.#clock.clearTimeout(run.probeTimer);
    if (this.#run !== run) return;
    this.#run = undefined;
    const now = this.#clock.now();
    const reason = describeExit(exit, run.stderrTail);
    this.#lastExit = { code: exit.code, signal: exit.signal, at: now, reason };
    if (!this.#wanted) {
      this.#move('stopped', reason, { pid: run.child.pid });
      return;
    }
    const repaired = await this.#o.repair?.(this.#spec, exit, run.stderrTail).catch((e: unknown) => `repair failed: ${String(e)}`);
    const healthyFor = run.healthySince === undefined ? 0 : now - run.healthySince;
    const decision = decideRestart(this.#o.policy ?? DEFAULT_BACKOFF, this.#streak, healthyFor);
    this.#streak = decision.streak;
    this.#restarts += 1;
    const why = repaired === undefined ? reason : `${reason}; ${repaired}`;
    if (!this.#wanted) {
      if (this.#state !== 'stopped') this.#move('stopped', why);
      return;
    }
    if (decision.delayMs === 0) {
      this.#move('backoff', why, { delayMs: 0, pid: run.child.pid });
      this.#launch('restarted');
      return;
    }
    this.#move('backoff', why, { delayMs: decision.delayMs, pid: run.child.pid });
    this.#backoffTimer = this.#clock.setTimeout(() => {
      if (this.#wanted && this.#state === 'backoff') this.#launch('restarted after backoff');
    }, decision.delayMs);
  }
}

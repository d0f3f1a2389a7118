import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { execa } from 'execa';
import { commandFailed, pollUntil, runCommand, type CommandResult } from './host-command.js';
import type { NodeCgroup } from './node-cgroup.js';
import { childPids, identify, isNamespaceInit, killIfAlive, type ProcessIdentity } from './process-identity.js';

/** A host path mounted into every node. */
export interface NodeBind {
  readonly host: string;
  /** Default: the same path as on the host. */
  readonly node?: string;
  /** Default true. */
  readonly readOnly?: boolean;
}

export interface ExecOptions {
  readonly timeoutMs?: number;
  readonly input?: string;
  /** Added to the node's plain environment (PATH, LANG, HOME); nothing comes from the host's. */
  readonly env?: Readonly<Record<string, string>>;
  /** Run as this user id (and group id, default the same) instead of root. */
  readonly uid?: number;
  readonly gid?: number;
}

/** How a node is made; the test bed fills this in. */
export interface TestNodeSpec {
  readonly name: string;
  readonly address: string;
  /** The node's disk on the host: a copy of the root file system, kept across reboots. */
  readonly rootDir: string;
  readonly logFile: string;
  readonly networkNamespace: string;
  readonly binds: readonly NodeBind[];
  readonly cgroup: NodeCgroup;
  readonly noteProcess: (process: ProcessIdentity) => Promise<void>;
}

const NODE_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', HOME: '/root', TERM: 'dumb' };
// Puts the shell into each of the node's own cgroups (paths given as arguments, never spliced in), then becomes nspawn.
const INTO_CGROUPS_THEN_EXEC = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 97; shift; done; shift; exec "$@"';

/**
 * One node: a systemd-nspawn container with systemd as PID 1, in its own network namespace. Only processes it
 * started itself are ever signalled, by pid and start time.
 */
export class TestNode {
  readonly name: string;
  readonly address: string;
  readonly rootDir: string;
  readonly logFile: string;
  readonly #spec: TestNodeSpec;
  #nspawn: { process: Promise<unknown>; identity: ProcessIdentity } | undefined;
  #pid1: ProcessIdentity | undefined;
  #boots = 0;

  constructor(spec: TestNodeSpec) {
    this.#spec = spec;
    this.name = spec.name;
    this.address = spec.address;
    this.rootDir = spec.rootDir;
    this.logFile = spec.logFile;
  }

  /** Whether the node is up (its nspawn process runs). */
  get running(): boolean {
    return this.#nspawn !== undefined;
  }

  /** The host pid of the node's PID 1 (systemd) in the current boot. */
  get pid1(): number {
    if (this.#pid1 === undefined) throw new Error(`${this.name} is not running`);
    return this.#pid1.pid;
  }

  /** The host path of a path inside the node: through its PID 1's root while it runs (sees /run, /tmp), else its disk. */
  path(nodePath: string): string {
    if (!nodePath.startsWith('/')) throw new Error(`a node path must be absolute: ${nodePath}`);
    return this.#pid1 === undefined ? `${this.rootDir}${nodePath}` : `/proc/${this.#pid1.pid}/root${nodePath}`;
  }

  /** The node's system bus, reachable from the host. */
  systemBusAddress(): string {
    return `unix:path=${this.path('/run/dbus/system_bus_socket')}`;
  }

  /** Boots the node and waits until systemd reports the system running. Returns the milliseconds it took. */
  async boot(): Promise<number> {
    if (this.#nspawn !== undefined) throw new Error(`${this.name} is already running`);
    const started = Date.now();
    this.#boots += 1;
    await appendFile(this.logFile, `\n===== boot ${this.#boots} of ${this.name} at ${new Date().toISOString()} =====\n`);
    const binds = this.#spec.binds.map((b) => `--bind${b.readOnly === false ? '' : '-ro'}=${b.host}:${b.node ?? b.host}`);
    const nspawnArgs = [
      '--register=no', '--keep-unit', '--link-journal=no', '-D', this.rootDir, '-M', this.name,
      `--network-namespace-path=/run/netns/${this.#spec.networkNamespace}`, '--bind-ro=/usr/bin/node', ...binds, '-b',
    ];
    const subprocess = execa('/bin/sh', ['-c', INTO_CGROUPS_THEN_EXEC, 'sh', ...this.#spec.cgroup.procsFiles, '--', 'systemd-nspawn', ...nspawnArgs], {
      stdin: 'ignore', stdout: { file: this.logFile, append: true }, stderr: { file: this.logFile, append: true },
      reject: false, cleanup: true,
    });
    const pid = subprocess.pid;
    const identity = pid === undefined ? undefined : await identify(pid);
    if (pid === undefined || identity === undefined) throw new Error(`systemd-nspawn for ${this.name} did not start: ${await this.logTail(10)}`);
    await this.#spec.noteProcess(identity);
    let exited = false;
    void subprocess.then(() => {
      exited = true;
      // Also when the node went down by itself (a `systemctl reboot` run inside by a test).
      if (this.#nspawn?.process === subprocess) {
        this.#nspawn = undefined;
        this.#pid1 = undefined;
      }
    });
    this.#nspawn = { process: subprocess, identity };
    try {
      const init = await pollUntil(`PID 1 of ${this.name}`, async () => {
        if (exited) throw new Error(`systemd-nspawn for ${this.name} exited during boot:\n${await this.logTail(20)}`);
        for (const child of await childPids(pid)) if (await isNamespaceInit(child)) return identify(child);
        return undefined;
      }, { timeoutMs: 20_000, intervalMs: 50 });
      this.#pid1 = init;
      await this.#spec.noteProcess(init);
      let state = '';
      await pollUntil(`${this.name} to finish booting`, async () => {
        if (exited) throw new Error(`${this.name} stopped during boot:\n${await this.logTail(20)}`);
        state = (await this.exec(['systemctl', 'is-system-running'], { timeoutMs: 10_000 })).stdout.trim();
        return state === 'running' || state === 'degraded' ? state : undefined;
      }, { timeoutMs: 90_000, intervalMs: 100, lastSeen: () => state });
    } catch (error) {
      await this.powerCut();
      throw error;
    }
    return Date.now() - started;
  }

  /** Runs a program inside the node (all its namespaces) as root, or as `uid`. Never throws for a non-zero exit. */
  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<CommandResult> {
    const user = options.uid === undefined ? [] : ['setpriv', `--reuid=${options.uid}`, `--regid=${options.gid ?? options.uid}`, '--clear-groups', '--'];
    return runCommand('nsenter', ['-t', String(this.pid1), '-a', '--', ...user, ...argv], {
      env: { ...NODE_ENV, ...options.env },
      timeoutMs: options.timeoutMs ?? 60_000,
      ...(options.input === undefined ? {} : { input: options.input }),
    });
  }

  /** Like exec, but returns stdout and throws with the output when the program fails. */
  async execOk(argv: readonly string[], options: ExecOptions = {}): Promise<string> {
    const result = await this.exec(argv, options);
    if (result.exitCode !== 0) throw commandFailed(result);
    return result.stdout;
  }

  async writeFile(nodePath: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
    const target = this.path(nodePath);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data, { mode });
  }

  async readFile(nodePath: string): Promise<string> {
    return readFile(this.path(nodePath), 'utf8');
  }

  /** Copies a host file or directory to `nodePath` (cp -a). */
  async copyIn(hostPath: string, nodePath: string): Promise<void> {
    const target = this.path(nodePath);
    await mkdir(dirname(target), { recursive: true });
    const result = await runCommand('cp', ['-a', '-T', '--', hostPath, target], { timeoutMs: 300_000 });
    if (result.exitCode !== 0) throw commandFailed(result);
  }

  /** `systemctl reboot` inside, then boots the node again on the same disk. Returns the milliseconds until it is up. */
  async reboot(): Promise<number> {
    const started = Date.now();
    await this.#shutDown('reboot');
    await this.boot();
    return Date.now() - started;
  }

  /** `systemctl poweroff` inside; returns when the node is down. */
  async powerOff(): Promise<void> {
    await this.#shutDown('poweroff');
  }

  /** Pulls the plug: SIGKILL to the node's PID 1 (its whole pid namespace dies), then to nspawn if it lingers. */
  async powerCut(): Promise<void> {
    const nspawn = this.#nspawn;
    if (nspawn === undefined) return;
    if (this.#pid1 !== undefined) await killIfAlive(this.#pid1);
    if (!(await this.#waitForExit(10_000))) await killIfAlive(nspawn.identity);
    await this.#waitForExit(10_000);
  }

  /** The last lines of the node's console log (all boots). */
  async logTail(lines: number): Promise<string> {
    const text = await readFile(this.logFile, 'utf8').catch(() => '');
    return text.replace(/\u001b\[[0-9;]*m/g, '').trimEnd().split('\n').slice(-lines).join('\n');
  }

  async #shutDown(verb: 'reboot' | 'poweroff'): Promise<void> {
    if (this.#nspawn === undefined) throw new Error(`${this.name} is not running`);
    // The command may not come back (the node goes down under it); its exit is not the point.
    await this.exec(['systemctl', verb], { timeoutMs: 15_000 });
    if (!(await this.#waitForExit(60_000))) {
      const tail = await this.logTail(20);
      await this.powerCut();
      throw new Error(`${this.name} did not go down within 60 s after \`systemctl ${verb}\`:\n${tail}`);
    }
  }

  /** Waits for the nspawn process to end; true when it did within the bound. */
  async #waitForExit(timeoutMs: number): Promise<boolean> {
    const nspawn = this.#nspawn;
    if (nspawn === undefined) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const ended = await Promise.race([nspawn.process.then(() => true as const), timedOut]);
    clearTimeout(timer);
    if (ended) {
      this.#nspawn = undefined;
      this.#pid1 = undefined;
    }
    return ended;
  }
}

/** A fresh machine id for a new node (32 hex digits), so nodes do not share one. */
export function newMachineId(): string {
  return `${randomBytes(16).toString('hex')}\n`;
}

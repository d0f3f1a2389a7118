import { execa } from 'execa';
import { lookup } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { access, constants, statfs } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { isLoopbackAddress } from '../../src/validate/values.js';
import type { MesosProfile } from '../../src/mesos/profile-types.js';
import type { ClusterPorts } from '../../src/model/cluster-settings.js';
import type { InstallationWarning } from '../../src/model/installation-fs.js';

export type CheckLevel = 'ok' | 'warn' | 'fail';

export interface PreflightCheck {
  readonly id: string;
  readonly level: CheckLevel;
  readonly message: string;
  readonly hint?: string;
}

/** Everything preflight looks at, gathered first so that the judgement below is pure. */
export interface PreflightFacts {
  readonly isRoot: boolean;
  readonly noSystemd: boolean;
  readonly building: boolean;
  readonly prefixWritable: boolean;
  /** Programs found on PATH, by name. */
  readonly tools: Readonly<Record<string, boolean>>;
  readonly gccVersion: string | undefined;
  readonly freeBytes: number | undefined;
  readonly hostname: string;
  readonly hostnameAddress: string | undefined;
  /** Ports that could not be bound on the advertise address, with the error code. */
  readonly busyPorts: readonly { readonly port: number; readonly code: string }[];
  /** mesosd already runs here (a re-run): its processes hold the ports. */
  readonly mesosdRunning: boolean;
  readonly systemdBooted: boolean;
  readonly sparkWarnings: readonly InstallationWarning[];
}

/** Space a Mesos 0.9 build needs in the build directory (source, objects, the libraries). */
export const BUILD_BYTES = 1.5 * 1024 ** 3;

/** The checks, from the facts: failures stop the setup before anything is changed; warnings are shown. */
export function judgePreflight(facts: PreflightFacts, profile: MesosProfile): PreflightCheck[] {
  const checks: PreflightCheck[] = [];
  const add = (id: string, level: CheckLevel, message: string, hint?: string) =>
    checks.push({ id, level, message, ...(hint === undefined ? {} : { hint }) });
  if (facts.isRoot) add('root', 'ok', 'running as root');
  else if (facts.noSystemd && facts.prefixWritable) add('root', 'warn', 'not root: installing into a prefix you can write, without systemd');
  else add('root', 'fail', 'not running as root', 'run with sudo, or with --no-systemd and a --prefix you can write');
  if (facts.building) {
    const missing = ['cc', 'c++', 'make'].filter((tool) => facts.tools[tool] !== true);
    if (missing.length === 0) add('tools', 'ok', 'C and C++ compilers and make found');
    else add('tools', 'fail', `not found on PATH: ${missing.join(', ')}`, 'install them (Debian: apt-get install build-essential)');
    const warning = facts.gccVersion === undefined ? undefined : profile.compilerWarning(facts.gccVersion);
    if (warning !== undefined) add('compiler', 'warn', warning.message, warning.hint);
    if (facts.freeBytes !== undefined && facts.freeBytes < BUILD_BYTES) {
      add('disk', 'fail', `only ${(facts.freeBytes / 1024 ** 3).toFixed(1)} GiB free for the build (${(BUILD_BYTES / 1024 ** 3).toFixed(1)} GiB needed)`,
        'free some space under /var/cache, then run again');
    } else if (facts.freeBytes !== undefined) {
      add('disk', 'ok', `${(facts.freeBytes / 1024 ** 3).toFixed(1)} GiB free for the build`);
    }
  }
  if (facts.hostnameAddress === undefined) {
    add('hostname', 'fail', `the host name ${facts.hostname} does not resolve`, `add it to /etc/hosts (with this node's address), or fix DNS: Mesos stops at start without it`);
  } else if (isLoopbackAddress(facts.hostnameAddress)) {
    add('hostname', 'warn', `the host name ${facts.hostname} resolves to ${facts.hostnameAddress}, a loopback address`,
      'mesosd passes --ip to Mesos, so the cluster works; Spark drivers on this host may still advertise the loopback address');
  } else {
    add('hostname', 'ok', `${facts.hostname} resolves to ${facts.hostnameAddress}`);
  }
  if (facts.mesosdRunning) add('ports', 'ok', 'mesosd already runs here: its ports are its own');
  else if (facts.busyPorts.length === 0) add('ports', 'ok', 'the Mesos and mesosd ports are free');
  else {
    add('ports', 'fail', `ports in use: ${facts.busyPorts.map((p) => `${p.port} (${p.code})`).join(', ')}`,
      'stop what listens there (`ss -ltnp` shows it), or choose other ports');
  }
  if (!facts.noSystemd) {
    if (facts.systemdBooted) add('systemd', 'ok', 'systemd is running');
    else add('systemd', 'fail', 'systemd is not running on this machine', 'use --no-systemd, and run mesosd in the foreground or under your own supervisor');
  }
  for (const warning of facts.sparkWarnings) {
    add(warning.code, warning.code === 'SPARK_MESOS_REMOVED' ? 'fail' : 'warn', warning.message, warning.hint);
  }
  return checks;
}

async function onPath(program: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  for (const dir of (env['PATH'] ?? '').split(':').filter(Boolean)) {
    if (await access(`${dir}/${program}`, constants.X_OK).then(() => true, () => false)) return true;
  }
  return false;
}

function portBusy(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}

async function existingAncestor(path: string): Promise<string> {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export interface GatherInput {
  readonly noSystemd: boolean;
  readonly building: boolean;
  readonly prefix: string;
  readonly buildDir: string;
  readonly hostname: string;
  readonly advertise: string;
  readonly ports: ClusterPorts;
  readonly mesosdRunning: boolean;
  readonly sparkWarnings: readonly InstallationWarning[];
  readonly env?: NodeJS.ProcessEnv;
}

/** Looks at this machine (reads only: binds a port for an instant, changes nothing). */
export async function gatherPreflightFacts(input: GatherInput): Promise<PreflightFacts> {
  const env = input.env ?? process.env;
  const tools = Object.fromEntries(await Promise.all(['cc', 'c++', 'make'].map(async (t) => [t, await onPath(t, env)] as const)));
  const gcc = input.building ? await execa('cc', ['-dumpfullversion'], { reject: false, timeout: 5000 }) : undefined;
  const space = await statfs(await existingAncestor(input.buildDir)).catch(() => undefined);
  const resolved = await lookup(input.hostname, { family: 4 }).catch(() => undefined);
  const ports = [input.ports.master, input.ports.slave, input.ports.masterWebui, input.ports.slaveWebui, input.ports.mesosd];
  const busyPorts = input.mesosdRunning ? [] : (await Promise.all([...new Set(ports)].map(async (port) => ({ port, code: await portBusy(input.advertise, port) }))))
    .filter((p): p is { port: number; code: string } => p.code !== undefined);
  return {
    isRoot: process.getuid?.() === 0,
    noSystemd: input.noSystemd,
    building: input.building,
    prefixWritable: await access(await existingAncestor(input.prefix), constants.W_OK).then(() => true, () => false),
    tools,
    gccVersion: gcc?.exitCode === 0 ? gcc.stdout.trim() : undefined,
    freeBytes: space === undefined ? undefined : space.bavail * space.bsize,
    hostname: input.hostname,
    hostnameAddress: resolved?.address,
    busyPorts,
    mesosdRunning: input.mesosdRunning,
    systemdBooted: existsSync('/run/systemd/system'),
    sparkWarnings: input.sparkWarnings,
  };
}

/** The checks as lines for people: ✓ / ! / ✗ with the hint under each that needs one. */
export function formatPreflight(checks: readonly PreflightCheck[]): string {
  const mark: Record<CheckLevel, string> = { ok: '✓', warn: '!', fail: '✗' };
  return `${checks.flatMap((c) => [`  ${mark[c.level]} ${c.message}`, ...(c.level !== 'ok' && c.hint !== undefined ? [`      ${c.hint}`] : [])]).join('\n')}\n`;
}

/**
 * Replication, measured with real `mesosd run` processes on loopback addresses, each with its own directories and
 * its own file root (mesosd.json `root`), so each node's files are its own as on separate machines:
 * - convergence: one `mesosd config set` at a time on the first of N daemons (each a master, so each is a peer of
 *   every other); the time until every node's mesos.conf has the new value. p50 and p99 for 3, 10 and 50 daemons.
 * - rejoin: one of three daemons (masters and slaves) is stopped, a setting changes on another, and it is started
 *   again; the time from its start to its Mesos children started, and to its slave registered; and a check that the
 *   children started on the new setting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { controlCall } from '../../src/control/control-client.js';
import { CONTROL_PATHS, type NodeStatus } from '../../src/control/protocol.js';
import { clusterSettingsWithDefaults } from '../../src/model/cluster-settings.js';
import { initialState, saveStateFile, STATE_FILE_NAME } from '../../src/state/index.js';
import { generateClusterToken } from '../../src/sync/cluster-token.js';
import { packageRoot } from '../../src/version.js';
import { makeTestNode, type TestNode } from '../helpers/mesosd-node.js';
import { buildStandInMesos, cleanupStandInMesos, linkStandInUnder, standInPaths, type StandInMesos } from '../helpers/stand-in-mesos.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../helpers/temp-dir.js';

const EDITS = 40;
/** Edits made and not counted first: the daemons' code paths for a change are compiled by then, as on a cluster that has run a while. */
const WARM_UP = 5;
const REJOINS = 5;
const SPARK_HOME = '/opt/spark';
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** One node: its settings, its rooted mesos.conf, and its running `mesosd run` process with the lines it logs. */
interface BenchNode {
  readonly test: TestNode;
  readonly mesosConf: string;
  process: ChildProcess | undefined;
  onLine: ((line: string) => void) | undefined;
  /** The last lines it logged, for the message when something goes wrong. */
  readonly recent: string[];
}

function startMesosd(node: BenchNode): void {
  const env = { ...process.env };
  delete env['NOTIFY_SOCKET'];
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'mesosd.js'), 'run', '--config', node.test.configFile, '--no-systemd'], {
    stdio: ['ignore', 'ignore', 'pipe'], env,
  });
  node.process = child;
  // `<ISO time> <level> <message>`: the message is what the daemon logged.
  createInterface({ input: child.stderr! }).on('line', (line) => {
    node.recent.push(line);
    if (node.recent.length > 60) node.recent.shift();
    node.onLine?.(line.replace(/^\S+ (info |warn |error) /, ''));
  });
}

async function stopMesosd(node: BenchNode): Promise<void> {
  const child = node.process;
  if (child === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  node.process = undefined;
}

// Generous timeouts: fifty daemons and their Mesos processes starting at once keep two cores busy for a while.
const statusOf = async (node: BenchNode) =>
  (await controlCall({ socketPath: node.test.controlSocket, timeoutMs: 30_000 }, 'GET', CONTROL_PATHS.status)) as NodeStatus;

async function untilAnswering(node: BenchNode, timeoutMs = 60_000): Promise<NodeStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await statusOf(node);
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${node.test.node.hostname}: mesosd did not answer in ${timeoutMs} ms: ${String(error)}`);
      await sleep(100);
    }
  }
}

async function untilHealthy(node: BenchNode): Promise<void> {
  for (let i = 0; ; i++) {
    if ((await statusOf(node)).children.every((child) => child.state === 'healthy')) return;
    if (i > 1200) throw new Error(`${node.test.node.hostname}: Mesos processes not healthy in 60 s`);
    await sleep(50);
  }
}

async function withCluster<T>(size: number, slaves: boolean, body: (nodes: BenchNode[]) => Promise<T>): Promise<T> {
  const mesos: StandInMesos = await buildStandInMesos();
  const dirs = tempDirs('sync-bench-', PERSISTENT_TEST_BASE);
  const nodes: BenchNode[] = [];
  try {
    const token = generateClusterToken();
    const hosts = Array.from({ length: size }, (_, i) => `127.0.4.${i + 1}`);
    const cluster = { prefix: mesos.prefix, javaHome: '/usr/lib/jvm/default-java', sparkHome: SPARK_HOME, masters: hosts, slaves: slaves ? hosts : [] };
    // One cluster state, made by the first node, on every node: as after the first node's create and the others' joins.
    // (Each node making its own from cluster.json would add every host once per node.)
    const state = initialState('b1', clusterSettingsWithDefaults(cluster));
    for (const [i, address] of hosts.entries()) {
      const dir = await dirs.make();
      const root = join(dir, 'root');
      const test = await makeTestNode(dir, `b${i + 1}`, address, { token, root });
      const rootedPrefix = await linkStandInUnder(mesos, root);
      await mkdir(join(root, SPARK_HOME, 'conf'), { recursive: true });
      await saveStateFile(join(dir, 'state', STATE_FILE_NAME), state); // makeTestNode's state directory
      nodes.push({ test, mesosConf: join(standInPaths(rootedPrefix).confDir, 'mesos.conf'), process: undefined, onLine: undefined, recent: [] });
    }
    for (const node of nodes) startMesosd(node);
    for (const node of nodes) await untilAnswering(node);
    return await body(nodes);
  } finally {
    await Promise.all(nodes.map(stopMesosd));
    await dirs.cleanup();
    await cleanupStandInMesos();
  }
}

const setOn = async (node: BenchNode, value: string) => (await controlCall({ socketPath: node.test.controlSocket, timeoutMs: 30_000 }, 'POST', CONTROL_PATHS.config,
  { action: 'set', key: 'mesosConf.attributes', value })) as { version: string };

/** Resolves when every node's mesos.conf has a line ending in `value`; watches the files' directories (no polling). */
function everyFileHas(nodes: readonly BenchNode[], value: string, timeoutMs: number): Promise<void> {
  const pattern = new RegExp(`^attributes\\s*=\\s*${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm');
  const pending = new Set(nodes);
  const watchers: FSWatcher[] = [];
  return new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      if (error === undefined) resolve();
      else reject(error);
    };
    const timer = setTimeout(() => {
      void Promise.all([...pending].map(async (node) => {
        const status = await statusOf(node).catch((error: unknown) => String(error));
        const text = await readFile(node.mesosConf, 'utf8').catch(() => '(unreadable)');
        return `${node.test.node.hostname}: ${typeof status === 'string' ? status : `config ${status.configVersion}, sync ${JSON.stringify(status.sync)}`}; mesos.conf: ${text.trim().split('\n').pop()}\n    ${node.recent.filter((line) => !line.includes('[master]')).join('\n    ')}`;
      })).then((lines) => finish(new Error(`${pending.size} of ${nodes.length} mesos.conf files lack ${value} after ${timeoutMs} ms:\n${lines.join('\n')}`)));
    }, timeoutMs);
    const look = (node: BenchNode) => void readFile(node.mesosConf, 'utf8').then((text) => {
      if (!pending.has(node) || !pattern.test(text)) return;
      pending.delete(node);
      if (pending.size === 0) finish();
    }, () => undefined);
    for (const node of nodes) {
      watchers.push(watch(join(node.mesosConf, '..'), () => look(node)));
      look(node);
    }
  });
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc. */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const daemonsCpuMs = async (nodes: readonly BenchNode[]) =>
  (await Promise.all(nodes.map((node) => cpuMs(node.process!.pid!)))).reduce((a, b) => a + b, 0);

interface Convergence {
  readonly times: number[];
  /** CPU the mesosd processes used per edit and per node, averaged over all of them. */
  readonly cpuPerNodeMs: number;
}

async function convergence(size: number): Promise<Convergence> {
  return withCluster(size, false, async (nodes) => {
    for (const node of nodes) await untilHealthy(node);
    const times: number[] = [];
    let cpuBefore = 0;
    for (let edit = -WARM_UP; edit < EDITS; edit++) {
      if (edit === 0) cpuBefore = await daemonsCpuMs(nodes);
      const value = `edit:${size}.${edit}`;
      const started = performance.now();
      const everywhere = everyFileHas(nodes, value, 30_000);
      await setOn(nodes[0]!, value);
      await everywhere;
      if (edit >= 0) times.push(performance.now() - started);
    }
    return { times, cpuPerNodeMs: (await daemonsCpuMs(nodes) - cpuBefore) / EDITS / size };
  });
}

async function rejoin(): Promise<{ spawned: number[]; registered: number[] }> {
  return withCluster(3, true, async (nodes) => {
    const spawned: number[] = [];
    const registered: number[] = [];
    const back = nodes[2]!;
    for (let round = 0; round < REJOINS; round++) {
      // Every node healthy first, so that the rejoining slave has a master to register with.
      for (const node of nodes) await untilHealthy(node);
      await stopMesosd(back);
      const { version } = await setOn(nodes[0]!, `rejoin:${round}`);
      const lines: string[] = [];
      let started = 0;
      const seen = new Promise<void>((resolve) => {
        back.onLine = (line) => {
          lines.push(line);
          if (/^(slave|master): stopped -> starting/.test(line) && spawned.length === round) spawned.push(performance.now() - started);
          if (/^slave: \S+ -> healthy/.test(line)) {
            registered.push(performance.now() - started);
            resolve();
          }
        };
      });
      started = performance.now();
      startMesosd(back);
      await Promise.race([seen, sleep(30_000).then(() => { throw new Error(`rejoin ${round}: slave not registered in 30 s:\n${lines.join('\n')}`); })]);
      back.onLine = undefined;
      // It must have pulled the new state before it started anything.
      const pulled = lines.findIndex((line) => line.startsWith(`state ${version} after asking`));
      const firstChild = lines.findIndex((line) => /^(slave|master): stopped -> starting/.test(line));
      if (pulled < 0 || pulled > firstChild) throw new Error(`rejoin ${round}: children started before state ${version} was pulled:\n${lines.join('\n')}`);
    }
    return { spawned, registered };
  });
}

export async function benchSync(): Promise<void> {
  for (const size of [3, 10, 50]) {
    const { times, cpuPerNodeMs } = await convergence(size);
    console.log(`a config set on one of ${size} mesosd processes until every node's mesos.conf has it (${EDITS} edits): ` +
      `p50 ${ms(percentile(times, 0.5))}, p99 ${ms(percentile(times, 0.99))}; mesosd CPU per edit and node ${ms(cpuPerNodeMs)} ` +
      `(${os.availableParallelism()} cores for ${size} daemons and their Mesos masters)`);
  }
  const { spawned, registered } = await rejoin();
  console.log(`a stopped mesosd started again after a change elsewhere (${REJOINS} times), from its start: children started on the new state ` +
    `p50 ${ms(percentile(spawned, 0.5))} (max ${ms(Math.max(...spawned))}); its slave registered p50 ${ms(percentile(registered, 0.5))} (max ${ms(Math.max(...registered))})`);
}

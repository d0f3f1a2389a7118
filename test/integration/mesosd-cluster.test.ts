import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { runDaemon, type RunningDaemon } from '../../daemon/run/run-daemon.js';
import { controlCall } from '../../src/control/control-client.js';
import { CONTROL_PATHS } from '../../src/control/protocol.js';
import { generateClusterToken } from '../../src/sync/cluster-token.js';
import { peerRequest } from '../../src/sync/peer-client.js';
import { makeTestNode, pollFor, type TestNode } from '../helpers/mesosd-node.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { buildStandInMesos, cleanupStandInMesos, linkStandInUnder, type StandInMesos } from '../helpers/stand-in-mesos.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../helpers/temp-dir.js';

const dirs = tempDirs('mesosd-cluster-', PERSISTENT_TEST_BASE);
let mesos: StandInMesos;
const daemons: RunningDaemon[] = [];
beforeAll(async () => {
  mesos = await buildStandInMesos();
}, 120_000);
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => d.stop('test over')));
  await dirs.cleanup();
});
afterAll(cleanupStandInMesos);

const HOSTS = ['127.0.1.1', '127.0.1.2', '127.0.1.3', '127.0.1.4', '127.0.1.5'];

/** Five daemons' nodes, with each node's log and, for rooted nodes, the directory that stands for `/` there. */
interface FiveDaemons {
  readonly nodes: TestNode[];
  readonly token: string;
  readonly logs: string[][];
  readonly roots: string[];
  /** The cluster's sparkHome, as the settings name it. */
  readonly sparkHome: string;
}

/**
 * Five mesosd daemons on their own loopback addresses and directories, one cluster, started together. Unrooted, they
 * share the prefix's files on one machine, so each would take the others' writes for hand edits: watching is off.
 * Rooted, each has its own deploy files, conf and Spark home under its own root (the Mesos install linked in), and
 * watches them.
 */
async function fiveDaemons(options: { rooted?: boolean } = {}): Promise<FiveDaemons> {
  const rooted = options.rooted === true;
  const token = generateClusterToken();
  const sparkHome = join(await dirs.make(), 'spark');
  await mkdir(join(sparkHome, 'conf'), { recursive: true });
  const nodes: TestNode[] = [];
  const roots: string[] = [];
  for (const [i, address] of HOSTS.entries()) {
    const dir = await dirs.make();
    const root = join(dir, 'root');
    if (rooted) {
      await linkStandInUnder(mesos, root);
      await mkdir(join(root, sparkHome, 'conf'), { recursive: true });
      roots.push(root);
    }
    const node = await makeTestNode(dir, `c${i + 1}`, address, rooted ? { token, root } : { token, handEdits: false });
    await node.writeCluster({ prefix: mesos.prefix, javaHome: '/usr/lib/jvm/default-java', sparkHome, masters: [HOSTS[0]!], slaves: [...HOSTS] });
    nodes.push(node);
  }
  const logs = nodes.map(() => recordingLogger());
  daemons.push(...await Promise.all(nodes.map((node, i) => runDaemon({
    configFile: node.configFile, log: logs[i]!, probeIntervalMs: 500, pullTimeoutMs: 2000, syncPeriodMs: 500,
  }))));
  return { nodes, token, logs: logs.map((log) => log.lines), roots, sparkHome };
}

/**
 * The state version every daemon runs once they agree on one other than `before` and each has applied it (its files
 * written, its processes told): nothing of it is still in flight when a test goes on, or ends and stops the daemons.
 */
const appliedEverywhere = (logs: readonly string[][], before?: string) => pollFor('one version applied on every daemon', async () => {
  const versions = new Set(await Promise.all(daemons.map(async (d) => (await d.status()).configVersion)));
  const [version] = versions;
  if (versions.size !== 1 || version === undefined || version === before) return undefined;
  return logs.every((lines) => lines.some((line) => line.startsWith(`configuration ${version} applied`))) ? version : undefined;
}, 15_000);

const settingsOn = async (node: TestNode) =>
  ((await controlCall({ socketPath: node.controlSocket }, 'POST', CONTROL_PATHS.config, { action: 'get' })) as { settings: { prefix: string; sparkHome: string; slaves: string[]; mesosConf: Record<string, string> } }).settings;

test('ten nodes joining at once through five daemons all end up in every daemon\'s slaves', async () => {
  const { nodes, token, logs } = await fiveDaemons();
  const joiners = Array.from({ length: 10 }, (_, i) => `127.0.2.${i + 1}`);
  await Promise.all(joiners.map((host, i) => peerRequest({
    host: HOSTS[i % HOSTS.length]!, port: 5055, token, nodeId: `joiner${i + 1}`, method: 'POST', path: '/v1/join',
    body: { host, roles: { slave: true } }, timeoutMs: 10_000,
  })));
  for (const node of nodes) {
    await pollFor(`every joiner on ${node.node.hostname}`, async () => {
      const slaves = (await settingsOn(node)).slaves;
      return joiners.every((host) => slaves.includes(host)) && slaves.length === 15 ? true : undefined;
    }, 15_000);
  }
  // Nothing left in flight when afterEach stops the daemons: an apply that ends after a stop starts Mesos again.
  await appliedEverywhere(logs);
}, 90_000);

test('concurrent sets of one key on two daemons converge to one value everywhere; the loser is in the history', async () => {
  const { nodes, logs } = await fiveDaemons();
  const set = (node: TestNode, value: string) =>
    controlCall({ socketPath: node.controlSocket }, 'POST', CONTROL_PATHS.config, { action: 'set', key: 'mesosConf.attributes', value });
  await Promise.all([set(nodes[1]!, 'rack:left'), set(nodes[3]!, 'rack:right')]);
  const values = await Promise.all(nodes.map((node) => pollFor(`a settled value on ${node.node.hostname}`, async () => {
    const versions = await Promise.all(daemons.map(async (d) => (await d.status()).configVersion));
    return new Set(versions).size === 1 ? (await settingsOn(node)).mesosConf['attributes'] : undefined;
  }, 15_000)));
  expect(new Set(values).size).toBe(1);
  expect(['rack:left', 'rack:right']).toContain(values[0]);
  const history = (await controlCall({ socketPath: nodes[0]!.controlSocket }, 'POST', CONTROL_PATHS.config, { action: 'history' })) as { events: string[] };
  const loser = values[0] === 'rack:left' ? 'rack:right' : 'rack:left';
  expect(history.events.some((line) => line.includes(`"${loser}"`) && line.includes('concurrently'))).toBe(true);
  // Nothing left in flight when afterEach stops the daemons: an apply that ends after a stop starts Mesos again.
  await appliedEverywhere(logs);
}, 90_000);

/** deploy/slaves of a node whose files are under `root`. */
const slavesUnder = (root: string) => join(root, mesos.prefix, 'var', 'mesos', 'deploy', 'slaves');

/** Saves `text` to `file` as an editor does: a temporary file beside it, renamed over it. */
async function saveLikeAnEditor(file: string, text: string): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.swp`);
  await writeFile(temporary, text);
  await rename(temporary, file);
}

test('a hand edit of deploy/slaves on one rooted node reaches every node\'s own deploy/slaves', async () => {
  const { nodes, roots, logs, sparkHome } = await fiveDaemons({ rooted: true });
  const before = await appliedEverywhere(logs);
  const files = roots.map(slavesUnder);
  await saveLikeAnEditor(files[2]!, `${await readFile(files[2]!, 'utf8')}127.0.2.9\n`);
  const texts = await pollFor('127.0.2.9 in every node\'s deploy/slaves, the same bytes everywhere', async () => {
    const now = await Promise.all(files.map((file) => readFile(file, 'utf8')));
    return now.every((text) => text.split('\n').includes('127.0.2.9')) && new Set(now).size === 1 ? now : undefined;
  }, 15_000);
  expect(texts[0]!.split('\n').filter((line) => line !== '')).toEqual([...HOSTS, '127.0.2.9']);
  await appliedEverywhere(logs, before);
  for (const node of nodes) {
    // The replicated settings name the real prefix, never a node's root.
    const settings = await settingsOn(node);
    expect([settings.prefix, settings.sparkHome, settings.slaves.includes('127.0.2.9')]).toEqual([mesos.prefix, sparkHome, true]);
  }
  for (const root of roots) expect(existsSync(join(root, sparkHome, 'conf', 'spark-env.sh'))).toBe(true);
  expect(existsSync(join(sparkHome, 'conf', 'spark-env.sh'))).toBe(false);
  // Each node's Mesos runs from its root+prefix, reading its own conf, and its slave is registered.
  for (const [i, daemon] of daemons.entries()) {
    const children = await pollFor(`healthy children on c${i + 1}`, async () => {
      const now = (await daemon.status()).children;
      return now.length === (i === 0 ? 2 : 1) && now.every((child) => child.state === 'healthy') ? now : undefined;
    }, 15_000);
    for (const child of children) {
      expect(child.commandLine).toContain(`${join(roots[i]!, mesos.prefix, 'sbin')}/mesos-${child.name}`);
      expect(child.commandLine).toContain(`--conf=${join(roots[i]!, mesos.prefix, 'var', 'mesos', 'conf')}`);
    }
  }
}, 90_000);

test('an invalid hand edit on one rooted node is refused there and reaches no other node', async () => {
  const { nodes, roots, logs, sparkHome } = await fiveDaemons({ rooted: true });
  const version = await appliedEverywhere(logs);
  const files = roots.map(slavesUnder);
  const good = await readFile(files[1]!, 'utf8');
  await saveLikeAnEditor(files[1]!, `${good}bad host!\n`);
  await pollFor('the refusal in c2\'s log', () => logs[1]!.find((line) => line.startsWith(`hand edit of ${files[1]!} refused: slaves line 6:`)));
  await pollFor('the last good deploy/slaves back on c2', async () => ((await readFile(files[1]!, 'utf8')) === good ? true : undefined));
  expect(await Promise.all(daemons.map(async (d) => (await d.status()).configVersion))).toEqual(HOSTS.map(() => version));
  expect(await Promise.all(files.map((file) => readFile(file, 'utf8')))).toEqual(files.map(() => good));
  // A later change from c2 reaches every node: had the refused edit entered c2's state, it would travel with it.
  await controlCall({ socketPath: nodes[1]!.controlSocket }, 'POST', CONTROL_PATHS.config, { action: 'set', key: 'sparkEnv.SPARK_WORKER_CORES', value: '2' });
  await appliedEverywhere(logs, version);
  for (const node of nodes) expect((await settingsOn(node)).slaves).toEqual(HOSTS);
  for (const root of roots) expect(await readFile(join(root, sparkHome, 'conf', 'spark-env.sh'), 'utf8')).toContain('SPARK_WORKER_CORES=2');
  expect(await Promise.all(files.map((file) => readFile(file, 'utf8')))).toEqual(files.map(() => good));
  expect(logs.flat().filter((line) => line.includes('bad host!') && !line.includes('refused'))).toEqual([]);
}, 90_000);

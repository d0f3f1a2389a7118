import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runDaemon, type RunningDaemon } from '../../daemon/run/run-daemon.js';
import { controlCall } from '../../src/control/control-client.js';
import { CONTROL_PATHS } from '../../src/control/protocol.js';
import { generateClusterToken } from '../../src/sync/cluster-token.js';
import { peerRequest } from '../../src/sync/peer-client.js';
import { makeTestNode, pollFor, type TestNode } from '../helpers/mesosd-node.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { buildStandInMesos, cleanupStandInMesos, type StandInMesos } from '../helpers/stand-in-mesos.js';
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

/**
 * Five mesosd daemons on their own loopback addresses and directories, one cluster, started together. On one machine
 * they share the prefix's files, so each would take the others' writes for hand edits: watching is off here.
 */
async function fiveDaemons(): Promise<{ nodes: TestNode[]; token: string }> {
  const token = generateClusterToken();
  const sparkHome = join(await dirs.make(), 'spark');
  await mkdir(join(sparkHome, 'conf'), { recursive: true });
  const nodes: TestNode[] = [];
  for (const [i, address] of HOSTS.entries()) {
    const node = await makeTestNode(await dirs.make(), `c${i + 1}`, address, { token, handEdits: false });
    await node.writeCluster({ prefix: mesos.prefix, javaHome: '/usr/lib/jvm/default-java', sparkHome, masters: [HOSTS[0]!], slaves: [...HOSTS] });
    nodes.push(node);
  }
  daemons.push(...await Promise.all(nodes.map((node) =>
    runDaemon({ configFile: node.configFile, log: recordingLogger(), probeIntervalMs: 500, pullTimeoutMs: 2000, syncPeriodMs: 500 }))));
  return { nodes, token };
}

const settingsOn = async (node: TestNode) =>
  ((await controlCall({ socketPath: node.controlSocket }, 'POST', CONTROL_PATHS.config, { action: 'get' })) as { settings: { slaves: string[]; mesosConf: Record<string, string> } }).settings;

test('ten nodes joining at once through five daemons all end up in every daemon\'s slaves', async () => {
  const { nodes, token } = await fiveDaemons();
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
}, 90_000);

test('concurrent sets of one key on two daemons converge to one value everywhere; the loser is in the history', async () => {
  const { nodes } = await fiveDaemons();
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
}, 90_000);

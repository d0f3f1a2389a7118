import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../daemon/run/logger.js';
import { runDaemon, type RunningDaemon } from '../../daemon/run/run-daemon.js';
import { controlCall } from '../../src/control/control-client.js';
import { CONTROL_PATHS } from '../../src/control/protocol.js';
import { isToolError } from '../../src/errors.js';
import type { ClusterSettingsInput } from '../../src/model/cluster-settings.js';
import { formatNodeStatus, summaryLine } from '../../src/control/node-status-text.js';
import { digest, emptyState, parseState, serializeState, setKey } from '../../src/state/index.js';
import { generateClusterToken } from '../../src/sync/cluster-token.js';
import { peerRequest } from '../../src/sync/peer-client.js';
import { makeTestNode, pollFor, type TestNode } from '../helpers/mesosd-node.js';
import { buildStandInMesos, cleanupStandInMesos, type StandInMesos } from '../helpers/stand-in-mesos.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../helpers/temp-dir.js';

const dirs = tempDirs('mesosd-sync-', PERSISTENT_TEST_BASE);
let mesos: StandInMesos;
const running = new Map<string, RunningDaemon>();
beforeAll(async () => {
  mesos = await buildStandInMesos();
}, 120_000);
afterEach(async () => {
  await Promise.all([...running.values()].map((d) => d.stop('test over')));
  running.clear();
  await dirs.cleanup();
});
afterAll(cleanupStandInMesos);



/**
 * Nodes on 127.0.0.x with one cluster token. The prefix is cluster-wide, and on one machine the nodes share the
 * installed stand-in: the files under it are written by whichever node applies a change.
 */
async function cluster(hosts: string[], options: { handEdits?: boolean } = {}) {
  const token = generateClusterToken();
  const nodes: { node: TestNode; prefix: string; log: Logger & { lines: string[] } }[] = [];
  const sparkHome = join(await dirs.make(), 'spark');
  await mkdir(join(sparkHome, 'conf'), { recursive: true });
  await writeFile(join(sparkHome, 'conf', 'spark-env.sh'), '# the operator\'s own line\nexport SPARK_DAEMON_MEMORY=1g\n');
  const settings: ClusterSettingsInput = { prefix: mesos.prefix, javaHome: '/usr/lib/jvm/default-java', sparkHome, masters: [hosts[0]!], slaves: [...hosts] };
  for (const [i, address] of hosts.entries()) {
    // Nodes on one machine share the prefix's files: with hand-edit watching on, each would take the others' writes
    // for an operator's edits. Only the hand-edit test, with one node, turns it on.
    const node = await makeTestNode(await dirs.make(), `node7${i + 1}`, address, { token, handEdits: options.handEdits ?? false });
    await node.writeCluster(settings);
    nodes.push({ node, prefix: mesos.prefix, log: recordingLogger() });
  }
  return { token, nodes, sparkHome };
}

async function start(entry: { node: TestNode; log: Logger }, pullTimeoutMs = 3000) {
  const daemon = await runDaemon({ configFile: entry.node.configFile, log: entry.log, probeIntervalMs: 200, pullTimeoutMs, syncPeriodMs: 500 });
  running.set(entry.node.node.hostname, daemon);
  return daemon;
}

const config = (node: TestNode, body: unknown) => controlCall({ socketPath: node.controlSocket }, 'POST', CONTROL_PATHS.config, body) as Promise<Record<string, unknown>>;

describe('mesosd keeps the configuration the same on every node', () => {
  test('a change on one node reaches the others and their files; the history shows it', async () => {
    const { nodes, sparkHome } = await cluster(['127.0.0.71', '127.0.0.72', '127.0.0.73']);
    const daemons = await Promise.all(nodes.map((n) => start(n)));
    const pids = async () => Object.fromEntries((await daemons[0]!.status()).children.map((c) => [c.name, c.pid]));
    await pollFor('node71 settled', async () => {
      const now = await pids();
      return now['master'] !== undefined && now['slave'] !== undefined && (await daemons[0]!.status()).sync?.reachable === 2 ? now : undefined;
    }, 10_000);
    await pollFor('the start-up exchanges done', async () => {
      const versions = await Promise.all(daemons.map(async (d) => (await d.status()).configVersion));
      return new Set(versions).size === 1 ? true : undefined;
    }, 10_000);
    const before = await pids();
    await config(nodes[1]!.node, { action: 'set', key: 'mesosConf.resources', value: 'cpus:2;mem:512' });
    await config(nodes[2]!.node, { action: 'set', key: 'sparkEnv.SPARK_WORKER_MEMORY', value: '2g' });
    for (const entry of nodes) {
      await pollFor(`the setting on ${entry.node.node.hostname}`, async () => {
        const answer = await config(entry.node, { action: 'get' });
        const settings = answer['settings'] as { mesosConf: Record<string, string> };
        return settings.mesosConf['resources'] === 'cpus:2;mem:512' ? true : undefined;
      }, 5000);
    }
    expect(await readFile(join(mesos.prefix, 'var/mesos/conf/mesos.conf'), 'utf8')).toMatch(/^resources = cpus:2;mem:512$/m);
    await pollFor('spark-env.sh', async () => {
      const text = await readFile(join(sparkHome, 'conf', 'spark-env.sh'), 'utf8');
      return text.includes('export SPARK_WORKER_MEMORY=2g\n') ? text : undefined;
    }, 5000);
    expect(await readFile(join(sparkHome, 'conf', 'spark-env.sh'), 'utf8')).toMatch(/^# the operator's own line\nexport SPARK_DAEMON_MEMORY=1g\n\n?# >>> spark-mesos-setup/);
    await pollFor('the same version everywhere', async () => {
      const versions = await Promise.all(daemons.map(async (d) => (await d.status()).configVersion));
      return new Set(versions).size === 1 ? true : undefined;
    }, 5000);
    // Mesos reads mesos.conf at start: a slave-only key restarts the slaves, never the master.
    const after = await pollFor('node71\'s slave restarted', async () => {
      const now = await pids();
      return now['slave'] !== undefined && now['slave'] !== before['slave'] ? now : undefined;
    }, 5000);
    expect(after['master']).toBe(before['master']);
    const history = await config(nodes[2]!.node, { action: 'history' });
    expect(history['events']).toContain('node72 set mesosConf.resources to "cpus:2;mem:512"');
  }, 60_000);

  test('a node that was down pulls the change made meanwhile before it starts its slave', async () => {
    const { nodes } = await cluster(['127.0.0.74', '127.0.0.75']);
    await Promise.all(nodes.map((n) => start(n)));
    await running.get('node72')!.stop('power off');
    running.delete('node72');
    await config(nodes[0]!.node, { action: 'set', key: 'mesosConf.attributes', value: 'rack:r1' });
    nodes[1]!.log.lines.length = 0;
    await start(nodes[1]!);
    const lines = nodes[1]!.log.lines;
    const pulled = lines.findIndex((l) => /^state \d+-[0-9a-f]{8} after asking 1 of 1 peers$/.test(l));
    const slaveStarts = lines.findIndex((l) => l.startsWith('slave: stopped -> starting'));
    expect(pulled).toBeGreaterThanOrEqual(0);
    expect(slaveStarts).toBeGreaterThan(pulled);
    expect(await readFile(join(nodes[1]!.prefix, 'var/mesos/conf/mesos.conf'), 'utf8')).toContain('attributes = rack:r1');
  }, 60_000);

  test('with no peer in reach a node starts on its own last state and says so', async () => {
    const { nodes } = await cluster(['127.0.0.76', '127.0.0.77']);
    const daemon = await start(nodes[1]!, 1000);
    expect(nodes[1]!.log.lines.some((l) => /^no peer answered \(of 1\): starting on this node's last state \d+-[0-9a-f]{8}$/.test(l))).toBe(true);
    expect((await daemon.status()).sync).toEqual({ peers: 1, reachable: 0, alone: true });
  }, 30_000);

  test('a bad change is refused and spreads nowhere', async () => {
    const { nodes } = await cluster(['127.0.0.78', '127.0.0.79']);
    const daemons = await Promise.all(nodes.map((n) => start(n)));
    const before = await Promise.all(daemons.map(async (d) => (await d.status()).configVersion));
    const error = await config(nodes[0]!.node, { action: 'set', key: 'mesosConf.port', value: '6000' }).catch((e: unknown) => e);
    expect(isToolError(error) && error.code).toBe('INVALID_STATE');
    expect((error as Error).message).toContain('mesosConf.port');
    const bad = await config(nodes[0]!.node, { action: 'set', key: 'ports.master', value: 'x=1' }).catch((e: unknown) => e);
    expect(isToolError(bad)).toBe(true);
    expect(await Promise.all(daemons.map(async (d) => (await d.status()).configVersion))).toEqual(before);
  }, 30_000);

  test('leave removes the node from every node\'s lists; the only master may not leave', async () => {
    const { nodes } = await cluster(['127.0.0.82', '127.0.0.83']);
    await Promise.all(nodes.map((n) => start(n)));
    const last = await config(nodes[0]!.node, { action: 'leave' }).catch((e: unknown) => e);
    expect(isToolError(last) && last.code).toBe('LAST_MASTER');
    await config(nodes[1]!.node, { action: 'leave' });
    await pollFor('node72 gone from node71\'s slaves', async () => {
      const settings = (await config(nodes[0]!.node, { action: 'get' }))['settings'] as { slaves: string[] };
      return settings.slaves.join(',') === '127.0.0.82' ? true : undefined;
    }, 5000);
  }, 30_000);

  test('a hand edit (editor-style: temp file and rename) is taken; a bad one is refused, put back and changes nothing', async () => {
    const { nodes } = await cluster(['127.0.0.84'], { handEdits: true });
    const daemons = await Promise.all(nodes.map((n) => start(n)));
    const slavesFile = join(mesos.prefix, 'var/mesos/deploy/slaves');
    const editorWrite = async (text: string) => {
      await writeFile(`${slavesFile}.swp`, text);
      await rename(`${slavesFile}.swp`, slavesFile);
    };
    await editorWrite('127.0.0.84\n127.0.0.86\n');
    for (const entry of nodes) {
      await pollFor(`the new slave on ${entry.node.node.hostname}`, async () => {
        const settings = (await config(entry.node, { action: 'get' }))['settings'] as { slaves: string[] };
        return settings.slaves.includes('127.0.0.86') ? true : undefined;
      }, 5000);
    }
    // mesosd has applied the edit (and rewritten its files) before the next one comes.
    await pollFor('the edit applied', () => nodes[0]!.log.lines.find((l) => /^configuration \S+ applied \(hand edit of \S+slaves\)/.test(l)), 5000);
    const before = await Promise.all(daemons.map(async (d) => (await d.status()).configVersion));
    await editorWrite('127.0.0.84\nbad;host\n');
    await pollFor('the refusal', () => nodes.flatMap((n) => n.log.lines).find((l) => /^hand edit of \S+slaves refused: slaves line 2: "bad;host"/.test(l)), 5000);
    await pollFor('the last good version back on disk', async () =>
      ((await readFile(slavesFile, 'utf8')) === '127.0.0.84\n127.0.0.86\n' ? true : undefined), 5000);
    expect(await Promise.all(daemons.map(async (d) => (await d.status()).configVersion))).toEqual(before);
  }, 30_000);

  test('a peer that was down is in reach again as soon as it calls, before this node\'s own next round', async () => {
    const { nodes } = await cluster(['127.0.0.84', '127.0.0.85']);
    const first = await runDaemon({ configFile: nodes[0]!.node.configFile, log: nodes[0]!.log, probeIntervalMs: 200, pullTimeoutMs: 500, syncPeriodMs: 60_000 });
    running.set(nodes[0]!.node.node.hostname, first);
    expect((await first.status()).cluster?.unreachable).toEqual(['127.0.0.85']);
    await start(nodes[1]!); // its start pulls from the first node
    expect((await first.status()).sync).toEqual({ peers: 1, reachable: 1, alone: false });
    expect((await first.status()).cluster?.unreachable).toEqual([]);
  }, 30_000);

  test('a peer state that merges into invalid settings is refused, and status says so until one is taken again', async () => {
    const { token, nodes } = await cluster(['127.0.0.82', '127.0.0.83']);
    const daemon = await start(nodes[0]!, 500);
    const before = (await daemon.status()).configVersion;
    // What a peer holds after a concurrent write valid on its own: the slave port set to the master's port.
    const fetched = await peerRequest({ host: '127.0.0.82', port: 5055, token, nodeId: '127.0.0.83', method: 'POST', path: '/v1/sync',
      body: { digest: digest(emptyState()) }, timeoutMs: 2000 }) as { state: unknown };
    const theirs = setKey(parseState(fetched.state), 'node72', 'ports.slave', 5050);
    const error = await peerRequest({ host: '127.0.0.82', port: 5055, token, nodeId: '127.0.0.83', method: 'POST', path: '/v1/sync',
      body: { digest: digest(theirs), state: serializeState(theirs) }, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(isToolError(error) && error.message).toMatch(/ports\.slave/);
    const status = await daemon.status();
    expect(status.configVersion).toBe(before);
    expect(status.refusedState).toMatchObject({ from: '127.0.0.83', message: expect.stringMatching(/ports\.slave/) });
    expect(summaryLine(status)).toContain("refusing 127.0.0.83's state");
    expect(formatNodeStatus(status, Date.now())).toMatch(/^refused the state of 127\.0\.0\.83 \d+s ago: .*ports\.slave/m);
    // A valid state from the peer is taken, and the refusal is over.
    const fine = setKey(parseState(fetched.state), 'node72', 'mesosConf.attributes', 'rack:r2');
    await peerRequest({ host: '127.0.0.82', port: 5055, token, nodeId: '127.0.0.83', method: 'POST', path: '/v1/sync',
      body: { digest: digest(fine), state: serializeState(fine) }, timeoutMs: 2000 });
    expect((await daemon.status()).refusedState).toBeUndefined();
  }, 30_000);

  test('requests from outside the cluster are refused and change nothing', async () => {
    const { nodes } = await cluster(['127.0.0.80', '127.0.0.81']);
    const daemons = await Promise.all(nodes.map((n) => start(n)));
    const before = (await daemons[0]!.status()).configVersion;
    const error = await peerRequest({
      host: '127.0.0.80', port: 5055, token: generateClusterToken(), nodeId: 'intruder', method: 'POST', path: '/v1/join',
      body: { host: '10.9.9.9' }, timeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(isToolError(error) && error.code).toBe('PEER_AUTH_REFUSED');
    expect(nodes[0]!.log.lines.some((l) => /peer request refused: 127\.0\.0\.1 .*POST \/v1\/join/.test(l) || /peer request refused: .*intruder/.test(l))).toBe(true);
    expect((await daemons[0]!.status()).configVersion).toBe(before);
  }, 30_000);
});

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import type { NodeStatus } from '../../src/control/protocol.js';
import { packageVersion } from '../../src/version.js';
import type { PtySession } from '../helpers/pty-session.js';
import { cleanupStandInMesos } from '../helpers/stand-in-mesos.js';
import { tempDirs } from '../helpers/temp-dir.js';
import { answerQuestion, escapeRegExp, explained, masterSlaves, mesosdStatus, terminalOnNode } from './cluster-in-node.js';
import { BUILD_PACKAGES, copyInstallFiles, INSTALL_DIR, makeInstallFiles, NODE_MESOS_TARBALL, NODE_SPARK_HOME, showUnit } from './mesosd-in-node.js';
import { pollUntil } from './testbed/host-command.js';
import { systemctlStatus } from './testbed/node-tools.js';
import type { TestNode } from './testbed/test-node.js';
import { createTestbed, type Testbed } from './testbed/testbed.js';

/**
 * Issue 7: a three-node cluster as an operator lives it, on nodes with real systemd. node1 runs the wizard in a
 * terminal and creates the cluster; node2 and node3 join with the printed command. Then a hand edit, a reboot, a
 * partition, a kill -9 and a bad peer. The tests share the one cluster and run in order.
 */

const VERSION = packageVersion();
const NAMES = ['node1', 'node2', 'node3'] as const;
const PEER_PORT = 5055;

const PREFIX = '/usr/local';
const MASTERS_FILE = `${PREFIX}/var/mesos/deploy/masters`;
const SLAVES_FILE = `${PREFIX}/var/mesos/deploy/slaves`;
const MESOS_CONF = `${PREFIX}/var/mesos/conf/mesos.conf`;
/** A host that is no node of the test bed, added by hand to deploy/slaves and removed again. */
const EXTRA_SLAVE = '10.213.0.99';
const CONF_LINE = (key: string, value: string) => `${key} = ${value}`;
const BAD_PEER_SCRIPT = fileURLToPath(new URL('./fixtures/bad-peer.mjs', import.meta.url));

/** The three Mesos files of a node as they are on its disk. */
interface MesosFiles {
  readonly masters: string;
  readonly slaves: string;
  readonly conf: string;
}

async function mesosFiles(n: TestNode): Promise<MesosFiles> {
  const [masters, slaves, conf] = await Promise.all([MASTERS_FILE, SLAVES_FILE, MESOS_CONF].map((f) => n.readFile(f).catch(() => '')));
  return { masters: masters ?? '', slaves: slaves ?? '', conf: conf ?? '' };
}

/** Polls (every 10 ms) until the nodes' three files are identical and `holds` for them; returns them. */
async function waitForSameFiles(what: string, holds: (files: MesosFiles) => boolean, timeoutMs: number, on: readonly TestNode[] = nodes): Promise<MesosFiles> {
  let last: unknown;
  return pollUntil(what, async () => {
    const all = await Promise.all(on.map((n) => mesosFiles(n)));
    last = Object.fromEntries(on.map((n, i) => [n.name, all[i]]));
    const first = all[0];
    if (first === undefined || !holds(first)) return undefined;
    return all.every((f) => JSON.stringify(f) === JSON.stringify(first)) ? first : undefined;
  }, { timeoutMs, intervalMs: 10, lastSeen: () => JSON.stringify(last) });
}

/** The pid of each Mesos process by node and child name. */
function childPids(statuses: Map<string, NodeStatus>): Record<string, Record<string, number | undefined>> {
  return Object.fromEntries([...statuses].map(([name, s]) => [name, Object.fromEntries(s.children.map((c) => [c.name, c.pid]))]));
}

const dirs = tempDirs('sms-cluster-');
const timings: string[] = [];
let bed: Testbed | undefined;
let nodes: TestNode[] = [];
let tgzName: string;
let started = 0;

const node = (name: (typeof NAMES)[number]): TestNode => {
  if (bed === undefined) throw new Error('no test bed');
  return bed.node(name);
};
const addressesOf = (...names: (typeof NAMES)[number][]) => names.map((n) => node(n).address);

function note(label: string, ms: number): void {
  timings.push(`${label}: ${ms} ms`);
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const begun = Date.now();
  const result = await work();
  note(label, Date.now() - begun);
  return result;
}

/** Each scenario's failure carries what the nodes were doing; its duration goes into the timings. */
function scenario(name: string, body: () => Promise<void>, timeoutMs: number): void {
  test(name, async () => {
    const begun = Date.now();
    try {
      await explained(nodes, body);
    } finally {
      note(`scenario "${name}"`, Date.now() - begun);
    }
  }, timeoutMs);
}

beforeAll(async () => {
  started = Date.now();
  const files = await makeInstallFiles(await dirs.make());
  note('npm pack (prepare builds dist/)', files.packMs);
  tgzName = files.tgzName;
  bed = await createTestbed({ nodes: [...NAMES], jdk: true, npm: true, extraPackages: BUILD_PACKAGES, log: (line) => timings.push(line) });
  nodes = [...bed.nodes];
  await timed('copying the package, the Mesos tarball and Spark into three nodes', () => Promise.all(nodes.map((n) => copyInstallFiles(n, files))));
}, 20 * 60_000);

afterAll(async () => {
  try {
    await bed?.destroy();
  } finally {
    await dirs.cleanup();
    await cleanupStandInMesos();
    note('the whole file, from npm pack to teardown', Date.now() - started);
    console.log(`cluster e2e timings:\n  ${timings.join('\n  ')}`);
  }
});

/** Polls every node's `mesosd status --json` until `ready` holds for all; returns them by node name. */
async function waitForStatuses(what: string, ready: (status: NodeStatus, n: TestNode) => boolean, timeoutMs: number, on: readonly TestNode[] = nodes): Promise<Map<string, NodeStatus>> {
  let last: Record<string, unknown> = {};
  return pollUntil(what, async () => {
    const seen = new Map<string, NodeStatus>();
    for (const n of on) {
      const status = await mesosdStatus(n);
      last[n.name] = status === undefined ? 'no answer' : { children: status.children.map((c) => `${c.name} ${c.state} pid ${c.pid}`), config: status.configVersion, cluster: status.cluster };
      if (status === undefined || !ready(status, n)) return undefined;
      seen.set(n.name, status);
    }
    // And all on one configuration.
    return new Set([...seen.values()].map((s) => s.configVersion)).size === 1 ? seen : undefined;
  }, { timeoutMs, intervalMs: 250, lastSeen: () => JSON.stringify(last) });
}

const allHealthy = (status: NodeStatus) => status.children.length > 0 && status.children.every((c) => c.state === 'healthy');
const sameConfigAndHealthy = allHealthy;

/** Polls the master until it lists exactly `hostnames` (sorted) as slaves. */
async function waitForSlaves(hostnames: readonly string[], timeoutMs: number) {
  let last: unknown;
  const master = node('node1').address;
  return pollUntil(`the master to list the slaves ${hostnames.join(', ')}`, async () => {
    const slaves = await masterSlaves(node('node2'), master);
    last = slaves?.map((s) => s.hostname);
    return slaves !== undefined && JSON.stringify(slaves.map((s) => s.hostname).sort()) === JSON.stringify([...hostnames].sort()) ? slaves : undefined;
  }, { timeoutMs, intervalMs: 250, lastSeen: () => JSON.stringify(last) });
}

describe('a three-node cluster: created in the wizard, joined, changed, rebooted, partitioned, crashed, attacked', () => {
  let joinAddress: string;
  let token: string;

  scenario('install: node1 answers the wizard in a terminal and creates the cluster; node2 and node3 join with the printed command', async () => {
    const first = node('node1');
    const jdk = bed?.jdkHome;
    if (jdk === undefined) throw new Error('the test bed mounts the JDK');
    const wizardStarted = Date.now();
    const session: PtySession = terminalOnNode(first, INSTALL_DIR, ['npx', '--offline', '--yes', `./${tgzName}`, 'create']);
    try {
      const answers: [string, string][] = [
        ['Install prefix for Mesos', ''],
        ['JAVA_HOME: the JDK to build Mesos with', jdk],
        ['Spark home: the Spark installation to configure', NODE_SPARK_HOME],
        ['Scala home (SCALA_HOME, for Spark 0.x)', 'none'],
        ['Mesos source (a directory, a .tar.gz or an http(s) URL)', NODE_MESOS_TARBALL],
        ['Master host', first.address],
        ['Slave hosts (separated by commas)', first.address],
        ['Address this node advertises to the others', first.address],
        ["This node's role", 'both'],
      ];
      const questions = new RegExp(`\\? (${answers.map(([q]) => escapeRegExp(q)).join('|')}|Go ahead with this plan\\?)`);
      let firstQuestion = true;
      for (;;) {
        const asked = (await session.waitFor(questions, 60_000))[1];
        if (firstQuestion) note('wizard on node1: npx unpacking the package until the first question', Date.now() - wizardStarted);
        firstQuestion = false;
        if (asked === 'Go ahead with this plan?') break;
        const answer = answers.find(([q]) => q === asked);
        if (answer === undefined) throw new Error(`unexpected question ${asked}`);
        await answerQuestion(session, answer[0], answer[1]);
      }
      note('wizard on node1: questions answered (start to the plan)', Date.now() - wizardStarted);
      const accepted = Date.now();
      session.type('y\r');
      await session.waitFor(/This node is set up as a master and a slave of the cluster\./, 8 * 60_000);
      note('wizard on node1: from accepting the plan to the summary (builds Mesos, installs mesosd)', Date.now() - accepted);
      expect(await session.exit(30_000)).toBe(0);
      note('wizard on node1 in all (answers, build, install)', Date.now() - wizardStarted);
    } catch (error) {
      session.kill();
      throw new Error(`${String(error)}\n--- the wizard's screen ends with:\n${session.screen.slice(-3000)}`, { cause: error });
    }
    const screen = session.screen;
    const join = /npx spark-mesos-setup join (\S+:\d+) --token ([0-9a-f]{64})/.exec(screen.replace(/\n/g, ''));
    if (join?.[1] === undefined || join[2] === undefined) throw new Error(`no join command in the summary:\n${screen.slice(-3000)}`);
    [, joinAddress, token] = join as unknown as [string, string, string];
    expect(joinAddress).toBe(`${first.address}:${PEER_PORT}`);
    expect((await first.readFile('/etc/mesosd/cluster.token')).trim()).toBe(token);
    console.log(`node1's wizard, its summary:\n${screen.slice(screen.lastIndexOf('This node is set up'))}`);

    // node2 and node3 at once: the printed command, unattended, with what this node must answer itself.
    const joined = await Promise.all(['node2', 'node3'].map((name) => {
      const joiner = node(name as (typeof NAMES)[number]);
      return timed(`join of ${name} (npx --offline ... join --yes, building the stand-in Mesos)`, () => joiner.exec([
        'sh', '-c', 'cd "$1" && shift && exec "$@"', 'sh', INSTALL_DIR,
        'npx', '--offline', '--yes', `./${tgzName}`, 'join', joinAddress, '--token', token, '--yes',
        '--mesos-source', NODE_MESOS_TARBALL, '--java-home', jdk, '--advertise', joiner.address, '--role', 'slave',
      ], { timeoutMs: 8 * 60_000 }));
    }));
    for (const [i, result] of joined.entries()) {
      if (result.exitCode !== 0) {
        throw new Error(`the join of node${i + 2} exited with ${result.exitCode}:\n${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-60).join('\n')}`);
      }
      expect(result.stdout).toContain('This node is set up as a slave of the cluster.');
    }

    const slaves = await timed('all three slaves registered with the master after the joins', () => waitForSlaves([...NAMES], 90_000));
    expect(slaves.map((s) => s.hostname).sort()).toEqual([...NAMES]);
    // A node's last exchange with a peer that was still installing failed; the next anti-entropy round clears that.
    const statuses = await waitForStatuses('every node healthy, naming the three slaves, every peer answering', (s) =>
      allHealthy(s) && s.cluster?.unreachable.length === 0 && JSON.stringify([...(s.cluster?.slaves ?? [])].sort()) === JSON.stringify(addressesOf(...NAMES)), 90_000);
    for (const n of nodes) {
      const unit = await systemctlStatus(n, 'mesosd');
      expect(unit).toContain('Active: active (running)');
      expect(unit).toMatch(/Status: "(master\+slave|slave): .*healthy/);
      const text = await n.execOk(['mesosd', 'status']);
      const cluster = /^cluster: master (\S+); slaves (.*)$/m.exec(text);
      expect({ master: cluster?.[1], slaves: cluster?.[2]?.split(', ').sort() }).toEqual({ master: first.address, slaves: addressesOf(...NAMES) });
      expect(text).not.toContain('not answering');
      expect(statuses.get(n.name)?.configVersion).toBe(statuses.get('node1')?.configVersion);
    }
  }, 20 * 60_000);
  scenario('change: an editor\'s save of deploy/slaves and of mesos.conf on node2 reaches every node; only the slaves restart', async () => {
    const before = await waitForStatuses('every node healthy on one configuration', sameConfigAndHealthy, 60_000);
    const pidsBefore = childPids(before);

    // sed -i writes a temporary file next to the original and renames it over: an editor's save.
    await node('node2').execOk(['sed', '-i', `$a ${EXTRA_SLAVE}`, SLAVES_FILE]);
    const slavesEdited = Date.now();
    await waitForSameFiles('the new slave host in every node\'s deploy/slaves', (files) => files.slaves.split('\n').includes(EXTRA_SLAVE), 10_000);
    const slavesMs = Date.now() - slavesEdited;
    note('hand edit of deploy/slaves on node2 until the three nodes\' files are identical', slavesMs);
    const afterSlaves = await waitForStatuses('every node on the configuration with the new slave host', (s) =>
      sameConfigAndHealthy(s) && (s.cluster?.slaves ?? []).includes(EXTRA_SLAVE), 30_000);
    // The slave list is not on any command line and in no file a Mesos process reads at start: nothing restarted.
    expect(childPids(afterSlaves)).toEqual(pidsBefore);

    await node('node2').execOk(['sed', '-i', `$a ${CONF_LINE('attributes', 'rack:r2')}`, MESOS_CONF]);
    const confEdited = Date.now();
    await waitForSameFiles('attributes = rack:r2 in every node\'s mesos.conf', (files) => files.conf.includes(CONF_LINE('attributes', 'rack:r2')), 10_000);
    const confMs = Date.now() - confEdited;
    note('hand edit of mesos.conf on node2 until the three nodes\' files are identical', confMs);
    const afterConf = await waitForStatuses('every node healthy on the configuration with the new attributes', (s) =>
      sameConfigAndHealthy(s) && s.configVersion !== afterSlaves.get('node1')?.configVersion, 60_000);
    // attributes is read by mesos-slave only: every slave was restarted once (by mesosd, so no crash restart), the master not.
    const pidsAfter = childPids(afterConf);
    for (const name of NAMES) {
      expect({ node: name, slave: pidsAfter[name]?.['slave'] === pidsBefore[name]?.['slave'] }).toEqual({ node: name, slave: false });
    }
    expect(pidsAfter['node1']?.['master']).toBe(pidsBefore['node1']?.['master']);
    for (const status of afterConf.values()) for (const child of status.children) expect(child.restarts).toBe(0);
    await timed('the slaves registered again with their new attributes', () => pollUntil('three slaves with rack r2', async () => {
      const slaves = await masterSlaves(node('node2'), node('node1').address);
      return slaves?.length === 3 && slaves.every((s) => s.attributes?.['rack'] === 'r2') ? true : undefined;
    }, { timeoutMs: 60_000, intervalMs: 250 }));
    // The issue asks for identical files on every node within a second of the save.
    expect({ slavesMs: slavesMs < 1000, confMs: confMs < 1000 }).toEqual({ slavesMs: true, confMs: true });

    // Back to the three real slaves, so that the later scenarios do not wait on a host that does not exist.
    await node('node1').execOk(['mesosd', 'config', 'remove-slave', EXTRA_SLAVE]);
    await waitForSameFiles('the extra slave host gone from every deploy/slaves', (files) => !files.slaves.includes(EXTRA_SLAVE), 10_000);
  }, 5 * 60_000);

  scenario('reboot: node3 powered off, a setting changed on node1, node3 booted: its slave starts on the new setting and registers', async () => {
    await waitForStatuses('every node healthy on one configuration', (s) => sameConfigAndHealthy(s) && !(s.cluster?.slaves ?? []).includes(EXTRA_SLAVE), 60_000);
    const third = node('node3');
    await timed('power off node3', () => third.powerOff());
    await node('node1').execOk(['mesosd', 'config', 'set', 'mesosConf.attributes', 'rack:r3']);
    const changed = await waitForStatuses('node1 and node2 healthy on the new setting', (s) => sameConfigAndHealthy(s), 60_000, [node('node1'), node('node2')]);
    const version = changed.get('node1')?.configVersion;
    for (const n of [node('node1'), node('node2')]) expect(await n.readFile(MESOS_CONF)).toContain(CONF_LINE('attributes', 'rack:r3'));

    note('boot of node3', await third.boot());
    const listed = await timed('node3 booted until its slave is registered with rack r3', () => pollUntil('node3\'s slave registered with rack r3', async () => {
      const slaves = await masterSlaves(node('node2'), node('node1').address);
      return slaves?.find((s) => s.hostname === 'node3' && s.attributes?.['rack'] === 'r3');
    }, { timeoutMs: 90_000, intervalMs: 100 }));
    const status = await mesosdStatus(third);
    if (status === undefined) throw new Error('mesosd on node3 does not answer');
    const registeredAt = Math.round(Number((listed as unknown as { registered_time: number }).registered_time) * 1000);
    note('rejoin of node3: mesosd start to slave registered', registeredAt - status.mesosd.startedAt);
    expect(status.configVersion).toBe(version);
    // Its log of this boot: the new state taken from the peers before the slave was first started, and started once.
    const journal = (await third.execOk(['journalctl', '-b', '-u', 'mesosd', '-o', 'cat', '--no-pager'])).split('\n');
    const tookState = journal.findIndex((line) => line.includes(`state ${version ?? '?'} after asking`));
    const slaveStarts = journal.flatMap((line, i) => (/^slave: \S+ -> starting/.test(line) ? [i] : []));
    expect({ tookState: tookState >= 0, slaveStarts: slaveStarts.length }).toEqual({ tookState: true, slaveStarts: 1 });
    expect(slaveStarts[0]).toBeGreaterThan(tookState);
    expect(await third.readFile(MESOS_CONF)).toContain(CONF_LINE('attributes', 'rack:r3'));
    await waitForStatuses('every node healthy on one configuration', sameConfigAndHealthy, 60_000);
  }, 5 * 60_000);

  scenario('partition: node2 cut off, the same key set on both sides and another on one side; healed, every node converges and keeps the loser in the history', async () => {
    await waitForStatuses('every node healthy on one configuration', sameConfigAndHealthy, 60_000);
    if (bed === undefined) throw new Error('no test bed');
    await bed.partition('node2');
    let healed = false;
    try {
      await node('node1').execOk(['mesosd', 'config', 'set', 'mesosConf.attributes', 'rack:p1']);
      await node('node2').execOk(['mesosd', 'config', 'set', 'mesosConf.attributes', 'rack:p2']);
      await node('node2').execOk(['mesosd', 'config', 'set', 'mesosConf.frameworks_home', '/opt/frameworks']);
      await waitForSameFiles('node1 and node3 on rack:p1', (files) => files.conf.includes(CONF_LINE('attributes', 'rack:p1')), 10_000, [node('node1'), node('node3')]);
      const cutOff = await node('node2').readFile(MESOS_CONF);
      expect(cutOff).toContain(CONF_LINE('attributes', 'rack:p2'));
      expect(cutOff).toContain(CONF_LINE('frameworks_home', '/opt/frameworks'));
      expect(await node('node1').readFile(MESOS_CONF)).not.toContain('frameworks_home');
      await bed.heal('node2');
      healed = true;
    } finally {
      if (!healed) await bed.heal('node2');
    }
    const healedAt = Date.now();
    await waitForSameFiles('the three nodes on the same files, with frameworks_home', (files) => files.conf.includes(CONF_LINE('frameworks_home', '/opt/frameworks')), 30_000);
    note('partition healed until the three nodes\' files are identical', Date.now() - healedAt);
    const statuses = await waitForStatuses('every node healthy on one configuration', sameConfigAndHealthy, 90_000);
    expect(new Set([...statuses.values()].map((s) => s.configVersion)).size).toBe(1);
    const winner = (await node('node1').execOk(['mesosd', 'config', 'get', 'mesosConf.attributes'])).trim();
    expect(['rack:p1', 'rack:p2']).toContain(winner);
    const loser = winner === 'rack:p1' ? 'rack:p2' : 'rack:p1';
    for (const n of nodes) {
      expect(await n.readFile(MESOS_CONF)).toContain(CONF_LINE('attributes', winner));
      expect((await n.execOk(['mesosd', 'config', 'get', 'mesosConf.attributes'])).trim()).toBe(winner);
      expect({ node: n.name, history: await n.execOk(['mesosd', 'config', 'history']) }).toEqual({ node: n.name, history: expect.stringContaining(loser) });
    }
    await timed('after the heal, the three slaves registered with the winning attributes', () => pollUntil('three slaves on the winner', async () => {
      const slaves = await masterSlaves(node('node2'), node('node1').address);
      return slaves?.length === 3 && slaves.every((s) => `rack:${String(s.attributes?.['rack'])}` === winner) ? true : undefined;
    }, { timeoutMs: 90_000, intervalMs: 250 }));
  }, 5 * 60_000);

  scenario('crash: kill -9 of mesosd on node1; systemd restarts it, the master serves again, the slaves re-register', async () => {
    await waitForStatuses('every node healthy on one configuration', sameConfigAndHealthy, 60_000);
    const first = node('node1');
    const before = await showUnit(first, 'mesosd.service');
    await first.execOk(['kill', '-9', String(before.mainPid)]);
    const killed = Date.now();
    await pollUntil('the master on node1 to answer again under a new mesosd', async () => {
      const unit = await showUnit(first, 'mesosd.service');
      if (unit.mainPid === before.mainPid || unit.mainPid === 0) return undefined;
      return (await masterSlaves(node('node2'), first.address)) === undefined ? undefined : true;
    }, { timeoutMs: 60_000, intervalMs: 100 });
    note('kill -9 of mesosd on node1 until the master serves again', Date.now() - killed);
    await waitForSlaves([...NAMES], 60_000);
    note('kill -9 of mesosd on node1 until the three slaves are registered again', Date.now() - killed);
    const after = await showUnit(first, 'mesosd.service');
    expect(after.restarts).toBe(before.restarts + 1);
    expect(await systemctlStatus(first, 'mesosd')).toContain('Active: active (running)');
    await waitForStatuses('every node healthy on one configuration', sameConfigAndHealthy, 60_000);
  }, 3 * 60_000);

  scenario('bad peer: node3 sends node1 a wrong token, a replay and garbage; all refused, nothing changes anywhere', async () => {
    const before = await waitForStatuses('every node healthy on one configuration', sameConfigAndHealthy, 60_000);
    const filesBefore = await Promise.all(nodes.map((n) => mesosFiles(n)));
    const historyBefore = await node('node1').execOk(['mesosd', 'config', 'history']);
    const third = node('node3');
    await third.copyIn(BAD_PEER_SCRIPT, '/root/bad-peer.mjs');
    const output = await third.execOk(['/usr/bin/node', '/root/bad-peer.mjs', node('node1').address, String(PEER_PORT), `/opt/spark-mesos-setup/${VERSION}/dist`], { timeoutMs: 60_000 });
    const results = JSON.parse(output) as Record<string, { status: number; code?: string; reason?: string }>;
    const summary = Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.reason === undefined ? r.status : `${r.status} ${r.reason}`]));
    expect(summary).toEqual({
      wrongToken: '401 bad-signature',
      unsigned: '401 missing-header',
      stale: '401 stale',
      tampered: '401 bad-signature',
      first: 200,
      replayed: '401 replayed',
      notJson: 400,
      binary: 400,
      badState: 400,
      badJoin: 400,
      oversized: 413,
    });
    // Nothing taken: the same configuration, files and history on every node, also after an anti-entropy round.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const after = await waitForStatuses('every node healthy on one configuration', sameConfigAndHealthy, 30_000);
    expect(after.get('node1')?.configVersion).toBe(before.get('node1')?.configVersion);
    expect(await Promise.all(nodes.map((n) => mesosFiles(n)))).toEqual(filesBefore);
    expect(await node('node1').execOk(['mesosd', 'config', 'history'])).toBe(historyBefore);
    for (const status of after.values()) expect(status.cluster?.slaves).not.toContain('10.213.0.66');
    const log = await node('node1').execOk(['journalctl', '-u', 'mesosd', '-o', 'cat', '--no-pager', '-n', '200']);
    expect(log).toMatch(/peer request refused/);
  }, 3 * 60_000);
});

/**
 * `npm run bench:e2e` (as root): a three-node cluster on the test bed (systemd-nspawn nodes with real systemd, see
 * test/e2e/testbed), installed from the packed package as an operator would, then measured:
 * - install: the wizard's `create` on node1 and a `join` on node2 and node3, with Mesos already built on each node
 *   (`--mesos-source installed`), so the figures are the tool's own work, not the compiler's;
 * - convergence: an editor-style save of deploy/slaves on node2 until every node's file has it;
 * - rejoin: node3 powered off, a setting changed on node1, node3 booted: from mesosd's start on node3 to its slave
 *   registered (both from node3's journal);
 * - crash: `kill -9` of mesosd on node1 until its master serves again (from node1's journal);
 * - serf: agents of the Debian package `serf` on the same three nodes; a user event sent on node1 until the event
 *   handlers of node2 and node3 have run. Printed with the ratio of our convergence to serf's.
 */
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { NodeStatus } from '../../src/control/protocol.js';
import { cleanupStandInMesos } from '../helpers/stand-in-mesos.js';
import { BUILD_PACKAGES, copyInstallFiles, INSTALL_DIR, makeInstallFiles, NODE_MESOS_TARBALL, NODE_SPARK_HOME } from '../e2e/mesosd-in-node.js';
import { pollUntil } from '../e2e/testbed/host-command.js';
import type { TestNode } from '../e2e/testbed/test-node.js';
import { createTestbed, type Testbed } from '../e2e/testbed/testbed.js';

const EDITS = 10;
const EVENTS = 10;
const PREFIX = '/usr/local';
const SLAVES = `${PREFIX}/var/mesos/deploy/slaves`;
const SERF_HANDLER = '/usr/local/bin/serf-bench-handler';
const SERF_EVENTS = '/run/serf-bench-events';

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const summary = (values: number[]) => `p50 ${ms(percentile(values, 0.5))}, max ${ms(Math.max(...values))} (${values.length} runs)`;

async function inNode(node: TestNode, script: string, timeoutMs = 60_000): Promise<string> {
  const result = await node.exec(['sh', '-c', script], { timeoutMs });
  if (result.exitCode !== 0) throw new Error(`${node.name}: \`${script}\` exited with ${result.exitCode}:\n${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n')}`);
  return result.stdout;
}

const status = async (node: TestNode) => JSON.parse(await inNode(node, 'mesosd status --json')) as NodeStatus;

/** Journal lines of mesosd in this boot as [seconds since the epoch (µs precision), message]. */
async function journal(node: TestNode): Promise<[number, string][]> {
  const text = await inNode(node, 'journalctl -b -u mesosd -o short-unix --no-pager');
  return text.split('\n').flatMap((line) => {
    const match = /^(\d+\.\d+) \S+ [^:]+: (.*)$/.exec(line);
    return match === null ? [] : [[Number(match[1]) * 1000, match[2]!] as [number, string]];
  });
}

async function timedMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Builds and installs the stand-in Mesos on the node by hand (configure, make, make install), as a node that has Mesos. */
async function buildMesos(node: TestNode, jdk: string): Promise<void> {
  await inNode(node, `set -e; mkdir -p /root/build; tar xzf ${NODE_MESOS_TARBALL} -C /root/build; cd /root/build/mesos-0.9.0; ` +
    // A JDK 9 or newer keeps libjvm in lib/server, where Mesos 0.9's configure does not look (MESOS.md).
    `./configure --prefix=${PREFIX} JAVA_HOME=${jdk} "JAVA_LDFLAGS=-L${jdk}/lib/server -R${jdk}/lib/server -Wl,-ljvm" >/dev/null; ` +
    'make -j2 >/dev/null; make install >/dev/null; ldconfig', 600_000);
}

/** An editor's save of the node's slaves file (temporary file in the same directory, renamed over it), from the host. */
async function editorSave(node: TestNode, path: string, text: string): Promise<void> {
  const temp = node.path(`${path}.bench-edit`);
  await writeFile(temp, text);
  await rename(temp, node.path(path));
}

async function untilEveryFileHas(nodes: readonly TestNode[], path: string, has: (text: string) => boolean): Promise<void> {
  await pollUntil(`${path} on every node`, async () => {
    const texts = await Promise.all(nodes.map((node) => readFile(node.path(path), 'utf8').catch(() => '')));
    return texts.every(has) ? true : undefined;
  }, { timeoutMs: 20_000, intervalMs: 2 });
}

async function install(bed: Testbed, jdk: string, tgzName: string): Promise<{ create: number; joins: number[] }> {
  const [node1, node2, node3] = bed.nodes as [TestNode, TestNode, TestNode];
  const create = await timedMs(() => inNode(node1, `cd ${INSTALL_DIR} && npx --offline --yes ./${tgzName} create --yes --java-home ${jdk} ` +
    `--spark-home ${NODE_SPARK_HOME} --mesos-source installed --master ${node1.address} --slaves ${node1.address} --advertise ${node1.address}`, 300_000));
  const token = (await node1.readFile('/etc/mesosd/cluster.token')).trim();
  const joins: number[] = [];
  for (const node of [node2, node3]) {
    joins.push(await timedMs(() => inNode(node, `cd ${INSTALL_DIR} && npx --offline --yes ./${tgzName} join ${node1.address}:5055 --token ${token} --yes ` +
      `--mesos-source installed --role slave --advertise ${node.address}`, 300_000)));
  }
  await pollUntil('three slaves registered with the master', async () => ((await status(node1)).slavesRegistered === 3 ? true : undefined),
    { timeoutMs: 60_000, intervalMs: 500 });
  return { create, joins };
}

async function convergence(bed: Testbed): Promise<number[]> {
  const [, node2] = bed.nodes as [TestNode, TestNode, TestNode];
  const original = await node2.readFile(SLAVES);
  const times: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const extra = `10.213.0.${200 + i}`;
    const started = performance.now();
    await editorSave(node2, SLAVES, `${original.trimEnd()}\n${extra}\n`);
    await untilEveryFileHas(bed.nodes, SLAVES, (text) => text.split('\n').includes(extra));
    times.push(performance.now() - started);
    await editorSave(node2, SLAVES, original);
    await untilEveryFileHas(bed.nodes, SLAVES, (text) => !text.split('\n').includes(extra));
  }
  return times;
}

/** node3 off, a change on node1, node3 on: from mesosd's start to the slave registered, from node3's journal. */
async function rejoin(bed: Testbed): Promise<{ ms: number; hadChange: boolean }> {
  const [node1, , node3] = bed.nodes as [TestNode, TestNode, TestNode];
  await node3.powerOff();
  await inNode(node1, 'mesosd config set mesosConf.attributes rack:bench');
  await node3.boot();
  const lines = await pollUntil('node3\'s slave registered after its boot', async () => {
    const seen = await journal(node3).catch(() => []);
    return seen.some(([, message]) => /^slave: \S+ -> healthy/.test(message)) ? seen : undefined;
  }, { timeoutMs: 90_000, intervalMs: 250 });
  const start = lines.find(([, message]) => /^mesosd \S+ on node3/.test(message));
  const healthy = lines.find(([, message]) => /^slave: \S+ -> healthy/.test(message));
  if (start === undefined || healthy === undefined) throw new Error(`node3's journal lacks the start or the registration:\n${lines.map(([, m]) => m).join('\n')}`);
  const conf = await node3.readFile(`${PREFIX}/var/mesos/conf/mesos.conf`);
  return { ms: healthy[0] - start[0], hadChange: /^attributes = rack:bench$/m.test(conf) };
}

/** kill -9 of mesosd on node1 until its (new) master answers, from node1's journal. */
async function crash(bed: Testbed): Promise<number> {
  const [node1] = bed.nodes as [TestNode];
  const before = await status(node1);
  const killedAt = Date.now();
  await inNode(node1, `kill -9 ${before.mesosd.pid}`);
  const line = await pollUntil('node1\'s master healthy again', async () => {
    const seen = await journal(node1).catch(() => []);
    return seen.find(([at, message]) => at > killedAt && /^master: \S+ -> healthy/.test(message));
  }, { timeoutMs: 60_000, intervalMs: 250 });
  return line[0] - killedAt;
}

/** serf agents on the three nodes; a user event sent on node1 until node2's and node3's handlers ran. */
async function serf(bed: Testbed): Promise<number[]> {
  const [node1, ...others] = bed.nodes as [TestNode, TestNode, TestNode];
  for (const node of bed.nodes) {
    await node.writeFile(SERF_HANDLER, `#!/bin/sh\nread payload\necho "$payload $(date +%s%N)" >> ${SERF_EVENTS}\n`, 0o755);
    await inNode(node, `systemd-run --unit=serf-bench --collect serf agent -node=${node.name} -bind=${node.address}:7946 ` +
      `-rpc-addr=127.0.0.1:7373 -event-handler=user:bench=${SERF_HANDLER}`);
  }
  await pollUntil('serf agents answering', async () => {
    const answers = await Promise.all(bed.nodes.map((node) => node.exec(['serf', 'members'])));
    return answers.every((a) => a.exitCode === 0) ? true : undefined;
  }, { timeoutMs: 20_000, intervalMs: 200 });
  for (const node of others) await inNode(node, `serf join ${node1.address}`);
  await pollUntil('three serf members alive', async () => {
    const text = await inNode(node1, 'serf members -status=alive');
    return text.trim().split('\n').length === 3 ? true : undefined;
  }, { timeoutMs: 20_000, intervalMs: 200 });
  const times: number[] = [];
  for (let i = 0; i < EVENTS; i++) {
    // The send time is taken in node1 right before `serf event` runs, as our edit's time is taken right before the save.
    const sent = Number(await inNode(node1, `date +%s%N; serf event -coalesce=false bench e${i} >/dev/null`)) / 1e6;
    const arrivals = await pollUntil(`serf event e${i} on node2 and node3`, async () => {
      const seen = await Promise.all(others.map(async (node) => {
        const text = await readFile(node.path(SERF_EVENTS), 'utf8').catch(() => '');
        const line = text.split('\n').find((l) => l.startsWith(`e${i} `));
        return line === undefined ? undefined : Number(line.split(' ')[1]) / 1e6;
      }));
      return seen.every((at) => at !== undefined) ? seen as number[] : undefined;
    }, { timeoutMs: 20_000, intervalMs: 5 });
    times.push(Math.max(...arrivals) - sent);
  }
  return times;
}

/** What an operator sees on the installed cluster, printed as a shell session (README.md shows one). */
async function operatorSession(bed: Testbed): Promise<void> {
  const [node1, node2] = bed.nodes as [TestNode, TestNode, TestNode];
  const session: [TestNode, string][] = [
    [node1, 'systemctl status mesosd --no-pager --lines=0'],
    [node2, 'mesosd status'],
    [node2, "mesosd config set mesosConf.resources 'cpus:2;mem:1024'"],
    [node1, 'mesosd config get mesosConf.resources'],
    [node1, 'mesosd config history'],
  ];
  const lines = ['operator session:'];
  for (const [node, command] of session) {
    const result = await node.exec(['sh', '-c', command]);
    lines.push(`root@${node.name}:~# ${command}`, ...`${result.stdout}${result.stderr}`.trimEnd().split('\n'));
  }
  console.log(lines.join('\n'));
  // resources is a slave's key: the slaves restarted. The measurements start on a settled cluster.
  await pollUntil('three slaves registered again', async () => ((await status(node1)).slavesRegistered === 3 ? true : undefined),
    { timeoutMs: 60_000, intervalMs: 500 });
}

export async function benchE2e(): Promise<void> {
  const serfBinary = (await execa('sh', ['-c', 'command -v serf'], { reject: false })).stdout.trim();
  if (serfBinary === '') throw new Error('serf is not installed on this machine: apt-get install serf (the nodes use it through a bind mount)');
  const work = await mkdtemp(join(tmpdir(), 'sms-bench-e2e-'));
  let bed: Testbed | undefined;
  try {
    const files = await makeInstallFiles(work);
    bed = await createTestbed({ nodes: 3, jdk: true, npm: true, extraPackages: BUILD_PACKAGES, binds: [{ host: serfBinary, node: '/usr/local/bin/serf' }] });
    const jdk = bed.jdkHome;
    if (jdk === undefined) throw new Error('the test bed mounts the JDK');
    for (const node of bed.nodes) await copyInstallFiles(node, files);
    await Promise.all(bed.nodes.map((node) => buildMesos(node, jdk)));
    const installed = await install(bed, jdk, files.tgzName);
    console.log(`install, Mesos already built: create on node1 ${ms(installed.create)}; join on node2 ${ms(installed.joins[0]!)}, on node3 ${ms(installed.joins[1]!)}`);
    await operatorSession(bed);
    const ours = await convergence(bed);
    console.log(`hand edit of deploy/slaves on node2 until all three nodes' files have it: ${summary(ours)}`);
    const back = await rejoin(bed);
    console.log(`rejoin after boot, mesosd start to slave registered on node3: ${ms(back.ms)}; the change made while it was off was there: ${back.hadChange}`);
    console.log(`kill -9 of mesosd on node1 until its master serves again: ${ms(await crash(bed))}`);
    const theirs = await serf(bed);
    console.log(`serf ${(await execa(serfBinary, ['version'])).stdout.split('\n')[0]}: a user event sent on node1 until node2's and node3's handlers ran: ${summary(theirs)}`);
    console.log(`our convergence / serf's, p50: ${(percentile(ours, 0.5) / percentile(theirs, 0.5)).toFixed(2)}`);
  } finally {
    await bed?.destroy();
    await rm(work, { recursive: true, force: true });
    await cleanupStandInMesos();
  }
}

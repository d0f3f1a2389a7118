import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { NodeStatus } from '../../src/control/protocol.js';
import { packageVersion } from '../../src/version.js';
import { cleanupStandInMesos } from '../helpers/stand-in-mesos.js';
import { tempDirs } from '../helpers/temp-dir.js';
import {
  BUILD_PACKAGES, cgroupPids, copyInstallFiles, INSTALL_DIR, makeInstallFiles, NODE_MESOS_TARBALL, NODE_SPARK_HOME, processesNamed, showUnit,
  type NodeProcess, type UnitView,
} from './mesosd-in-node.js';
import { pollUntil } from './testbed/host-command.js';
import { systemctlStatus } from './testbed/node-tools.js';
import type { TestNode } from './testbed/test-node.js';
import { createTestbed, type Testbed } from './testbed/testbed.js';

/**
 * The first end-to-end scenario: the packed package run with npx, air-gapped and unattended, on a node with real
 * systemd; then mesosd under systemd across a reboot and a kill -9.
 */

const VERSION = packageVersion();
const MESOS_PROGRAMS = ['mesos-master', 'mesos-slave'] as const;
const HEALTHY = /^master\+slave: master healthy, slave healthy/;

const dirs = tempDirs('sms-install-node-');
const timings: string[] = [];
let bed: Testbed | undefined;
let node: TestNode;
let tgzName: string;
let scenarioStarted = 0;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  timings.push(`${label}: ${Date.now() - started} ms`);
  return result;
}

beforeAll(async () => {
  scenarioStarted = Date.now();
  const files = await makeInstallFiles(await dirs.make());
  timings.push(`npm pack (prepare builds dist/): ${files.packMs} ms`);
  tgzName = files.tgzName;
  bed = await createTestbed({ nodes: ['node1'], jdk: true, npm: true, extraPackages: BUILD_PACKAGES, log: (line) => timings.push(line) });
  node = bed.node('node1');
  await timed('copying the package, the Mesos tarball and Spark into the node', () => copyInstallFiles(node, files));
}, 20 * 60_000);

afterAll(async () => {
  try {
    await bed?.destroy();
  } finally {
    await dirs.cleanup();
    await cleanupStandInMesos();
    timings.push(`the whole scenario, from npm pack to the last check and teardown: ${Date.now() - scenarioStarted} ms`);
    console.log(`install-node e2e timings:\n  ${timings.join('\n  ')}`);
  }
});

/** What a healthy mesosd looks like from inside the node: the unit, and one mesos-master and one mesos-slave in its cgroup. */
interface HealthyNode {
  readonly unit: UnitView;
  readonly mesos: readonly NodeProcess[];
}

/**
 * Polls (bounded) until systemd shows mesosd running (with a main pid other than `notPid`, one just killed) with a
 * healthy status line and one mesos-master and one mesos-slave as its children; then checks them as an operator would.
 */
async function waitForHealthyMesosd(timeoutMs: number, notPid?: number): Promise<HealthyNode> {
  let last: unknown;
  const { unit, mesos } = await pollUntil('mesosd to be active (running) with master and slave healthy', async () => {
    const seen = await showUnit(node, 'mesosd.service');
    const children = await processesNamed(node, MESOS_PROGRAMS);
    last = { ...seen, children };
    const ready = seen.activeState === 'active' && seen.subState === 'running' && seen.mainPid !== notPid && HEALTHY.test(seen.statusText)
      && children.length === MESOS_PROGRAMS.length && children.every((c) => c.ppid === seen.mainPid);
    if (!ready) return undefined;
    // systemd keeps the last status line across a restart: ask the running mesosd itself too.
    const answer = await node.exec(['mesosd', 'status', '--json']);
    const status = answer.exitCode === 0 ? JSON.parse(answer.stdout) as NodeStatus : undefined;
    last = { ...seen, children, mesosdSays: status ?? answer.stderr };
    const healthy = status !== undefined && status.mesosd.pid === seen.mainPid && status.children.length === children.length
      && status.children.every((c) => c.state === 'healthy' && children.some((p) => p.pid === c.pid));
    return healthy ? { unit: seen, mesos: children } : undefined;
  }, { timeoutMs, intervalMs: 250, lastSeen: () => JSON.stringify(last) });

  const status = await systemctlStatus(node, 'mesosd');
  expect(status).toContain('Active: active (running)');
  expect(status).toMatch(/Status: "master\+slave: master healthy, slave healthy/);
  expect(unit.execStart).toContain(`/opt/spark-mesos-setup/${VERSION}/`);
  expect(unit.execStart).not.toMatch(/_npx|\.npm/);

  expect(mesos.map((p) => p.name).sort()).toEqual([...MESOS_PROGRAMS]);
  const inCgroup = await cgroupPids(node, unit.controlGroup);
  expect(unit.controlGroup).toBe('/system.slice/mesosd.service');
  expect(inCgroup).toContain(unit.mainPid);
  for (const child of mesos) {
    expect({ child: child.name, inMesosdCgroup: inCgroup.includes(child.pid), parent: child.ppid })
      .toEqual({ child: child.name, inMesosdCgroup: true, parent: unit.mainPid });
  }
  return { unit, mesos };
}

describe('a node set up with `npx ./spark-mesos-setup-<version>.tgz create --yes`, mesosd under systemd', () => {
  let installed: HealthyNode;

  test('the packed package installs offline and unattended, and prints the summary', async () => {
    const jdk = bed?.jdkHome;
    if (jdk === undefined) throw new Error('the test bed mounts the JDK');
    const result = await timed('install in the node (npx --offline ... create --yes, building the stand-in Mesos)', () => node.exec([
      'sh', '-c', 'cd "$1" && shift && exec "$@"', 'sh', INSTALL_DIR,
      'npx', '--offline', '--yes', `./${tgzName}`, 'create', '--yes', '--java-home', jdk, '--spark-home', NODE_SPARK_HOME,
      '--mesos-source', NODE_MESOS_TARBALL,
      '--master', node.address, '--slaves', node.address, '--advertise', node.address,
    ], { timeoutMs: 8 * 60_000 }));
    if (result.exitCode !== 0) {
      const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-60).join('\n');
      throw new Error(`the wizard exited with ${result.exitCode}:\n${tail}`);
    }
    expect(result.stdout).toContain('This node is set up as a master and a slave of the cluster.');
    expect(result.stdout).toContain(`Master:      ${node.address}:5050`);
    expect(result.stdout).toContain('systemctl status mesosd');
    expect(result.stdout).toMatch(new RegExp(`npx spark-mesos-setup join ${node.address.replaceAll('.', '\\.')}:\\d+ --token [0-9a-f]{64}$`, 'm'));
  }, 10 * 60_000);

  test('systemd runs mesosd from the installed copy, with its status line and the Mesos processes in its cgroup', async () => {
    installed = await waitForHealthyMesosd(60_000);
    expect(await node.execOk(['systemctl', 'is-enabled', 'mesosd'])).toBe('enabled');
    expect(await node.execOk(['readlink', '/usr/local/bin/mesosd'])).toBe(`/opt/spark-mesos-setup/${VERSION}/bin/mesosd.js`);
    const status = await node.exec(['mesosd', 'status']);
    expect({ exit: status.exitCode, stderr: status.stderr }).toEqual({ exit: 0, stderr: '' });
    expect(status.stdout).toContain(`node1 (${node.address})`);
    expect(status.stdout).toMatch(/^ {2}master: healthy, pid \d+/m);
    expect(status.stdout).toMatch(/^ {2}slave: healthy, pid \d+/m);
    expect(status.stdout).toContain(`pid ${installed.unit.mainPid}`);
    // The installed copy carries the patched xml2js the package bundles, not the one dbus-next pins (known CVE).
    const xml2js = JSON.parse(await node.readFile(`/opt/spark-mesos-setup/${VERSION}/node_modules/xml2js/package.json`)) as { version: string };
    expect(xml2js.version).toMatch(/^0\.6\./);
    expect(await node.execOk(['find', `/opt/spark-mesos-setup/${VERSION}`, '-path', '*/xml2js/package.json'])).toBe(`/opt/spark-mesos-setup/${VERSION}/node_modules/xml2js/package.json`);
  }, 120_000);

  test('after `systemctl reboot` mesosd is running again, healthy, without anyone starting it', async () => {
    const before = installed;
    const started = Date.now();
    timings.push(`reboot of node1 (down and up again): ${await node.reboot()} ms`);
    const after = await waitForHealthyMesosd(60_000);
    timings.push(`mesosd healthy after the reboot: ${Date.now() - started} ms from \`systemctl reboot\``);
    expect(after.unit.restarts).toBe(0);
    // A new boot: new processes throughout (the pid namespace is new, so pids may repeat; start times do not).
    expect(after.mesos.map((p) => p.startTime)).not.toEqual(before.mesos.map((p) => p.startTime));
    installed = after;
  }, 180_000);

  test('kill -9 of mesosd: systemd restarts it, the Mesos processes come back, none of the old ones is left', async () => {
    const before = installed;
    const started = Date.now();
    await node.execOk(['kill', '-9', String(before.unit.mainPid)]);
    const after = await waitForHealthyMesosd(60_000, before.unit.mainPid);
    timings.push(`mesosd healthy again after kill -9: ${Date.now() - started} ms`);
    expect(after.unit.mainPid).not.toBe(before.unit.mainPid);
    expect(after.unit.restarts).toBe(before.unit.restarts + 1);
    // No Mesos process of the killed mesosd survives anywhere in the node: every one left is a child of the new one.
    const identity = (p: NodeProcess) => `${p.pid}@${p.startTime}`;
    const now = await processesNamed(node, MESOS_PROGRAMS);
    expect(now.map(identity).sort()).toEqual(after.mesos.map(identity).sort());
    for (const old of before.mesos) expect(now.map(identity)).not.toContain(identity(old));
    expect(now.every((p) => p.ppid === after.unit.mainPid)).toBe(true);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { namespacesNamed } from './testbed/bridge-network.js';
import { cgroupsNamed } from './testbed/node-cgroup.js';
import { startTcpListener, tcpConnects } from './testbed/node-tools.js';
import { pollUntil } from './testbed/host-command.js';
import { identify } from './testbed/process-identity.js';
import { RUNS_DIR, sweepLeftovers } from './testbed/run-registry.js';
import { createTestbed, type Testbed } from './testbed/testbed.js';

let bed: Testbed;
const timings: string[] = [];

beforeAll(async () => {
  bed = await createTestbed({ nodes: 2, npm: true, jdk: true, log: (line) => timings.push(line) });
  timings.push(`rootfs ${bed.timings.rootfsBuilt ? 'built' : 'from cache'} ${bed.timings.rootfsMs} ms; 2 nodes created ${bed.timings.createMs} ms, booted ${bed.timings.bootMs} ms`);
}, 20 * 60_000);

afterAll(async () => {
  await bed?.destroy();
  console.log(`test bed timings:\n  ${timings.join('\n  ')}`);
});

describe('test bed nodes', () => {
  test('each node runs systemd as PID 1 under its own name and address, with its own cgroup tree', async () => {
    const [one, two] = bed.nodes;
    if (one === undefined || two === undefined) throw new Error('two nodes expected');
    expect((await one.execOk(['hostname'])).trim()).toBe('node1');
    expect((await two.execOk(['cat', '/proc/1/comm'])).trim()).toBe('systemd');
    expect(await one.execOk(['ip', '-4', '-o', 'addr', 'show', 'eth0'])).toContain(`inet ${one.address}/24`);
    expect((await one.execOk(['getent', 'hosts', 'node2'])).trim()).toMatch(new RegExp(`^${two.address.replaceAll('.', '\\.')}\\s+node2$`));
    expect(await one.readFile('/etc/machine-id')).not.toBe(await two.readFile('/etc/machine-id'));
    // Same-named services on two nodes must not share a cgroup (else stopping one kills the other's processes).
    const dbusCgroup = async (node: typeof one) => (await node.execOk(['sh', '-c', 'cat /proc/$(systemctl show -p MainPID --value dbus.service)/cgroup']));
    expect(await dbusCgroup(one)).toContain('/system.slice/dbus.service');
    const hostView = async (node: typeof one) => (await import('node:fs/promises')).readFile(`/proc/${node.pid1}/cgroup`, 'utf8');
    expect(await hostView(one)).not.toBe(await hostView(two));
  });

  test("the host's node, npm, npx and JDK run inside (mounted read-only)", async () => {
    const one = bed.node('node1');
    expect((await one.execOk(['node', '--version'])).trim()).toBe(process.version);
    expect((await one.execOk(['npm', '--version'])).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await one.execOk(['npx', '--version'])).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const jdk = bed.jdkHome;
    if (jdk === undefined) throw new Error('a JDK was asked for');
    expect(await one.execOk([`${jdk}/bin/javac`, '-version'])).toMatch(/^javac \d+/);
    expect((await one.exec([`${jdk}/bin/java`, '-version'])).stderr).toMatch(/version "\d+/);
    expect((await one.exec(['touch', `${jdk}/x`])).exitCode).not.toBe(0);
  });

  test('nodes reach each other over the bridge; a partitioned node reaches no one until healed', async () => {
    const [one, two] = bed.nodes;
    if (one === undefined || two === undefined) throw new Error('two nodes expected');
    await startTcpListener(one, 7001);
    await startTcpListener(two, 7002);
    await expect(pollConnect(one, two.address, 7002, true)).resolves.toBe(true);
    await expect(pollConnect(two, one.address, 7001, true)).resolves.toBe(true);

    await bed.partition('node2');
    expect(await tcpConnects(one, two.address, 7002, 800)).toBe(false);
    expect(await tcpConnects(two, one.address, 7001, 800)).toBe(false);
    // The node itself still works: its own listener answers on its own address.
    expect(await tcpConnects(two, two.address, 7002, 800)).toBe(true);

    await bed.heal('node2');
    await expect(pollConnect(one, two.address, 7002, true)).resolves.toBe(true);
    await expect(pollConnect(two, one.address, 7001, true)).resolves.toBe(true);
  });

  test('files copied in survive a reboot; /run does not; the node is up again after `systemctl reboot`', async () => {
    const one = bed.node('node1');
    await one.writeFile('/var/lib/tb/kept', 'on disk\n');
    await one.writeFile('/run/tb-gone', 'in memory\n');
    const oldPid1 = one.pid1;
    const ms = await one.reboot();
    timings.push(`reboot of node1: ${ms} ms`);
    expect(one.pid1).not.toBe(oldPid1);
    expect(await one.readFile('/var/lib/tb/kept')).toBe('on disk\n');
    expect((await one.exec(['test', '-e', '/run/tb-gone'])).exitCode).toBe(1);
    expect((await one.execOk(['systemctl', 'is-system-running'])).trim()).toBe('running');
  });

  test('power off and boot again', async () => {
    const two = bed.node('node2');
    await two.powerOff();
    expect(two.running).toBe(false);
    timings.push(`boot of node2 after power-off: ${await two.boot()} ms`);
    expect((await two.execOk(['hostname'])).trim()).toBe('node2');
  });

  test('destroy removes the run: no namespaces, cgroups or directory of it are left', async () => {
    const other = await createTestbed({ nodes: ['solo'], boot: true });
    const runId = other.runId;
    expect(await namespacesNamed(runId)).toHaveLength(2);
    await other.destroy();
    await other.destroy(); // twice is fine
    expect(await namespacesNamed(runId)).toEqual([]);
    expect(await cgroupsNamed(runId)).toEqual([]);
    expect(await readdir(RUNS_DIR)).not.toContain(runId);
  });
});

describe('leftovers of a run that died', () => {
  test('are swept by the next run: its nodes stopped, its namespaces, cgroups and directory removed', async () => {
    const orphan = await createTestbed({ nodes: ['orphan'] });
    try {
      const pid1 = orphan.node('orphan').pid1;
      // Make the run look like one whose test process was killed: its owner becomes a process that has exited.
      const stand = execa('sleep', ['60'], { reject: false });
      const owner = await identify(stand.pid ?? 0);
      expect(owner).toBeDefined();
      stand.kill('SIGKILL');
      await stand;
      const recordFile = join(RUNS_DIR, orphan.runId, 'run.json');
      await writeFile(recordFile, JSON.stringify({ ...JSON.parse(await readFile(recordFile, 'utf8')), owner }));

      const said: string[] = [];
      await sweepLeftovers((line) => said.push(line));
      expect(said).toContain(`removing the leftovers of test bed run ${orphan.runId}`);
      // Killed: gone, or a zombie until its parent (nspawn, killed too) is reaped.
      await pollUntil(`PID 1 of the orphan node (${pid1}) to die`, async () => {
        const stat = await readFile(`/proc/${pid1}/stat`, 'utf8').catch(() => undefined);
        return stat === undefined || /^\S+ \(.*\) [ZX] /.test(stat) ? true : undefined;
      }, { timeoutMs: 10_000 });
      expect(await namespacesNamed(orphan.runId)).toEqual([]);
      expect(await cgroupsNamed(orphan.runId)).toEqual([]);
      expect(await readdir(RUNS_DIR)).not.toContain(orphan.runId);
      // The live run of this file is left alone.
      expect(bed.node('node1').running).toBe(true);
      expect(await readdir(RUNS_DIR)).toContain(bed.runId);
    } finally {
      await orphan.destroy(); // after the sweep there is nothing left to do, and that is no error
    }
  });
});

async function pollConnect(from: Testbed['nodes'][number], host: string, port: number, want: boolean): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const got = await tcpConnects(from, host, port, 800);
    if (got === want || Date.now() > deadline) return got;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { NodeStatus } from '../../src/control/protocol.js';
import type { ClusterSettingsInput } from '../../src/model/cluster-settings.js';
import type { Logger } from '../../daemon/run/logger.js';
import { runDaemon, type RunningDaemon } from '../../daemon/run/run-daemon.js';
import { makeTestNode, pollFor, processAlive, type TestNode } from '../helpers/mesosd-node.js';
import { buildStandInMesos, cleanupStandInMesos, type StandInMesos } from '../helpers/stand-in-mesos.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../helpers/temp-dir.js';

const MESOSD = fileURLToPath(new URL('../../bin/mesosd.js', import.meta.url));
const dirs = tempDirs('mesosd-', PERSISTENT_TEST_BASE);
let mesos: StandInMesos;
const daemons: RunningDaemon[] = [];
const processes: { kill: (signal: NodeJS.Signals) => boolean; catch: (f: () => undefined) => Promise<unknown> }[] = [];

beforeAll(async () => {
  mesos = await buildStandInMesos();
}, 120_000);
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => d.stop('test over')));
  for (const p of processes.splice(0)) {
    p.kill('SIGKILL');
    await p.catch(() => undefined);
  }
  await dirs.cleanup();
});
afterAll(cleanupStandInMesos);

function cluster(masters: string[], slaves: string[], extra: Partial<ClusterSettingsInput> = {}): ClusterSettingsInput {
  return { prefix: mesos.prefix, javaHome: '/usr/lib/jvm/default-java', sparkHome: '/opt/spark', masters, slaves, ...extra };
}


async function start(node: TestNode, log = recordingLogger()) {
  const daemon = await runDaemon({
    configFile: node.configFile, log, probeIntervalMs: 200, stopTimeoutMs: 5000,
    policy: { initialMs: 200, maxMs: 800, resetAfterHealthyMs: 60_000 },
  });
  daemons.push(daemon);
  return { daemon, log };
}

const child = (status: NodeStatus, name: string) => status.children.find((c) => c.name === name);
const stateOf = (daemon: RunningDaemon, name: string) => async () => {
  const c = child(await daemon.status(), name);
  return c;
};
async function waitState(daemon: RunningDaemon, name: string, state: string) {
  return pollFor(`${name} ${state}`, async () => {
    const c = await stateOf(daemon, name)();
    return c?.state === state ? c : undefined;
  });
}

describe('mesosd supervising the stand-in Mesos', () => {
  test('a master and a slave on one node become healthy; the files are written from the settings', async () => {
    const node = await makeTestNode(await dirs.make(), 'node31', '127.0.0.31');
    await node.writeCluster(cluster(['127.0.0.31'], ['127.0.0.31'], { mesosConf: { resources: 'cpus:2;mem:1024' } }));
    const { daemon } = await start(node);
    await waitState(daemon, 'master', 'healthy');
    await waitState(daemon, 'slave', 'healthy');
    expect(await readFile(`${mesos.prefix}/var/mesos/deploy/slaves`, 'utf8')).toBe('127.0.0.31\n');
    expect(await readFile(`${mesos.prefix}/var/mesos/conf/mesos.conf`, 'utf8')).toMatch(/^resources = cpus:2;mem:1024$/m);
    const status = await daemon.status();
    expect(status.roles).toEqual({ master: true, slave: true });
    expect(child(status, 'slave')?.commandLine).toContain('--master=127.0.0.31:5050');
  });

  test('a crashing master is restarted at once, then after 200 and 400 ms (from the logged transitions)', async () => {
    const node = await makeTestNode(await dirs.make(), 'node32', '127.0.0.32');
    await node.writeCluster(cluster(['127.0.0.32'], []));
    const { daemon, log } = await start(node);
    for (let crash = 0; crash < 3; crash++) {
      const before = await waitState(daemon, 'master', 'healthy');
      process.kill(before.pid!, 'SIGKILL');
      await pollFor('a new master pid', async () => {
        const c = await stateOf(daemon, 'master')();
        return c?.pid !== undefined && c.pid !== before.pid ? c : undefined;
      });
    }
    const delays = log.lines.filter((l) => l.startsWith('master: ') && l.includes('-> backoff'))
      .map((l) => /\(restart in (\d+) ms\)/.exec(l)?.[1]);
    expect(delays).toEqual(['0', '200', '400']);
    expect(log.lines.find((l) => l.includes('-> backoff'))).toMatch(/killed by SIGKILL/);
    expect(child(await daemon.status(), 'master')?.restarts).toBe(3);
  });

  test('a slave whose master is away is "running, not registered", then healthy when the master comes', async () => {
    const slaveNode = await makeTestNode(await dirs.make(), 'node33', '127.0.0.33');
    const masterNode = await makeTestNode(await dirs.make(), 'node34', '127.0.0.34');
    const settings = cluster(['127.0.0.34'], ['127.0.0.33']);
    await slaveNode.writeCluster(settings);
    await masterNode.writeCluster(settings);
    const { daemon: slaveDaemon } = await start(slaveNode);
    await waitState(slaveDaemon, 'slave', 'unregistered');
    expect((await slaveDaemon.status()).children.map((c) => c.name)).toEqual(['slave']);
    const { daemon: masterDaemon } = await start(masterNode);
    await waitState(masterDaemon, 'master', 'healthy');
    await waitState(slaveDaemon, 'slave', 'healthy');
    await pollFor('the master to count the slave', async () => ((await masterDaemon.status()).children.length === 1 ? true : undefined));
  });

  test('a change that touches no command line restarts nothing; a new slave port restarts only the slave', async () => {
    const node = await makeTestNode(await dirs.make(), 'node35', '127.0.0.35');
    await node.writeCluster(cluster(['127.0.0.35'], ['127.0.0.35']));
    const { daemon, log } = await start(node);
    const master = await waitState(daemon, 'master', 'healthy');
    const slave = await waitState(daemon, 'slave', 'healthy');
    await node.writeCluster(cluster(['127.0.0.35'], ['127.0.0.35', '127.0.0.99'], { sparkEnv: { SPARK_MEM: '2g' } }));
    await daemon.reload('test: unrelated change');
    expect(log.lines.at(-1)).toMatch(/applied \(\S+cluster\.json changed \(test: unrelated change\)\): unchanged master, slave$/);
    expect((await daemon.status()).children.map((c) => [c.pid, c.restarts])).toEqual([[master.pid, 0], [slave.pid, 0]]);

    await node.writeCluster(cluster(['127.0.0.35'], ['127.0.0.35'], { ports: { slave: 5061 } }));
    await daemon.reload('test: slave port');
    expect(log.lines.at(-1)).toMatch(/\(test: slave port\)\): restarted slave; unchanged master$/);
    const moved = await waitState(daemon, 'slave', 'healthy');
    expect(moved.commandLine).toContain('--port=5061');
    expect(child(await daemon.status(), 'master')?.pid).toBe(master.pid);
  });

  test('a bad settings file on reload is refused and the node keeps running', async () => {
    const node = await makeTestNode(await dirs.make(), 'node36', '127.0.0.36');
    await node.writeCluster(cluster(['127.0.0.36'], []));
    const { daemon, log } = await start(node);
    const master = await waitState(daemon, 'master', 'healthy');
    await node.writeCluster(cluster(['bad host;rm -rf /'], []));
    await daemon.reload('test: bad edit');
    expect(log.lines.at(-1)).toMatch(/^configuration not reloaded \(test: bad edit\); still running \d+-[0-9a-f]{8}: The cluster settings are not valid/);
    expect(log.lines.at(-1)).toContain('masters[0]: "bad host;rm -rf /" is not valid');
    expect(child(await daemon.status(), 'master')?.pid).toBe(master.pid);
  });
});

describe('the mesosd program', () => {
  async function startProgram(node: TestNode) {
    const program = execa('node', [MESOSD, 'run', '--config', node.configFile, '--no-systemd'], {
      reject: false, all: true, stdin: 'ignore', buffer: true,
    });
    processes.push(program);
    const status = async () => {
      const result = await execa('node', [MESOSD, 'status', '--json', '--config', node.configFile], { reject: false });
      return result.exitCode === 0 ? (JSON.parse(result.stdout) as NodeStatus) : undefined;
    };
    return { program, status };
  }

  test('status and status --json on a running node; SIGTERM stops the slave, then the master', async () => {
    const node = await makeTestNode(await dirs.make(), 'node37', '127.0.0.37');
    await node.writeCluster(cluster(['127.0.0.37'], ['127.0.0.37']));
    const { program, status } = await startProgram(node);
    const healthy = await pollFor('both healthy', async () => {
      const s = await status();
      return s !== undefined && s.children.length === 2 && s.children.every((c) => c.state === 'healthy') ? s : undefined;
    }, 30_000);
    expect(healthy.hostname).toBe('node37');
    expect(healthy.roles).toEqual({ master: true, slave: true });

    const text = await execa('node', [MESOSD, 'status', '--config', node.configFile]);
    expect(text.stdout.split('\n')[0]).toMatch(/^node37 \(127\.0\.0\.37\) — master\+slave: master healthy, slave healthy; config \d+-[0-9a-f]{8}/);
    expect(text.stdout).toMatch(/^ {2}slave: healthy, pid \d+, up \d+s, 0 restarts$/m);

    const restart = await execa('node', [MESOSD, 'restart', 'slave', '--config', node.configFile]);
    expect(restart.stdout).toBe('restarted the slave');

    program.kill('SIGTERM');
    const result = await program;
    expect(result.exitCode).toBe(0);
    const afterSigterm = result.all.split('\n').slice(result.all.split('\n').findIndex((l) => l.includes('stopping (SIGTERM received)')));
    const order = afterSigterm.map((l) => / (master|slave): \w+ -> (stopping|stopped)/.exec(l)).filter((m) => m !== null).map((m) => `${m[1]}:${m[2]}`);
    expect(order).toEqual(['slave:stopping', 'slave:stopped', 'master:stopping', 'master:stopped']);
    expect(result.all).toMatch(/slave: healthy -> stopping pid \d+: restart requested with `mesosd restart`/);
    for (const c of healthy.children) expect(processAlive(c.pid!)).toBe(false);
  });

  test('kill -9 of mesosd leaves no Mesos process behind', async () => {
    const node = await makeTestNode(await dirs.make(), 'node38', '127.0.0.38');
    await node.writeCluster(cluster(['127.0.0.38'], ['127.0.0.38']));
    const { program, status } = await startProgram(node);
    const running = await pollFor('both running', async () => {
      const s = await status();
      return s !== undefined && s.children.length === 2 && s.children.every((c) => c.pid !== undefined) ? s : undefined;
    }, 30_000);
    program.kill('SIGKILL');
    await program;
    const pids = running.children.map((c) => c.pid!);
    await pollFor('the children to exit', () => (pids.every((pid) => !processAlive(pid)) ? true : undefined), 10_000);
  });

  test('status without a running mesosd says so, with a hint, exit 1', async () => {
    const node = await makeTestNode(await dirs.make(), 'node39', '127.0.0.39');
    const result = await execa('node', [MESOSD, 'status', '--config', node.configFile], { reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^mesosd: mesosd is not running on this node \(nothing answers on .*control\.sock\)\nhint: start it with `systemctl start mesosd`/);
  });
});

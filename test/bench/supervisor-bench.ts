/**
 * mesosd's supervisor, measured on the stand-in Mesos: restart latency of a crashed master (first attempt), and
 * mesosd's resident memory and idle CPU while it supervises a master and a slave. Prints figures; asserts nothing.
 */
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { fetchNodeStatus } from '../../src/control/control-client.js';
import type { NodeStatus } from '../../src/control/protocol.js';
import { makeTestNode, pollFor } from '../helpers/mesosd-node.js';
import { buildStandInMesos, cleanupStandInMesos } from '../helpers/stand-in-mesos.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../helpers/temp-dir.js';

const MESOSD = fileURLToPath(new URL('../../../bin/mesosd.js', import.meta.url));
const SAMPLES = 5;
const IDLE_SECONDS = 20;
/** Start-up garbage is collected in idle time for a few seconds: measure the steady state after it. */
const SETTLE_SECONDS = 10;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

async function procStat(pid: number): Promise<{ cpuTicks: number; rssKiB: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return {
    cpuTicks: Number(fields[11]) + Number(fields[12]),
    rssKiB: Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function benchSupervisor(): Promise<void> {
  const mesos = await buildStandInMesos();
  const dirs = tempDirs('mesosd-bench-', PERSISTENT_TEST_BASE);
  const relaunch: number[] = [];
  const serving: number[] = [];
  try {
    for (let sample = 0; sample < SAMPLES; sample++) {
      const node = await makeTestNode(await dirs.make(), `bench${sample}`, `127.0.0.${60 + sample}`);
      await node.writeCluster({
        prefix: mesos.prefix, javaHome: '/usr/lib/jvm/default-java', sparkHome: '/opt/spark',
        masters: [node.node.advertise], slaves: [node.node.advertise],
      });
      const mesosd = execa('node', [MESOSD, 'run', '--config', node.configFile, '--no-systemd'], { reject: false, stdin: 'ignore' });
      try {
        const status = () => fetchNodeStatus({ socketPath: node.controlSocket }).catch(() => undefined);
        const healthy = await pollFor('master and slave healthy', async () => {
          const s = await status();
          return s !== undefined && s.children.length === 2 && s.children.every((c) => c.state === 'healthy') ? s : undefined;
        }, 30_000);
        if (sample === 0 && mesosd.pid !== undefined) {
          await new Promise((resolve) => setTimeout(resolve, SETTLE_SECONDS * 1000));
          const before = await procStat(mesosd.pid);
          await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
          const after = await procStat(mesosd.pid);
          const cpu = ((after.cpuTicks - before.cpuTicks) / TICKS_PER_SECOND / IDLE_SECONDS) * 100;
          console.log(`mesosd resident memory with two children: ${(after.rssKiB / 1024).toFixed(1)} MB (goal < 80 MB)`);
          console.log(`mesosd idle CPU over ${IDLE_SECONDS} s, ${SETTLE_SECONDS} s after start-up: ${cpu.toFixed(2)} % of one core (goal < 1 %)`);
        }
        const master = healthy.children.find((c) => c.name === 'master');
        const killedAt = performance.now();
        process.kill(master!.pid!, 'SIGKILL');
        let newPid: number | undefined;
        await pollFor('a new master pid', async () => {
          const s: NodeStatus | undefined = await status();
          const c = s?.children.find((x) => x.name === 'master');
          if (c?.pid !== undefined && c.pid !== master!.pid) newPid = c.pid;
          return newPid;
        }, 10_000);
        relaunch.push(performance.now() - killedAt);
        const url = `http://${node.node.advertise}:5050/master/state.json`;
        await pollFor('the master serving', async () => ((await fetch(url).catch(() => undefined))?.ok ? true : undefined), 10_000);
        serving.push(performance.now() - killedAt);
      } finally {
        mesosd.kill('SIGTERM');
        await mesosd;
      }
    }
  } finally {
    await dirs.cleanup();
    await cleanupStandInMesos();
  }
  console.log(`restart of a killed master, first attempt (${SAMPLES} samples): new process in median ${median(relaunch).toFixed(0)} ms ` +
    `(max ${Math.max(...relaunch).toFixed(0)}; goal < 200 ms); serving HTTP again in median ${median(serving).toFixed(0)} ms`);
}

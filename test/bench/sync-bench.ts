/**
 * Replication, measured: N mesosd daemons on loopback addresses (each a master, so each is a peer of the others), one
 * `config set` at a time on the first; the time until every daemon runs the new configuration. Prints p50 and p99.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../daemon/run/logger.js';
import { runDaemon, type RunningDaemon } from '../../daemon/run/run-daemon.js';
import { controlCall } from '../../src/control/control-client.js';
import { CONTROL_PATHS } from '../../src/control/protocol.js';
import { generateClusterToken } from '../../src/sync/cluster-token.js';
import { makeTestNode } from '../helpers/mesosd-node.js';
import { buildStandInMesos, cleanupStandInMesos } from '../helpers/stand-in-mesos.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../helpers/temp-dir.js';

const EDITS = 20;
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? Number.NaN;

async function convergence(size: number): Promise<number[]> {
  const mesos = await buildStandInMesos();
  const dirs = tempDirs('sync-bench-', PERSISTENT_TEST_BASE);
  const daemons: RunningDaemon[] = [];
  try {
    const token = generateClusterToken();
    const hosts = Array.from({ length: size }, (_, i) => `127.0.4.${i + 1}`);
    const sparkHome = join(await dirs.make(), 'spark');
    await mkdir(join(sparkHome, 'conf'), { recursive: true });
    const nodes = [];
    for (const [i, address] of hosts.entries()) {
      const node = await makeTestNode(await dirs.make(), `b${i + 1}`, address, { token, handEdits: false });
      await node.writeCluster({ prefix: mesos.prefix, javaHome: '/usr/lib/jvm/default-java', sparkHome, masters: hosts, slaves: [] });
      nodes.push(node);
    }
    daemons.push(...await Promise.all(nodes.map((node) => runDaemon({ configFile: node.configFile, log: quiet, pullTimeoutMs: 2000, syncPeriodMs: 3000 }))));
    const times: number[] = [];
    for (let edit = 0; edit < EDITS; edit++) {
      const started = performance.now();
      const answer = await controlCall({ socketPath: nodes[0]!.controlSocket }, 'POST', CONTROL_PATHS.config,
        { action: 'set', key: 'mesosConf.attributes', value: `edit:${edit}` }) as { version: string };
      const deadline = started + 10_000;
      for (;;) {
        const versions = await Promise.all(daemons.map(async (d) => (await d.status()).configVersion));
        if (versions.every((v) => v === answer.version)) break;
        if (performance.now() > deadline) throw new Error(`edit ${edit} did not reach every daemon in 10 s`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await Promise.all(daemons.map((d) => d.stop('bench over')));
    await dirs.cleanup();
    await cleanupStandInMesos();
  }
}

export async function benchSync(): Promise<void> {
  for (const size of [3, 10]) {
    const times = await convergence(size);
    console.log(`a config set on one of ${size} daemons until every daemon runs it (${EDITS} edits): ` +
      `p50 ${percentile(times, 0.5).toFixed(1)} ms, p99 ${percentile(times, 0.99).toFixed(1)} ms`);
  }
}

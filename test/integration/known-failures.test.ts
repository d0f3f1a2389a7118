import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { repairKnownFailures } from '../../daemon/run/known-failures.js';
import type { Logger } from '../../daemon/run/logger.js';
import { runDaemon, type RunningDaemon } from '../../daemon/run/run-daemon.js';
import { clusterSettingsWithDefaults, nodeSettingsWithDefaults } from '../../src/model/cluster-settings.js';
import { makeTestNode, pollFor } from '../helpers/mesosd-node.js';
import { buildStandInMesos, cleanupStandInMesos, type StandInMesos } from '../helpers/stand-in-mesos.js';
import { recordingLogger } from '../helpers/recording-logger.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../helpers/temp-dir.js';

const dirs = tempDirs('known-failures-', PERSISTENT_TEST_BASE);
let mesos: StandInMesos;
const daemons: RunningDaemon[] = [];
const servers: Server[] = [];
beforeAll(async () => {
  mesos = await buildStandInMesos();
}, 120_000);
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => d.stop('test over')));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  await dirs.cleanup();
});
afterAll(cleanupStandInMesos);


test('a master that cannot bind its port: the log names the process that holds it', async () => {
  // Holds the port; whatever connects to it (mesosd's health probe does) is cut off at once.
  const blocker = createServer((socket) => socket.destroy());
  servers.push(blocker);
  await new Promise<void>((resolve) => blocker.listen(5050, '127.0.0.40', resolve));
  const node = await makeTestNode(await dirs.make(), 'node40', '127.0.0.40');
  await node.writeCluster({ prefix: mesos.prefix, javaHome: '/usr/lib/jvm/x', sparkHome: '/opt/spark', masters: ['127.0.0.40'], slaves: [] });
  const log = recordingLogger();
  const daemon = await runDaemon({ configFile: node.configFile, log, policy: { initialMs: 5000, maxMs: 5000, resetAfterHealthyMs: 60_000 } });
  daemons.push(daemon);
  const line = await pollFor('the backoff line', () => log.lines.find((l) => l.startsWith('master: ') && l.includes('-> backoff')));
  expect(line).toContain('Address already in use');
  expect(line).toContain(`port 5050 is held by pid ${process.pid} (`);
});

test('a slave refused for incompatible recovered state: meta/slaves/latest is moved aside once, and said', async () => {
  const work = await dirs.make();
  const meta = join(work, 'meta', 'slaves');
  await mkdir(join(meta, 'latest'), { recursive: true });
  await writeFile(join(meta, 'latest', 'slave.info'), 'old');
  const log = recordingLogger();
  const context = {
    spec: { name: 'slave', file: '/p/sbin/mesos-agent', args: [`--work_dir=${work}`, '--port=5051'], env: {} },
    exit: { code: 1, signal: undefined, spawnError: undefined },
    stderrTail: ['E1125 recover.cpp:52] Incompatible agent info detected.', 'To remedy this do as follows: rm -f ' + join(meta, 'latest')],
    cluster: clusterSettingsWithDefaults({ javaHome: '/j', sparkHome: '/s', masters: ['m1'] }),
    node: nodeSettingsWithDefaults({ hostname: 'n1', advertise: '10.0.0.1' }),
    log,
    now: () => new Date('2026-11-25T10:00:00Z'),
  };
  const done = await repairKnownFailures(context);
  expect(done).toBe(`moved ${join(meta, 'latest')} aside to ${join(meta, 'latest')}.incompatible-2026-11-25T100000.000Z so the slave can start with its new settings`);
  expect(await readdir(meta)).toEqual(['latest.incompatible-2026-11-25T100000.000Z']);
  expect(log.lines).toEqual([`slave: recovered state does not match its flags; ${done}`]);
  // Nothing left to move: the next failure is not "repaired" again.
  expect(await repairKnownFailures(context)).toBeUndefined();
});

test('an exit with no known cause is left to the backoff', async () => {
  const context = {
    spec: { name: 'master', file: '/p/sbin/mesos-master', args: ['--port=5050'], env: {} },
    exit: { code: 1, signal: undefined, spawnError: undefined },
    stderrTail: ['F1125 master.cpp:10] something else went wrong'],
    cluster: clusterSettingsWithDefaults({ javaHome: '/j', sparkHome: '/s', masters: ['m1'] }),
    node: nodeSettingsWithDefaults({ hostname: 'n1', advertise: '10.0.0.1' }),
    log: recordingLogger(),
  };
  expect(await repairKnownFailures(context)).toBeUndefined();
});

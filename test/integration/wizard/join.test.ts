import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../../daemon/run/logger.js';
import { runDaemon, type RunningDaemon } from '../../../daemon/run/run-daemon.js';
import { loadStateFile, settingsOf } from '../../../src/state/index.js';
import { generateClusterToken } from '../../../src/sync/cluster-token.js';
import { makeTestNode } from '../../helpers/mesosd-node.js';
import { buildStandInMesos, cleanupStandInMesos, findJdk, type StandInMesos } from '../../helpers/stand-in-mesos.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../../helpers/temp-dir.js';

const WIZARD = fileURLToPath(new URL('../../../bin/spark-mesos-setup.js', import.meta.url));
const dirs = tempDirs('wizard-join-', PERSISTENT_TEST_BASE);
let mesos: StandInMesos;
const daemons: RunningDaemon[] = [];
beforeAll(async () => {
  mesos = await buildStandInMesos();
}, 120_000);
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => d.stop('test over')));
});
afterAll(async () => {
  await dirs.cleanup();
  await cleanupStandInMesos();
});

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

test('join: the settings come from the peer, this node is added everywhere, and its state starts from the cluster\'s', async () => {
  const base = await dirs.make();
  const spark = join(base, 'spark');
  await mkdir(join(spark, 'conf'), { recursive: true });
  await writeFile(join(spark, 'RELEASE'), 'Spark 1.6.3 built for Hadoop 2.6.0\n');
  const { javaHome } = await findJdk();
  const token = generateClusterToken();
  const first = await makeTestNode(await dirs.make(), 'node91', '127.0.0.91', { token });
  await first.writeCluster({ prefix: mesos.prefix, javaHome, sparkHome: spark, masters: ['127.0.0.91'], slaves: ['127.0.0.91'], mesosConf: { attributes: 'rack:a' } });
  const daemon = await runDaemon({ configFile: first.configFile, log: quiet, pullTimeoutMs: 500, syncPeriodMs: 500 });
  daemons.push(daemon);

  const root = join(base, 'root');
  const result = await execa('node', [WIZARD, 'join', '127.0.0.91', '--token', token, '--yes', '--no-systemd', '--root', root,
    '--mesos-source', 'installed', '--hostname', hostname(), '--advertise', '127.0.0.92'], { reject: false, stdin: 'ignore', env: { CI: 'true' }, all: true });
  if (result.exitCode !== 0) throw new Error(`the wizard failed:\n${result.all}`);
  expect(result.all).toMatch(/Join the cluster: done/);
  expect(result.all).not.toContain('To add another node');

  const settings = (await daemon.status()).roles;
  expect(settings).toEqual({ master: true, slave: true });
  const joined = await loadStateFile(join(root, 'var/lib/mesosd/state.json'));
  expect(joined === undefined ? undefined : settingsOf(joined).slaves).toEqual(['127.0.0.91', '127.0.0.92']);
  expect(joined === undefined ? undefined : settingsOf(joined).mesosConf).toEqual({ attributes: 'rack:a' });
  const config = await execa('node', [fileURLToPath(new URL('../../../bin/mesosd.js', import.meta.url)), 'config', 'get', 'slaves', '--config', first.configFile]);
  expect(JSON.parse(config.stdout)).toEqual(['127.0.0.91', '127.0.0.92']);
}, 120_000);

test('join with a wrong token is refused by the peer and changes nothing', async () => {
  const base = await dirs.make();
  const token = generateClusterToken();
  const first = await makeTestNode(await dirs.make(), 'node93', '127.0.0.93', { token });
  const spark = join(base, 'spark');
  await mkdir(join(spark, 'conf'), { recursive: true });
  await first.writeCluster({ prefix: mesos.prefix, javaHome: (await findJdk()).javaHome, sparkHome: spark, masters: ['127.0.0.93'], slaves: [] });
  const daemon = await runDaemon({ configFile: first.configFile, log: quiet, pullTimeoutMs: 500 });
  daemons.push(daemon);
  const before = (await daemon.status()).configVersion;
  const result = await execa('node', [WIZARD, 'join', '127.0.0.93', '--token', generateClusterToken(), '--yes', '--no-systemd', '--root', join(base, 'root'),
    '--mesos-source', 'installed', '--hostname', 'node94', '--advertise', '127.0.0.94'], { reject: false, stdin: 'ignore', env: { CI: 'true' }, all: true });
  expect(result.exitCode).toBe(1);
  expect(result.all).toContain('the token does not match the cluster\'s');
  expect((await daemon.status()).configVersion).toBe(before);
}, 60_000);

import { afterAll, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupStandInMesos, findJdk, packStandInTarball } from '../../helpers/stand-in-mesos.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../../helpers/temp-dir.js';

const WIZARD = fileURLToPath(new URL('../../../bin/spark-mesos-setup.js', import.meta.url));
const dirs = tempDirs('wizard-uninstall-', PERSISTENT_TEST_BASE);
afterAll(async () => {
  await dirs.cleanup();
  await cleanupStandInMesos();
});

const wizard = (args: readonly string[]) => execa('node', [WIZARD, ...args], { reject: false, stdin: 'ignore', env: { CI: 'true' }, all: true });

test('uninstall removes what the tool wrote and keeps Mesos, the deploy files and the user\'s Spark settings', async () => {
  const base = await dirs.make();
  const root = join(base, 'root');
  const prefix = join(base, 'mesos');
  const spark = join(base, 'spark');
  await mkdir(join(spark, 'conf'), { recursive: true });
  await writeFile(join(spark, 'RELEASE'), 'Spark 1.6.3 built for Hadoop 2.6.0\n');
  const userSettings = 'export SPARK_WORKER_CORES=4\n';
  await writeFile(join(spark, 'conf', 'spark-env.sh'), userSettings);
  const created = await wizard(['create', '--yes', '--no-systemd', '--root', root, '--prefix', prefix, '--java-home', (await findJdk()).javaHome,
    '--spark-home', spark, '--mesos-source', await packStandInTarball(base), '--master', '127.0.0.66', '--slaves', '127.0.0.66', '--advertise', '127.0.0.66']);
  expect(created.exitCode).toBe(0);

  const dry = await wizard(['uninstall', '--no-systemd', '--root', root, '--dry-run']);
  expect(dry.exitCode).toBe(0);
  expect(dry.all).toContain(`would remove ${join(root, 'etc/mesosd')}`);
  expect(existsSync(join(root, 'etc/mesosd/mesosd.json'))).toBe(true);

  const result = await wizard(['uninstall', '--no-systemd', '--root', root]);
  expect(result.exitCode).toBe(0);
  for (const gone of ['opt/spark-mesos-setup', 'etc/mesosd', 'usr/local/bin/mesosd', 'usr/local/bin/spark-mesos-setup', 'var/lib/mesosd/cluster.json', 'etc/ld.so.conf.d/mesos.conf']) {
    expect([gone, existsSync(join(root, gone))]).toEqual([gone, false]);
  }
  expect(await readFile(join(spark, 'conf', 'spark-env.sh'), 'utf8')).toBe(userSettings);
  expect(existsSync(join(prefix, 'sbin/mesos-master'))).toBe(true);
  expect(existsSync(join(prefix, 'var/mesos/deploy/slaves'))).toBe(true);
  expect(result.all).toContain(`Kept: Mesos in ${prefix}`);
}, 120_000);

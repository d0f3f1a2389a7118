import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PtySession } from '../../helpers/pty-session.js';
import { cleanupStandInMesos, findJdk, packStandInTarball } from '../../helpers/stand-in-mesos.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../../helpers/temp-dir.js';

const WIZARD = fileURLToPath(new URL('../../../bin/spark-mesos-setup.js', import.meta.url));
const dirs = tempDirs('wizard-pty-', PERSISTENT_TEST_BASE);
const sessions: PtySession[] = [];
let tarball: string;
let javaHome: string;

beforeAll(async () => {
  tarball = await packStandInTarball(await dirs.make());
  javaHome = (await findJdk()).javaHome;
}, 60_000);
afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
});
afterAll(async () => {
  await dirs.cleanup();
  await cleanupStandInMesos();
});

async function sparkHome(base: string): Promise<string> {
  const home = join(base, 'spark');
  await mkdir(join(home, 'conf'), { recursive: true });
  await writeFile(join(home, 'RELEASE'), 'Spark 1.6.3 built for Hadoop 2.6.0\n');
  return home;
}

test('the built CLI in a real terminal: questions answered like a person, a bad answer re-asked, the plan accepted', async () => {
  const base = await dirs.make();
  const spark = await sparkHome(base);
  const prefix = join(base, 'mesos');
  const session = new PtySession(['node', WIZARD, 'create', '--root', join(base, 'root'), '--no-systemd',
    '--java-home', javaHome, '--mesos-source', tarball, '--master', '127.0.0.56', '--slaves', '127.0.0.56', '--advertise', '127.0.0.56']);
  sessions.push(session);

  await session.waitFor(/Install prefix for Mesos/);
  session.type('mesos\r'); // a relative path: refused, asked again
  await session.waitFor(/absolute path/);
  session.type('\x15'); // Ctrl-U: clear the line
  session.type(`${prefix}\r`);
  await session.waitFor(/Spark/);
  session.type(`${spark}\r`);
  await session.waitFor(/Go ahead with this plan\?/);
  session.type('y\r');
  await session.waitFor(/This node is set up as a master and a slave of the cluster\./, 120_000);
  expect(await session.exit()).toBe(0);
  expect(session.screen).toContain(`./configure --prefix=${prefix} JAVA_HOME=${javaHome}`);
  expect(session.screen).toContain('Build Mesos');
  expect(session.screen).toContain(`Spark's master URL: mesos://127.0.0.56:5050`);
  const sparkEnv = await readFile(join(spark, 'conf', 'spark-env.sh'), 'utf8');
  expect(sparkEnv).toContain(`export MESOS_NATIVE_JAVA_LIBRARY=${prefix}/lib/libmesos.so`);
}, 180_000);

test('Ctrl-C at a question exits 130 and changes nothing', async () => {
  const base = await dirs.make();
  const session = new PtySession(['node', WIZARD, 'create', '--root', join(base, 'root'), '--no-systemd']);
  sessions.push(session);
  await session.waitFor(/Install prefix for Mesos/);
  session.type('\x03');
  expect(await session.exit()).toBe(130);
  expect(session.screen).toMatch(/interrupted while asking: Install prefix for Mesos/);
  await expect(readFile(join(base, 'root', 'etc', 'mesosd', 'mesosd.json'))).rejects.toThrow();
}, 60_000);

import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SPARK_ENV_BEGIN } from '../../../src/formats/spark-env.js';
import { cleanupStandInMesos, findJdk, packStandInTarball } from '../../helpers/stand-in-mesos.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../../helpers/temp-dir.js';

const WIZARD = fileURLToPath(new URL('../../../bin/spark-mesos-setup.js', import.meta.url));
const dirs = tempDirs('wizard-', PERSISTENT_TEST_BASE);
let tarball: string;
let javaHome: string;
beforeAll(async () => {
  tarball = await packStandInTarball(await dirs.make());
  javaHome = (await findJdk()).javaHome;
}, 60_000);
afterAll(async () => {
  await dirs.cleanup();
  await cleanupStandInMesos();
});

const USER_SPARK_ENV = [
  '#!/usr/bin/env bash',
  '# my own settings',
  'export SPARK_WORKER_MEMORY=2g',
  'SPARK_JAVA_OPTS="-Dfoo=bar"',
  '',
].join('\n');

interface Node {
  readonly root: string;
  readonly prefix: string;
  readonly sparkHome: string;
  readonly args: string[];
}

async function node(address: string): Promise<Node> {
  const base = await dirs.make();
  const root = join(base, 'root');
  const prefix = join(base, 'mesos');
  const sparkHome = join(base, 'spark');
  await mkdir(join(sparkHome, 'conf'), { recursive: true });
  await writeFile(join(sparkHome, 'RELEASE'), 'Spark 0.6.2 built for Hadoop 1.0.4\n');
  await writeFile(join(sparkHome, 'conf', 'spark-env.sh'), USER_SPARK_ENV);
  const scalaHome = join(base, 'scala');
  await mkdir(join(scalaHome, 'bin'), { recursive: true });
  await writeFile(join(scalaHome, 'bin', 'scala'), '#!/bin/sh\n', { mode: 0o755 });
  const args = [
    'create', '--root', root, '--no-systemd', '--yes', '--prefix', prefix, '--java-home', javaHome, '--spark-home', sparkHome,
    '--scala-home', scalaHome, '--mesos-source', tarball, '--master', address, '--slaves', address, '--advertise', address,
  ];
  return { root, prefix, sparkHome, args };
}

function wizard(args: readonly string[]) {
  return execa('node', [WIZARD, ...args], { reject: false, stdin: 'ignore', env: { CI: 'true' }, all: true });
}

/** Every file under `dir` with its hash and mtime, for "nothing changed" checks. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    files.set(relative(dir, path), `${createHash('sha256').update(await readFile(path)).digest('hex')} ${info.mtimeMs}`);
  }
  return files;
}

describe('spark-mesos-setup create, unattended, against the stand-in Mesos tarball', () => {
  let first: Node;
  let firstOutput: string;

  test('sets the node up: Mesos built and installed, Spark configured, deploy files and mesos.conf written', async () => {
    first = await node('127.0.0.51');
    const result = await wizard(first.args);
    firstOutput = result.all;
    expect({ exit: result.exitCode, tail: result.all.split('\n').slice(-30).join('\n') }).toMatchObject({ exit: 0 });
    // configure got JAVA_HOME as a variable, never --with-java-home
    const log = await readFile(/Setup log: +(\S+)/.exec(result.all)?.[1] ?? '', 'utf8');
    expect(log).toContain(`$ ./configure --prefix=${first.prefix} JAVA_HOME=${javaHome} 'JAVA_LDFLAGS=-L${javaHome}/lib/server -R${javaHome}/lib/server -Wl,-ljvm'\n`);
    expect(log).not.toContain('--with-java-home');
    for (const path of ['sbin/mesos-master', 'sbin/mesos-slave', 'lib/libmesos-0.9.0.so', 'lib/libmesos.so', 'var/mesos/conf/mesos.conf.template']) {
      await stat(join(first.prefix, path));
    }
    expect(await readFile(join(first.prefix, 'var/mesos/deploy/masters'), 'utf8')).toBe('127.0.0.51\n');
    expect(await readFile(join(first.prefix, 'var/mesos/deploy/slaves'), 'utf8')).toBe('127.0.0.51\n');
    expect(await readFile(join(first.prefix, 'var/mesos/conf/mesos.conf'), 'utf8')).toMatch(/^# Mesos 0\.9 configuration, managed by mesosd/);
    const sparkEnv = await readFile(join(first.sparkHome, 'conf', 'spark-env.sh'), 'utf8');
    expect(sparkEnv.startsWith(USER_SPARK_ENV)).toBe(true);
    expect(sparkEnv.slice(USER_SPARK_ENV.length)).toMatch(new RegExp(`^${SPARK_ENV_BEGIN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(sparkEnv).toContain(`export MESOS_NATIVE_LIBRARY=${first.prefix}/lib/libmesos.so\n`);
    expect(sparkEnv).toMatch(/export SCALA_HOME=\S+\/scala\n/);
    // the tool is installed to a fixed place, with mesosd's settings and a 0600 token
    const settings = JSON.parse(await readFile(join(first.root, 'etc/mesosd/mesosd.json'), 'utf8')) as { node: { advertise: string } };
    expect(settings.node.advertise).toBe('127.0.0.51');
    expect((await stat(join(first.root, 'etc/mesosd/cluster.token'))).mode & 0o777).toBe(0o600);
    await stat(join(first.root, 'opt/spark-mesos-setup/0.1.0/bin/mesosd.js'));
    // the summary
    expect(result.all).toContain('This node is set up as a master and a slave of the cluster.');
    expect(result.all).toContain('Spark job:   new SparkContext("127.0.0.51:5050", "My Job Name", "' + first.sparkHome + '", List("my-job.jar"))');
    expect(result.all).toMatch(/npx spark-mesos-setup join 127\.0\.0\.51:5055 --token [0-9a-f]{64}$/m);
    expect(result.all).toContain('not started (--no-systemd); run it with: ');
  }, 240_000);

  test('the same run again changes nothing and builds nothing', async () => {
    const before = new Map([...await snapshot(first.prefix), ...await snapshot(first.sparkHome), ...await snapshot(join(first.root, 'etc'))]);
    const result = await wizard(first.args);
    expect(result.exitCode).toBe(0);
    const after = new Map([...await snapshot(first.prefix), ...await snapshot(first.sparkHome), ...await snapshot(join(first.root, 'etc'))]);
    expect(after).toEqual(before);
    for (const step of ['Get the Mesos source', 'Configure Mesos', 'Build Mesos', 'Install Mesos']) {
      expect(result.all).toMatch(new RegExp(`${step}: skipped \\(already done\\)`));
    }
    expect(firstOutput).toMatch(/Build Mesos: done in/);
  }, 120_000);

  test('--dry-run shows the plan and changes nothing on disk', async () => {
    const fresh = await node('127.0.0.52');
    await mkdir(fresh.root, { recursive: true });
    const before = new Map([...await snapshot(fresh.root), ...await snapshot(fresh.sparkHome)]);
    const result = await wizard([...fresh.args, '--dry-run']);
    expect(result.exitCode).toBe(0);
    expect(result.all).toContain(`./configure --prefix=${fresh.prefix} JAVA_HOME=${javaHome}`);
    expect(result.all).toContain('Dry run: nothing was changed.');
    expect(new Map([...await snapshot(fresh.root), ...await snapshot(fresh.sparkHome)])).toEqual(before);
    await expect(stat(fresh.prefix)).rejects.toThrow();
  }, 60_000);

  test('a tarball that is not one fails at the source step with the hint, and nothing half-written', async () => {
    const bad = await node('127.0.0.53');
    const fake = join(bad.root, '..', 'mesos-0.9.0-incubating.tar.gz');
    await writeFile(fake, 'this is not a tarball');
    const args = bad.args.map((a) => (a === tarball ? fake : a));
    const result = await wizard(args);
    expect(result.exitCode).toBe(1);
    expect(result.all).toMatch(/Get the Mesos source: `tar -xzf .*` failed/);
    expect(result.all).toContain('is not a gzipped tar file');
    expect(await readFile(join(bad.sparkHome, 'conf', 'spark-env.sh'), 'utf8')).toBe(USER_SPARK_ENV);
  }, 60_000);

  test('a checksum mismatch is refused before anything is unpacked', async () => {
    const bad = await node('127.0.0.54');
    const result = await wizard([...bad.args, '--mesos-sha256', '0'.repeat(64)]);
    expect(result.exitCode).toBe(1);
    expect(result.all).toMatch(/SHA-256 is [0-9a-f]{64}, but --mesos-sha256 says 0{64}/);
    await expect(stat(bad.prefix)).rejects.toThrow();
  }, 60_000);
});

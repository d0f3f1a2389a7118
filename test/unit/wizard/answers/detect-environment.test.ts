import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { detectEnvironment, findMesosTarballs, usableAddresses, versionInSourceName } from '../../../../wizard/answers/detect/detect-environment.js';
import { detectJdks, detectScalas, detectSparks } from '../../../../wizard/answers/detect/detect-installations.js';
import { JDK17, JDK8, makeInstallationTree, type InstallationTree } from '../../model/installation-tree.js';
import { JRE17_TREE, scalaTree, sparkTree } from './answers-fixtures.js';

let tree: InstallationTree;
beforeEach(async () => {
  tree = await makeInstallationTree();
});
afterEach(async () => {
  await tree.remove();
});

const JDK21 = { ...JDK17, release: 'JAVA_VERSION="21.0.2"\n' };

/** A machine like Debian's: three JDKs, links to one of them, a JRE, a .jinfo file, and a bin directory for PATH. */
async function debianLikeJvms(): Promise<{ jdk17: string; jdk8: string; jdk21: string; jre: string; bin: string }> {
  const jdk17 = await tree.lay('usr/lib/jvm/java-17-openjdk-amd64', JDK17);
  const jdk8 = await tree.lay('usr/lib/jvm/java-8-openjdk-amd64', JDK8);
  const jdk21 = await tree.lay('usr/lib/jvm/jdk-21', JDK21);
  const jre = await tree.lay('usr/lib/jvm/java-17-jre-only', JRE17_TREE);
  await tree.link('usr/lib/jvm/java-17-openjdk-amd64', 'usr/lib/jvm/default-java');
  await tree.link('usr/lib/jvm/java-17-openjdk-amd64', 'usr/lib/jvm/java-1.17.0-openjdk-amd64');
  await tree.lay('usr/lib/jvm', { '.java-1.17.0-openjdk-amd64.jinfo': 'name=java-1.17.0' });
  const bin = await tree.lay('usr/bin', {});
  await tree.link('usr/lib/jvm/java-8-openjdk-amd64/bin/javac', 'usr/bin/javac');
  return { jdk17, jdk8, jdk21, jre, bin };
}

describe('detecting JDKs', () => {
  test('lists every JDK once, newest first, with every way it was found; a JRE comes back as rejected', async () => {
    const { jdk17, jdk8, jdk21, jre, bin } = await debianLikeJvms();
    const found = await detectJdks({ root: tree.root, env: { JAVA_HOME: join(tree.root, 'usr/lib/jvm/default-java'), PATH: `/nonexistent:${bin}` } });
    expect(found.candidates.map((c) => [c.home, c.facts.version])).toEqual([[jdk21, '21.0.2'], [jdk17, '17.0.15'], [jdk8, '1.8.0_392']]);
    expect(found.candidates[1]?.foundAs).toEqual([
      '$JAVA_HOME',
      join(tree.root, 'usr/lib/jvm/default-java'),
      join(tree.root, 'usr/lib/jvm/java-1.17.0-openjdk-amd64'),
      jdk17,
    ]);
    expect(found.candidates[2]?.foundAs).toEqual(['javac on PATH', jdk8]);
    expect(found.preferred).toBe(jdk17);
    expect(found.rejected).toEqual([{ path: jre, foundAs: jre, problems: expect.arrayContaining([expect.objectContaining({ expected: 'a JDK (this looks like a JRE: no bin/javac)' })]) }]);
  });

  test('without $JAVA_HOME the JDK of javac on PATH is preferred; a JDK 8 `java` in jre/bin belongs to the JDK', async () => {
    const { jdk8, bin } = await debianLikeJvms();
    expect((await detectJdks({ root: tree.root, env: { PATH: bin } })).preferred).toBe(jdk8);
    const other = await tree.lay('opt/java8', JDK8);
    const javaBin = await tree.lay('javabin', {});
    await tree.link('opt/java8/jre/bin/java', 'javabin/java');
    const found = await detectJdks({ root: join(tree.root, 'nothing-here'), env: { PATH: javaBin } });
    expect(found.candidates.map((c) => [c.home, c.foundAs])).toEqual([[other, ['java on PATH']]]);
    expect(found.preferred).toBe(other);
  });

  test('nothing installed: no candidates, no preferred one', async () => {
    expect(await detectJdks({ root: tree.root, env: {} })).toEqual({ candidates: [], rejected: [], preferred: undefined });
  });
});

describe('detecting Spark and Scala', () => {
  test('Spark homes with their versions, newest first; the preferred one still runs on Mesos; $SPARK_HOME wins', async () => {
    const s351 = await tree.lay('opt/spark-3.5.1-bin-hadoop3', sparkTree('3.5.1'));
    const s400 = await tree.lay('opt/spark-4.0.0', sparkTree('4.0.0'));
    const s091 = await tree.lay('usr/lib/spark', sparkTree('0.9.1'));
    const s248 = await tree.lay('usr/share/spark-2.4.8', sparkTree('2.4.8'));
    await tree.lay('usr/local/spark-notes', { 'README.md': '' });
    const found = await detectSparks({ root: tree.root, env: {} });
    expect(found.candidates.map((c) => [c.home, c.facts.version])).toEqual([[s400, '4.0.0'], [s351, '3.5.1'], [s248, '2.4.8'], [s091, '0.9.1']]);
    expect(found.preferred).toBe(s351);
    expect(found.rejected.map((r) => r.path)).toEqual([join(tree.root, 'usr/local/spark-notes')]);
    expect((await detectSparks({ root: tree.root, env: { SPARK_HOME: s091 } })).preferred).toBe(s091);
  });

  test('Scala from $SCALA_HOME, `scala` on PATH (links resolved) and the standard places', async () => {
    const s210 = await tree.lay('usr/share/scala-2.10', scalaTree('2.10.7'));
    const s3 = await tree.lay('opt/scala3', { 'bin/scala': '', VERSION: 'version:=3.3.1\n' });
    const bin = await tree.lay('bin', {});
    await tree.link('usr/share/scala-2.10/bin/scala', 'bin/scala');
    const found = await detectScalas({ root: tree.root, env: { PATH: bin } });
    expect(found.candidates.map((c) => [c.home, c.facts.version, c.foundAs])).toEqual([
      [s3, '3.3.1', [s3]],
      [s210, '2.10.7', ['scala on PATH', s210]],
    ]);
    expect(found.preferred).toBe(s210);
  });
});

describe('detecting the host', () => {
  test('usable addresses: IPv4, not internal, not loopback or link-local, each once', () => {
    const info = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) });
    expect(usableAddresses({
      lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
      eth0: [info('10.0.0.5', 'IPv4'), info('fe80::1', 'IPv6')],
      eth1: [info('169.254.3.4', 'IPv4'), info('192.168.1.20', 'IPv4'), info('10.0.0.5', 'IPv4')],
    } as Parameters<typeof usableAddresses>[0])).toEqual(['10.0.0.5', '192.168.1.20']);
  });

  test('Mesos tarballs in a directory, newest first; versions in source names', async () => {
    const dir = await tree.lay('downloads', { 'mesos-0.9.0-incubating.tar.gz': '', 'mesos-1.11.0.tgz': '', 'mesos-notes.txt': '', 'spark-3.5.1.tgz': '' });
    await mkdir(join(dir, 'mesos-1.0.0.tar.gz'));
    expect(await findMesosTarballs(dir)).toEqual([join(dir, 'mesos-1.11.0.tgz'), join(dir, 'mesos-0.9.0-incubating.tar.gz')]);
    expect(versionInSourceName('https://archive.apache.org/dist/mesos/1.4.0/mesos-1.4.0.tar.gz')).toBe('1.4.0');
    expect(versionInSourceName('/src/mesos-0.9.0/')).toBe('0.9.0');
    expect(versionInSourceName('/src/mesos-0.9.0.1.tar.gz')).toBeUndefined();
    expect(versionInSourceName('/src/mesos')).toBeUndefined();
  });

  test('detectEnvironment puts it all together', async () => {
    const jdk = await tree.lay('usr/lib/jvm/jdk-17', JDK17);
    await writeFile(join(tree.root, 'mesos-0.9.0.tar.gz'), '');
    const found = await detectEnvironment({ root: tree.root, env: {}, cwd: tree.root, hostname: () => 'node7', networkInterfaces: () => ({}) });
    expect(found.jdks.preferred).toBe(jdk);
    expect(found).toMatchObject({ hostname: 'node7', addresses: [], mesosTarballs: [join(tree.root, 'mesos-0.9.0.tar.gz')] });
  });
});

import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { checkJavaHome, checkScalaHome, checkSparkHome, nodeInstallationFs, type InstallationFs } from '../../../src/model/installation-checks.js';
import { JDK17, JDK8, JRE17, makeInstallationTree, type InstallationTree } from './installation-tree.js';

let tree: InstallationTree;
beforeEach(async () => {
  tree = await makeInstallationTree();
});
afterEach(async () => {
  await tree.remove();
});

describe('checkJavaHome', () => {
  test('a JDK 17: lib/server layout, version from the release file, symlinks resolved', async () => {
    const home = await tree.lay('jvm/java-17', JDK17);
    const linked = await tree.link('jvm/java-17', 'jvm/default-java');
    const report = await checkJavaHome(linked);
    expect(report).toEqual({
      problems: [],
      jdk: {
        home: linked,
        realHome: home,
        layout: { kind: 'lib-server' },
        libjvm: `${linked}/lib/server/libjvm.so`,
        version: '17.0.15',
        major: 17,
      },
    });
  });

  test('a JDK 8: jre/lib/<arch>/server layout, major 8', async () => {
    const home = await tree.lay('jvm/java-8', JDK8);
    const { problems, jdk } = await checkJavaHome(home);
    expect(problems).toEqual([]);
    expect(jdk?.layout).toEqual({ kind: 'jre-lib-arch', arch: 'amd64' });
    expect(jdk?.libjvm).toBe(`${home}/jre/lib/amd64/server/libjvm.so`);
    expect(jdk?.major).toBe(8);
  });

  test('a JDK without a release file still passes, version unknown', async () => {
    const { release: _release, ...files } = JDK17;
    const home = await tree.lay('jdk', files);
    const { jdk } = await checkJavaHome(home);
    expect(jdk?.version).toBeUndefined();
    expect(jdk?.major).toBeUndefined();
  });

  test('a JRE: "this looks like a JRE", and every other missing part too', async () => {
    const home = await tree.lay('jre', JRE17);
    expect(await checkJavaHome(home)).toEqual({
      problems: [
        { field: 'javaHome', value: home, expected: 'a JDK (this looks like a JRE: no bin/javac)' },
        { field: 'javaHome', value: home, expected: 'a JDK with include/jni.h (Mesos builds its Java binding against it)' },
      ],
      jdk: undefined,
    });
  });

  test('the jre/ directory of a JDK 8 points at its parent', async () => {
    const home = await tree.lay('jvm/java-8', JDK8);
    const { problems } = await checkJavaHome(`${home}/jre`);
    expect(problems[0]?.expected).toBe(`a JDK (this looks like a JRE: no bin/javac; the JDK is probably ${home})`);
  });

  test('an empty directory, a file, a missing path, a relative path', async () => {
    const empty = await tree.lay('empty', {});
    expect((await checkJavaHome(empty)).problems.map((p) => p.expected)).toEqual([
      'a JDK home (a directory with bin/javac and include/jni.h)',
      'a JDK with include/jni.h (Mesos builds its Java binding against it)',
      'a JDK with libjvm.so in lib/server (JDK 9 and newer) or jre/lib/<arch>/server (JDK 8 and older)',
    ]);
    const file = `${await tree.lay('f', { javac: '' })}/javac`;
    expect((await checkJavaHome(file)).problems).toEqual([{ field: 'javaHome', value: file, expected: 'a JDK home: an existing directory' }]);
    expect((await checkJavaHome(`${tree.root}/nope`, { field: '--java-home' })).problems[0]?.field).toBe('--java-home');
    expect((await checkJavaHome('usr/lib/jvm')).problems).toEqual([
      { field: 'javaHome', value: 'usr/lib/jvm', expected: 'a JDK home: an absolute path (starting with /)' },
    ]);
  });

  test('an injected file system is used instead of the disk', async () => {
    const seen: string[] = [];
    const fs: InstallationFs = {
      ...nodeInstallationFs,
      stat: async (path) => {
        seen.push(path);
        return nodeInstallationFs.stat(path);
      },
    };
    const home = await tree.lay('jdk', JDK17);
    await checkJavaHome(home, { fs });
    expect(seen).toContain(`${home}/bin/javac`);
  });

  test('an oversized release file is not read', async () => {
    const home = await tree.lay('jdk', { ...JDK17, release: `JAVA_VERSION="17.0.1"\n${'#'.repeat(100_000)}` });
    expect((await checkJavaHome(home)).jdk?.version).toBeUndefined();
  });
});

describe('checkScalaHome', () => {
  test('Scala 2.9 (no version in its files): valid, version unknown', async () => {
    const home = await tree.lay('scala-2.9.3', { 'bin/scala': '', 'lib/scala-library.jar': '' });
    expect(await checkScalaHome(home)).toEqual({ problems: [], scala: { home, version: undefined } });
  });

  test('Scala 3: version from VERSION, else from the library jar', async () => {
    const withFile = await tree.lay('scala3', { 'bin/scala': '', VERSION: 'version:=3.3.1\nrevision:=abc\n' });
    expect((await checkScalaHome(withFile)).scala?.version).toBe('3.3.1');
    const withJar = await tree.lay('scala3b', { 'bin/scala': '', 'lib/scala3-library_3-3.4.2.jar': '' });
    expect((await checkScalaHome(withJar)).scala?.version).toBe('3.4.2');
  });

  test('no bin/scala', async () => {
    const home = await tree.lay('noscala', { 'lib/': '' });
    expect((await checkScalaHome(home)).problems).toEqual([
      { field: 'scalaHome', value: home, expected: 'a Scala home (a directory with bin/scala)' },
    ]);
  });
});

describe('checkSparkHome', () => {
  test.each([
    ['Spark 3.5 binary', { 'conf/': '', RELEASE: 'Spark 3.5.1 built for Hadoop 3.3.4\nBuild flags: -B\n', 'jars/spark-core_2.12-3.5.1.jar': '' }, '3.5.1', 'RELEASE'],
    ['Spark 2.4 without RELEASE', { 'conf/': '', 'jars/spark-core_2.11-2.4.8.jar': '', 'jars/scala-library-2.11.12.jar': '' }, '2.4.8', 'jars/spark-core_2.11-2.4.8.jar'],
    ['Spark 1.6 binary', { 'conf/': '', 'lib/spark-assembly-1.6.3-hadoop2.6.0.jar': '', 'lib/datanucleus-core-3.2.10.jar': '' }, '1.6.3', 'lib/spark-assembly-1.6.3-hadoop2.6.0.jar'],
    ['Spark 0.9 source build', { 'conf/': '', 'assembly/target/scala-2.10/spark-assembly-0.9.0-incubating-hadoop1.0.4.jar': '' }, '0.9.0-incubating', 'assembly/target/scala-2.10/spark-assembly-0.9.0-incubating-hadoop1.0.4.jar'],
    ['Spark 0.7 source build', { 'conf/': '', 'core/target/scala-2.9.3/spark-core_2.9.3-0.7.3.jar': '' }, '0.7.3', 'core/target/scala-2.9.3/spark-core_2.9.3-0.7.3.jar'],
    ['Spark 0.6 source tree', { 'conf/spark-env.sh.template': '', 'project/SparkBuild.scala': 'lazy val core = Project(\n  version := "0.6.2",\n' }, '0.6.2', 'project/SparkBuild.scala'],
  ] as const)('%s', async (_name, files, version, source) => {
    const home = await tree.lay('spark', files);
    const { problems, spark } = await checkSparkHome(home);
    expect(problems).toEqual([]);
    expect(spark?.version).toBe(version);
    expect(spark?.versionSource).toBe(source);
  });

  test('Spark 4: Mesos support removed, said as a warning', async () => {
    const home = await tree.lay('spark4', { 'conf/': '', RELEASE: 'Spark 4.0.0 built for Hadoop 3.4.1\n' });
    const { spark } = await checkSparkHome(home);
    expect(spark?.support).toEqual({ version: '4.0.0', era: 'modern', status: 'removed' });
    expect(spark?.warnings).toEqual([
      {
        code: 'SPARK_MESOS_REMOVED',
        message: 'Spark 4.0.0 cannot run on Mesos: Mesos support was removed in Spark 4.0',
        hint: 'Use a Spark 3.x (or older) installation as the Spark home.',
      },
    ]);
  });

  test('Spark 3.2+: deprecated; Spark 3.1 and 0.x: no warning', async () => {
    const deprecated = await tree.lay('s32', { 'conf/': '', RELEASE: 'Spark 3.2.4 built for Hadoop 3.3.1\n' });
    expect((await checkSparkHome(deprecated)).spark?.warnings.map((w) => w.code)).toEqual(['SPARK_MESOS_DEPRECATED']);
    const supported = await tree.lay('s31', { 'conf/': '', RELEASE: 'Spark 3.1.3 built for Hadoop 3.2.0\n' });
    expect((await checkSparkHome(supported)).spark?.warnings).toEqual([]);
  });

  test('an unknown layout: version undefined, not an error, a warning', async () => {
    const home = await tree.lay('odd', { 'conf/': '', RELEASE: 'built by hand\n' });
    const { problems, spark } = await checkSparkHome(home);
    expect(problems).toEqual([]);
    expect(spark?.version).toBeUndefined();
    expect(spark?.warnings.map((w) => w.code)).toEqual(['SPARK_VERSION_UNKNOWN']);
  });

  test('no conf/', async () => {
    const home = await tree.lay('notspark', { 'README.md': '' });
    expect((await checkSparkHome(home)).problems).toEqual([
      { field: 'sparkHome', value: home, expected: 'a Spark home (a directory with conf/)' },
    ]);
  });

  test('a 10 MB path is refused without touching the disk', async () => {
    const huge = `/${'a'.repeat(10 * 1024 * 1024)}`;
    const { problems } = await checkSparkHome(huge);
    expect(problems[0]?.expected).toBe('a Spark home: a path of 4096 characters at most');
  });
});

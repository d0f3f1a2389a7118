import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolError } from '../../../../src/errors.js';
import { exitCodeFor } from '../../../../src/cli/run-cli.js';
import { collectAnswers, type CollectAnswersOptions } from '../../../../wizard/answers/collect-answers.js';
import { MESOS_0_9_0_URL } from '../../../../wizard/answers/mesos-source.js';
import { detectedHost, JRE17_TREE, makeInstallations, type Installations } from './answers-fixtures.js';

let at: Installations;
beforeAll(async () => {
  at = await makeInstallations();
});
afterAll(async () => {
  await at.tree.remove();
});

function unattended(options: Partial<CollectAnswersOptions>): CollectAnswersOptions {
  return { mode: 'create', interactive: false, env: {}, cwd: at.tree.root, detected: detectedHost(), ...options };
}

async function failure(options: CollectAnswersOptions): Promise<ToolError> {
  const error = await collectAnswers(options).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('collecting answers without a terminal', () => {
  test('the JDK and Spark home are enough to create a cluster: the rest has defaults', async () => {
    const got = await collectAnswers(unattended({ flags: { javaHome: at.jdk, sparkHome: `${at.spark}/` } }));
    expect(got.answers).toEqual({
      prefix: '/usr/local', javaHome: at.jdk, scalaHome: undefined, sparkHome: at.spark, mesosSource: MESOS_0_9_0_URL,
      mesosSha256: undefined, mesosVersion: '0.9.0', master: 'node1', slaves: ['node1'], role: 'both',
      hostname: 'node1', advertise: '10.0.0.5',
    });
    expect(got.sources.javaHome).toEqual({ kind: 'flag' });
    expect(got.sources.prefix).toEqual({ kind: 'default' });
    expect(got.installations.jdk.major).toBe(17);
    expect(got.installations.spark.version).toBe('3.5.1');
    expect(got.installations.scala).toBeUndefined();
  });

  test('precedence: a flag beats the environment, which beats the answers file; values overridden are not checked', async () => {
    await writeFile(join(at.tree.root, 'answers.json'), JSON.stringify({ javaHome: 'relative/jdk', prefix: '/from/file', master: 'filemaster', slaves: ['filemaster', 'node1'], sparkHome: at.spark }));
    const got = await collectAnswers(unattended({
      flags: { javaHome: at.jdk },
      env: { SPARK_MESOS_SETUP_JAVA_HOME: '/not/a/jdk', SPARK_MESOS_SETUP_PREFIX: '/from/env' },
      answersFile: 'answers.json',
    }));
    expect(got.answers).toMatchObject({ javaHome: at.jdk, prefix: '/from/env', master: 'filemaster', slaves: ['filemaster', 'node1'], role: 'slave', sparkHome: at.spark });
    expect(got.sources).toMatchObject({ javaHome: { kind: 'flag' }, prefix: { kind: 'env' }, master: { kind: 'file', file: 'answers.json' } });
  });

  test('MISSING_ANSWERS lists every missing answer with its flag and variable (exit 2)', async () => {
    const error = await failure(unattended({ flags: { prefix: '/opt/mesos' } }));
    expect(error.code).toBe('MISSING_ANSWERS');
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toBe([
      '2 answers are missing, and there is no terminal to ask for them (standard input is not a terminal):',
      '  --java-home DIR   or SPARK_MESOS_SETUP_JAVA_HOME   the JDK Mesos is built with (a JDK, not a JRE), the same path on every node; no JDK found here',
      '  --spark-home DIR  or SPARK_MESOS_SETUP_SPARK_HOME  the Spark installation to configure for Mesos, the same path on every node; no Spark installation found here',
    ].join('\n'));
    expect(error.hint).toBe('Give each as a flag or an environment variable or as keys of an --answers JSON file (javaHome, sparkHome); or run in a terminal to be asked.');
  });

  test('with CI set; Scala for a Spark 0.x; an address to choose among several', async () => {
    const error = await failure(unattended({ env: { CI: 'true' }, flags: { javaHome: at.jdk, sparkHome: at.oldSpark }, detected: detectedHost('node1', ['10.0.0.5', '172.17.0.1']) }));
    expect(error.message).toBe([
      '2 answers are missing, and there is no terminal to ask for them (CI is set):',
      '  --scala-home DIR  or SPARK_MESOS_SETUP_SCALA_HOME  the Scala installation Spark 0.x uses (SCALA_HOME); Spark 1.0 and later need none; Spark 0.9.1 needs it; no Scala installation found here',
      '  --advertise ADDR  or SPARK_MESOS_SETUP_ADVERTISE   the IPv4 address this node advertises to the others; this host has several addresses: 10.0.0.5, 172.17.0.1',
    ].join('\n'));
  });

  test('every problem at once, each naming the flag, variable or file key the value came from', async () => {
    const jre = await at.tree.lay('jvm/jre-17', JRE17_TREE);
    const noConf = await at.tree.lay('not-spark', { 'README.md': '' });
    await writeFile(join(at.tree.root, 'bad.json'), JSON.stringify({ sparkHome: noConf, role: 'worker' }));
    const error = await failure(unattended({
      flags: { prefix: 'usr/local', master: 'node1;reboot', slaves: ['node2', 'NODE2'] },
      env: { SPARK_MESOS_SETUP_JAVA_HOME: jre, SPARK_MESOS_SETUP_ADVERTISE: '127.0.0.1' },
      answersFile: 'bad.json',
    }));
    expect(error.code).toBe('INVALID_ANSWERS');
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message.split('\n')).toEqual([
      'the answers are not valid: 8 problems',
      '  - --prefix: "usr/local" is not valid; expected an absolute path (starting with /)',
      `  - SPARK_MESOS_SETUP_JAVA_HOME: ${JSON.stringify(jre)} is not valid; expected a JDK (this looks like a JRE: no bin/javac)`,
      `  - SPARK_MESOS_SETUP_JAVA_HOME: ${JSON.stringify(jre)} is not valid; expected a JDK with include/jni.h (Mesos builds its Java binding against it)`,
      `  - sparkHome in bad.json: ${JSON.stringify(noConf)} is not valid; expected a Spark home (a directory with conf/)`,
      '  - --master: "node1;reboot" is not valid; expected a host name (RFC 1123) or an IPv4/IPv6 address',
      '  - --slaves[1]: "NODE2" is not valid; expected a host listed once (it is already --slaves[0])',
      '  - SPARK_MESOS_SETUP_ADVERTISE: "127.0.0.1" is not valid; expected an address the other hosts can reach, not a loopback address (the cluster also has node2)',
      '  - role in bad.json: "worker" is not valid; expected a role: master, slave, both',
    ]);
    expect(error.hint).toBe('Correct the answers named above and run again.');
  });

  test('the role follows the master and the slaves when creating', async () => {
    const error = await failure(unattended({ flags: { javaHome: at.jdk, sparkHome: at.spark, role: 'master' } }));
    expect(error.message).toBe('the answers are not valid: 1 problem\n  - --role: "master" is not valid; expected "both": this node (node1, 10.0.0.5) is the master and one of the slaves; the role follows the master and the slaves');
    const neither = await failure(unattended({ flags: { javaHome: at.jdk, sparkHome: at.spark, master: 'other', slaves: ['other2'] } }));
    expect(neither.message).toContain('--master: "other" is not valid; expected this node (node1, 10.0.0.5) as the master or among the slaves');
  });

  test('the Mesos source: a local tarball in the current directory is the default; a directory; a version mismatch', async () => {
    await writeFile(join(at.tree.root, 'mesos-0.9.0-incubating.tar.gz'), '');
    const detected = { ...detectedHost(), mesosTarballs: [join(at.tree.root, 'mesos-0.9.0-incubating.tar.gz')] };
    const base = { javaHome: at.jdk, sparkHome: at.spark };
    expect((await collectAnswers(unattended({ flags: base, detected }))).answers.mesosSource).toBe(join(at.tree.root, 'mesos-0.9.0-incubating.tar.gz'));
    const fromDir = await collectAnswers(unattended({ flags: { ...base, mesosSource: 'mesos-0.9.0' } }));
    expect(fromDir.answers.mesosSource).toBe(at.mesosDir);
    const mismatch = await failure(unattended({ flags: { ...base, mesosSource: 'https://example.org/mesos-1.4.0.tar.gz', mesosVersion: '0.9.0', mesosSha256: 'xyz' } }));
    expect(mismatch.message.split('\n').slice(1)).toEqual([
      '  - --mesos-source: "https://example.org/mesos-1.4.0.tar.gz" is not valid; expected a Mesos 0.9.0 source (this one\'s name says 1.4.0; or give --mesos-version 1.4.0)',
      '  - --mesos-sha256: "xyz" is not valid; expected a SHA-256 checksum: 64 hexadecimal digits',
    ]);
    const version = await collectAnswers(unattended({ flags: { ...base, mesosSource: 'https://example.org/mesos-1.4.0.tar.gz', mesosSha256: 'AB'.repeat(32) } }));
    expect(version.answers).toMatchObject({ mesosVersion: '1.4.0', mesosSha256: 'ab'.repeat(32) });
  });

  test('joining: the cluster-wide answers come from the cluster and are checked here; a different one given is a problem', async () => {
    const cluster = { prefix: '/usr/local', javaHome: at.jdk, scalaHome: undefined, sparkHome: at.spark, mesosVersion: '0.9.0', master: 'node1', slaves: ['node1'] };
    const got = await collectAnswers(unattended({ mode: 'join', cluster, detected: detectedHost('node2', ['10.0.0.6']) }));
    expect(got.answers).toMatchObject({ javaHome: at.jdk, master: 'node1', hostname: 'node2', advertise: '10.0.0.6', role: 'slave' });
    expect(got.sources.javaHome).toEqual({ kind: 'cluster' });

    const error = await failure(unattended({
      mode: 'join', cluster: { ...cluster, sparkHome: '/opt/spark-elsewhere' }, flags: { javaHome: '/usr/lib/jvm/other', role: 'master' }, detected: detectedHost('node2', ['10.0.0.6']),
    }));
    expect(error.message.split('\n').slice(1)).toEqual([
      `  - --java-home: "/usr/lib/jvm/other" is not valid; expected the cluster's javaHome, ${JSON.stringify(at.jdk)} (the same on every node)`,
      '  - sparkHome (the cluster\'s): "/opt/spark-elsewhere" is not valid; expected a Spark home: an existing directory',
      '  - --role: "master" is not valid; expected slave: the cluster\'s master is node1, and a joining node runs a slave',
    ]);
  });

  test('reconfiguring: the current answers are the defaults, and are checked again', async () => {
    const current = { javaHome: at.jdk, sparkHome: at.spark, prefix: '/opt/mesos', master: 'node1', slaves: ['node1', 'node2'] };
    const got = await collectAnswers(unattended({ mode: 'reconfigure', current }));
    expect(got.answers).toMatchObject({ prefix: '/opt/mesos', slaves: ['node1', 'node2'], role: 'both' });
    expect(got.sources.prefix).toEqual({ kind: 'current' });
    const gone = await failure(unattended({ mode: 'reconfigure', current: { ...current, javaHome: '/usr/lib/jvm/removed' } }));
    expect(gone.message).toContain('javaHome (this node\'s current setting): "/usr/lib/jvm/removed" is not valid; expected a JDK home: an existing directory');
  });
});

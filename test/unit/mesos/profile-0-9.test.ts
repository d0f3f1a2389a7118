import { describe, expect, test } from '@jest/globals';
import { mesos09Profile as profile } from '../../../src/mesos/profiles.js';

const ports = profile.defaultPorts;

describe('Mesos 0.9 profile: files', () => {
  test('every file under the prefix, mesos.conf in var/mesos/conf (not deploy/)', () => {
    expect(profile.paths('/usr/local')).toEqual({
      prefix: '/usr/local',
      masterBinary: '/usr/local/sbin/mesos-master',
      slaveBinary: '/usr/local/sbin/mesos-slave',
      libDir: '/usr/local/lib',
      libmesos: '/usr/local/lib/libmesos.so',
      libmesosVersioned: '/usr/local/lib/libmesos-0.9.0.so',
      deployDir: '/usr/local/var/mesos/deploy',
      masters: '/usr/local/var/mesos/deploy/masters',
      slaves: '/usr/local/var/mesos/deploy/slaves',
      deployEnv: '/usr/local/var/mesos/deploy/mesos-deploy-env.sh',
      confDir: '/usr/local/var/mesos/conf',
      mesosConf: '/usr/local/var/mesos/conf/mesos.conf',
    });
  });

  test('a trailing slash and the -incubating suffix change nothing', () => {
    expect(profile.paths('/opt/mesos/', '0.9.0-incubating')).toEqual(profile.paths('/opt/mesos'));
  });

  test('covers 0.9.0 only', () => {
    expect(profile.matches('0.9.0')).toBe(true);
    expect(profile.matches('0.9.0-incubating')).toBe(true);
    expect(profile.matches('0.9.1')).toBe(false);
    expect(profile.matches('0.10.0')).toBe(false);
    expect(profile.matches('1.0.0')).toBe(false);
  });
});

describe('Mesos 0.9 profile: configure', () => {
  test('JDK 8 layout: JAVA_HOME as a variable, no JAVA_LDFLAGS', () => {
    expect(
      profile.configureArgs({
        prefix: '/usr/local',
        javaHome: '/usr/lib/jvm/java-8-openjdk-amd64',
        jdkLayout: { kind: 'jre-lib-arch', arch: 'amd64' },
      }),
    ).toEqual(['--prefix=/usr/local', 'JAVA_HOME=/usr/lib/jvm/java-8-openjdk-amd64']);
  });

  test('JDK 9+ layout: JAVA_LDFLAGS with -L, -R and -ljvm into lib/server, as one argument', () => {
    expect(
      profile.configureArgs({
        prefix: '/opt/mesos',
        javaHome: '/usr/lib/jvm/java-17-openjdk-amd64/',
        jdkLayout: { kind: 'lib-server' },
        features: ['--disable-python', '--disable-webui'],
      }),
    ).toEqual([
      '--prefix=/opt/mesos',
      'JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64',
      'JAVA_LDFLAGS=-L/usr/lib/jvm/java-17-openjdk-amd64/lib/server -R/usr/lib/jvm/java-17-openjdk-amd64/lib/server -Wl,-ljvm',
      '--disable-python',
      '--disable-webui',
    ]);
  });

  test('never --with-java-home (0.9.0 has no such option: configure ignores it)', () => {
    for (const jdkLayout of [{ kind: 'lib-server' } as const, { kind: 'jre-lib-arch', arch: 'aarch64' } as const]) {
      const args = profile.configureArgs({ prefix: '/usr/local', javaHome: '/usr/lib/jvm/jdk', jdkLayout });
      expect(args.join(' ')).not.toContain('with-java-home');
    }
  });
});

describe('Mesos 0.9 profile: commands', () => {
  const base = {
    prefix: '/usr/local',
    advertise: '10.0.0.1',
    ports,
    logDir: '/var/log/mesosd',
    workDir: '/var/lib/mesosd/work',
  };

  test('master: argv with the shared conf dir and the per-process flags', () => {
    expect(profile.masterCommand(base)).toEqual({
      file: '/usr/local/sbin/mesos-master',
      args: ['--conf=/usr/local/var/mesos/conf', '--ip=10.0.0.1', '--port=5050', '--webui_port=8080', '--log_dir=/var/log/mesosd'],
      env: { LD_LIBRARY_PATH: '/usr/local/lib' },
    });
  });

  test('slave: explicit --port=5051 (0.9 defaults to an ephemeral port), --master and a persistent --work_dir', () => {
    const spec = profile.slaveCommand({
      ...base,
      advertise: '10.0.0.2',
      master: { kind: 'host', host: 'node1', port: 5050 },
      environment: { LD_LIBRARY_PATH: '/opt/lib:/usr/local/lib', PATH: '/usr/bin' },
    });
    expect(spec).toEqual({
      file: '/usr/local/sbin/mesos-slave',
      args: [
        '--conf=/usr/local/var/mesos/conf',
        '--ip=10.0.0.2',
        '--port=5051',
        '--webui_port=8081',
        '--log_dir=/var/log/mesosd',
        '--master=node1:5050',
        '--work_dir=/var/lib/mesosd/work',
      ],
      env: { LD_LIBRARY_PATH: '/usr/local/lib:/opt/lib' },
    });
  });

  test('values with shell metacharacters stay single argv elements', () => {
    const spec = profile.masterCommand({ ...base, logDir: '/var/log/a b;$(x)' });
    expect(spec.args).toContain('--log_dir=/var/log/a b;$(x)');
    expect(spec.args).toHaveLength(5);
  });
});

describe('Mesos 0.9 profile: HTTP and health', () => {
  test('endpoints', () => {
    expect(profile.http).toEqual({
      masterState: '/master/state.json',
      masterStats: '/master/stats.json',
      masterVars: '/master/vars',
      masterHealth: undefined,
      slaveState: '/slave/state.json',
      slaveStats: '/slave/stats.json',
      slaveVars: '/slave/vars',
      slaveHealth: undefined,
    });
  });

  test('reads stats.json', () => {
    expect(profile.readMasterStats({ uptime: 12.5, elected: 1, activated_slaves: 3, connected_slaves: 3 })).toEqual({
      elected: true,
      activeSlaves: 3,
    });
    expect(profile.readMasterStats('<html>')).toEqual({ elected: undefined, activeSlaves: undefined });
  });

  test('web UI on the master web UI port', () => {
    expect(profile.webuiUrl('node1', ports)).toBe('http://node1:8080/');
  });
});

describe('Mesos 0.9 profile: Spark', () => {
  const paths = profile.paths('/usr/local');

  test('Spark 0.x: MESOS_NATIVE_LIBRARY and SCALA_HOME, master HOST:5050, the classic SparkContext line', () => {
    expect(profile.sparkEnv({ sparkVersion: '0.7.3', paths, scalaHome: '/opt/scala-2.9.3' })).toEqual({
      MESOS_NATIVE_LIBRARY: '/usr/local/lib/libmesos.so',
      SCALA_HOME: '/opt/scala-2.9.3',
    });
    expect(profile.sparkMasterUrl('node1', 5050, '0.7.3')).toBe('node1:5050');
    expect(profile.sparkContextLine({ host: 'node1', port: 5050, sparkVersion: '0.7.3', sparkHome: '/opt/spark' })).toBe(
      'new SparkContext("node1:5050", "My Job Name", "/opt/spark", List("my-job.jar"))',
    );
  });

  test('Spark 1.0 and later: MESOS_NATIVE_JAVA_LIBRARY, mesos://HOST:5050, SparkConf', () => {
    expect(profile.sparkEnv({ sparkVersion: '3.5.1', paths })).toEqual({
      MESOS_NATIVE_JAVA_LIBRARY: '/usr/local/lib/libmesos.so',
    });
    expect(profile.sparkMasterUrl('node1', 5050, '1.0.0')).toBe('mesos://node1:5050');
    expect(profile.sparkContextLine({ host: 'node1', port: 5050, sparkVersion: '3.5.1', sparkHome: '/opt/spark' })).toBe(
      'val sc = new SparkContext(new SparkConf().setMaster("mesos://node1:5050").setAppName("My Job Name").set("spark.mesos.executor.home", "/opt/spark"))',
    );
  });

  test('unknown Spark version: both library variables, a URL and a line every Spark takes', () => {
    expect(profile.sparkEnv({ sparkVersion: undefined, paths })).toEqual({
      MESOS_NATIVE_LIBRARY: '/usr/local/lib/libmesos.so',
      MESOS_NATIVE_JAVA_LIBRARY: '/usr/local/lib/libmesos.so',
    });
    expect(profile.sparkContextLine({ host: 'fd00::1', port: 5050, sparkVersion: undefined, sparkHome: '/opt/spark' })).toBe(
      'new SparkContext("mesos://[fd00::1]:5050", "My Job Name", "/opt/spark", List("my-job.jar"))',
    );
  });
});

describe('Mesos 0.9 profile: compiler', () => {
  test.each(['12.2.0', '12', 'gcc (Debian 12.2.0-14) 12.2.0', '5.4.0'])('warns for GCC %s', (version) => {
    const warning = profile.compilerWarning(version);
    expect(warning?.message).toMatch(/^Mesos 0\.9\.0 is not expected to build with GCC \d+/);
    expect(warning?.hint).toMatch(/older toolchain.*already built.*Mesos 1\.x/);
  });

  test.each(['4.4.7', '4.8.5', 'not a version', ''])('no warning for %j', (version) => {
    expect(profile.compilerWarning(version)).toBeUndefined();
  });
});

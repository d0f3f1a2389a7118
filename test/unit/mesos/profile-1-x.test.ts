import { describe, expect, test } from '@jest/globals';
import { mesos1xProfile as profile } from '../../../src/mesos/profiles.js';

const base = {
  prefix: '/usr/local',
  advertise: '10.0.0.1',
  ports: profile.defaultPorts,
  logDir: '/var/log/mesosd',
  workDir: '/var/lib/mesosd/work',
};

describe('Mesos 1.x profile', () => {
  test('files: mesos-agent, deploy files in etc/mesos, no mesos.conf', () => {
    const paths = profile.paths('/usr/local', '1.11.0');
    expect(paths.slaveBinary).toBe('/usr/local/sbin/mesos-agent');
    expect(paths.libmesosVersioned).toBe('/usr/local/lib/libmesos-1.11.0.so');
    expect(paths.deployDir).toBe('/usr/local/etc/mesos');
    expect(paths.slaves).toBe('/usr/local/etc/mesos/slaves');
    expect(paths.mesosConf).toBeUndefined();
    expect(paths.confDir).toBeUndefined();
  });

  test('covers 1.0 to 1.11', () => {
    expect(['1.0.0', '1.4.3', '1.11.0'].every((v) => profile.matches(v))).toBe(true);
    expect(['0.9.0', '1.12.0', '2.0.0'].some((v) => profile.matches(v))).toBe(false);
  });

  test('master: a work_dir of its own, no webui_port, extra settings as MESOS_ variables', () => {
    expect(profile.masterCommand({ ...base, conf: { quorum: '1', zk: 'zk://zk1:2181/mesos' } })).toEqual({
      file: '/usr/local/sbin/mesos-master',
      args: ['--ip=10.0.0.1', '--port=5050', '--work_dir=/var/lib/mesosd/work/master', '--log_dir=/var/log/mesosd'],
      env: { MESOS_QUORUM: '1', MESOS_ZK: 'zk://zk1:2181/mesos', LD_LIBRARY_PATH: '/usr/local/lib' },
    });
  });

  test('agent: --master, its own work_dir, additive reconfiguration from 1.5', () => {
    const master = { kind: 'zk', servers: [{ host: 'zk1', port: 2181 }], path: '/mesos' } as const;
    expect(profile.slaveCommand({ ...base, master, mesosVersion: '1.11.0' }).args).toEqual([
      '--master=zk://zk1:2181/mesos',
      '--ip=10.0.0.1',
      '--port=5051',
      '--work_dir=/var/lib/mesosd/work/agent',
      '--log_dir=/var/log/mesosd',
      '--reconfiguration_policy=additive',
    ]);
    expect(profile.slaveCommand({ ...base, master, mesosVersion: '1.4.0' }).args).not.toContain(
      '--reconfiguration_policy=additive',
    );
  });

  test('HTTP: /master/state, /master/health, /metrics/snapshot', () => {
    expect(profile.http.masterState).toBe('/master/state');
    expect(profile.http.masterHealth).toBe('/master/health');
    expect(profile.http.slaveHealth).toBe('/slave(1)/health');
    expect(profile.readMasterStats({ 'master/elected': 1, 'master/slaves_active': 2 })).toEqual({
      elected: true,
      activeSlaves: 2,
    });
    expect(profile.webuiUrl('node1', profile.defaultPorts)).toBe('http://node1:5050/');
  });

  test('configure: JAVA_HOME as a variable, never --with-java-home', () => {
    const args = profile.configureArgs({ prefix: '/usr/local', javaHome: '/usr/lib/jvm/jdk-17', jdkLayout: { kind: 'lib-server' } });
    expect(args).toContain('JAVA_HOME=/usr/lib/jvm/jdk-17');
    expect(args.join(' ')).not.toContain('with-java-home');
  });

  test('compiler: only GCC older than 4.8.1 is warned about', () => {
    expect(profile.compilerWarning('4.8.0')?.message).toContain('GCC 4.8.1 or newer');
    expect(profile.compilerWarning('4.8.1')).toBeUndefined();
    expect(profile.compilerWarning('12.2.0')).toBeUndefined();
  });
});

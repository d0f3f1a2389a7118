import { describe, expect, test } from '@jest/globals';
import { formatProblem, isToolError, type Problem } from '../../../src/errors.js';
import {
  clusterSettingsWithDefaults,
  nodeSettingsWithDefaults,
  type ClusterSettings,
  type NodeSettings,
} from '../../../src/model/cluster-settings.js';
import {
  assertValidClusterSettings,
  assertValidNodeSettings,
  validateClusterSettings,
  validateNodeSettings,
} from '../../../src/model/validate-settings.js';

const good: ClusterSettings = clusterSettingsWithDefaults({
  javaHome: '/usr/lib/jvm/java-17-openjdk-amd64',
  scalaHome: '/opt/scala-2.9.3',
  sparkHome: '/opt/spark',
  masters: ['node1'],
  slaves: ['node1', 'node2', '10.0.0.3'],
  mesosConf: { resources: 'cpus:4;mem:7168', isolation: 'process' },
  sparkEnv: { SPARK_JAVA_OPTS: '-Dspark.local.dir=/var/lib/spark' },
});
const node: NodeSettings = nodeSettingsWithDefaults({ hostname: 'node1', advertise: '10.0.0.1' });

const fields = (problems: readonly Problem[]): string[] => problems.map((p) => p.field);

describe('validateClusterSettings', () => {
  test('good settings have no problems', () => {
    expect(validateClusterSettings(good)).toEqual([]);
    expect(validateClusterSettings({ ...good, mesosVersion: '1.11.0' })).toEqual([]);
  });

  test('returns every problem at once, each with field, value and expectation', () => {
    const problems = validateClusterSettings({
      ...good,
      mesosVersion: '0.13.0',
      prefix: 'usr/local',
      javaHome: '/usr/lib/jvm/my jdk',
      sparkHome: '/opt/../spark',
      masters: ['node1;reboot'],
      slaves: ['node2', 'NODE2', '$(id)', 'node2.'],
      ports: { master: 5050, masterWebui: 5050, slave: 70000, slaveWebui: 0, mesosd: 8081 },
      mesosConf: { work_dir: '/tmp/mesos', 'Bad-Key': 'x', attributes: 'rack=1' },
      sparkEnv: { 'lower case': 'x', MESOS_NATIVE_LIBRARY: '/x', SPARK_MEM: 'a\nb' },
    });
    expect(fields(problems)).toEqual([
      'mesosVersion',
      'prefix',
      'javaHome',
      'sparkHome',
      'masters[0]',
      'slaves[1]',
      'slaves[2]',
      'slaves[3]',
      'ports.slave',
      'ports.slaveWebui',
      'ports.masterWebui',
      'mesosConf.work_dir',
      'mesosConf',
      'mesosConf.attributes',
      'sparkEnv',
      'sparkEnv.MESOS_NATIVE_LIBRARY',
      'sparkEnv.SPARK_MEM',
    ]);
    const byField = new Map(problems.map((p) => [p.field, p]));
    expect(byField.get('mesosVersion')).toEqual({
      field: 'mesosVersion',
      value: '0.13.0',
      expected: 'a Mesos version with a profile: 0.9.0, 1.0.0 to 1.11.x',
    });
    expect(byField.get('prefix')?.expected).toBe('an absolute path (starting with /)');
    expect(byField.get('javaHome')?.expected).toMatch(/without white space/);
    expect(byField.get('masters[0]')).toEqual({
      field: 'masters[0]',
      value: 'node1;reboot',
      expected: 'a host name (RFC 1123) or an IPv4/IPv6 address',
    });
    expect(byField.get('slaves[1]')).toEqual({ field: 'slaves[1]', value: 'NODE2', expected: 'a host listed once (it is already slaves[0])' });
    expect(byField.get('ports.masterWebui')?.expected).toBe("a port other than ports.master's (a node that runs both needs both)");
    expect(byField.get('mesosConf.work_dir')?.value).toBe('/tmp/mesos');
    expect(byField.get('mesosConf.work_dir')?.expected).toMatch(
      /^no "work_dir" in mesos\.conf: mesosd gives each Mesos process --work_dir on its command line, which wins over mesos\.conf.*set the node's workDir instead$/,
    );
    expect(byField.get('mesosConf')?.value).toBe('Bad-Key');
    expect(byField.get('mesosConf.attributes')?.expected).toMatch(/without "="/);
    expect(byField.get('sparkEnv.MESOS_NATIVE_LIBRARY')?.expected).toMatch(/does not write itself/);
  });

  test.each(['ip', 'port', 'master', 'work_dir', 'log_dir', 'webui_port'])('mesosConf.%s is passed as a flag, not in the file', (key) => {
    const problems = validateClusterSettings({ ...good, mesosConf: { [key]: '1' } });
    expect(fields(problems)).toEqual([`mesosConf.${key}`]);
    expect(problems[0]?.expected).toContain(`--${key}`);
  });

  test('at least one master; slaves may be empty', () => {
    expect(validateClusterSettings({ ...good, masters: [] })).toEqual([
      { field: 'masters', value: [], expected: 'at least one master host' },
    ]);
    expect(validateClusterSettings({ ...good, slaves: [] })).toEqual([]);
  });

  test('an IPv6 master for Mesos 0.9 (IPv4 only), but not for 1.x', () => {
    const cluster = { ...good, masters: ['[fd00::1]'] };
    expect(validateClusterSettings(cluster)).toEqual([
      { field: 'masters[0]', value: '[fd00::1]', expected: 'a host name or IPv4 address (Mesos 0.9.0 cannot use IPv6)' },
    ]);
    expect(validateClusterSettings({ ...cluster, mesosVersion: '1.11.0' })).toEqual([]);
  });

  test('mesosd may not share a port with Mesos, and the port must be a number in range', () => {
    expect(fields(validateClusterSettings({ ...good, ports: { ...good.ports, mesosd: 5050 } }))).toEqual(['ports.mesosd']);
    expect(fields(validateClusterSettings({ ...good, ports: { ...good.ports, master: 0 } }))).toEqual(['ports.master']);
    expect(fields(validateClusterSettings({ ...good, ports: { ...good.ports, master: 5050.5 } }))).toEqual(['ports.master']);
  });

  test('Mesos 1.x has no web UI ports, so they do not clash', () => {
    const ports = { ...good.ports, masterWebui: 5050, slaveWebui: 5051 };
    expect(validateClusterSettings({ ...good, mesosVersion: '1.11.0', ports })).toEqual([]);
    expect(fields(validateClusterSettings({ ...good, ports }))).toEqual(['ports.masterWebui', 'ports.slaveWebui']);
  });

  test('wrong types from an answers file are problems, not crashes', () => {
    const bad = { ...good, prefix: 42, masters: 'node1', slaves: [7], ports: null, mesosConf: [], sparkEnv: 'x' };
    const problems = validateClusterSettings(bad as unknown as ClusterSettings);
    expect(fields(problems)).toEqual(['prefix', 'masters', 'slaves[0]', 'ports', 'mesosConf', 'sparkEnv']);
    expect(problems[0]?.expected).toBe('text: an absolute path (starting with /)');
  });

  test('10 MB strings: no blow-up, and the message cuts them', () => {
    const huge = 'a'.repeat(10 * 1024 * 1024);
    const problems = validateClusterSettings({
      ...good,
      prefix: `/${huge}`,
      masters: [huge],
      mesosConf: { [huge]: 'x', resources: huge },
      sparkEnv: { SPARK_OPTS: huge },
    });
    expect(fields(problems)).toEqual(['prefix', 'masters[0]', 'mesosConf', 'mesosConf.resources', 'sparkEnv.SPARK_OPTS']);
    for (const problem of problems) expect(formatProblem(problem).length).toBeLessThan(400);
  });
});

describe('validateNodeSettings', () => {
  test('a good node has no problems, alone or with its cluster', () => {
    expect(validateNodeSettings(node)).toEqual([]);
    expect(validateNodeSettings(node, good)).toEqual([]);
  });

  test('every problem at once', () => {
    const problems = validateNodeSettings({
      hostname: 'node_1',
      advertise: 'node1',
      workDir: '/tmp/mesos',
      logDir: 'logs',
      stateDir: '/var/tmp/mesosd',
    });
    expect(problems).toEqual([
      { field: 'hostname', value: 'node_1', expected: expect.stringMatching(/^a host name \(RFC 1123/) },
      { field: 'advertise', value: 'node1', expected: 'an IPv4 or IPv6 address' },
      { field: 'workDir', value: '/tmp/mesos', expected: expect.stringMatching(/^a persistent directory, not under \/tmp/) },
      { field: 'logDir', value: 'logs', expected: 'an absolute path (starting with /)' },
      { field: 'stateDir', value: '/var/tmp/mesosd', expected: expect.stringMatching(/not under \/var\/tmp/) },
    ]);
  });

  test('a loopback address is refused when the cluster has other hosts', () => {
    const local = { ...node, advertise: '127.0.1.1' };
    expect(validateNodeSettings(local, good)).toEqual([
      {
        field: 'advertise',
        value: '127.0.1.1',
        expected: 'an address the other hosts can reach, not a loopback address (the cluster also has node2)',
      },
    ]);
    const alone = { ...good, masters: ['node1'], slaves: ['127.0.1.1'] };
    expect(validateNodeSettings(local, alone)).toEqual([]);
    // A cluster whose other hosts are loopback addresses too lives on this one machine (a test cluster).
    const oneMachine = { ...good, masters: ['127.0.0.11'], slaves: ['127.0.0.11', '127.0.0.12'] };
    expect(validateNodeSettings({ ...node, advertise: '127.0.0.12' }, oneMachine)).toEqual([]);
    expect(fields(validateNodeSettings({ ...node, advertise: '::1' }, { ...good, mesosVersion: '1.11.0' }))).toEqual(['advertise']);
  });

  test('the unspecified address is never an advertise address', () => {
    expect(fields(validateNodeSettings({ ...node, advertise: '0.0.0.0' }))).toEqual(['advertise']);
  });

  test('IPv6 for Mesos 0.9 (IPv4 only), but not for 1.x', () => {
    const v6 = { ...node, advertise: 'fd00::1' };
    expect(validateNodeSettings(v6, good)).toEqual([
      { field: 'advertise', value: 'fd00::1', expected: 'an IPv4 address (Mesos 0.9.0 cannot advertise IPv6 addresses)' },
    ]);
    expect(validateNodeSettings(v6, { ...good, mesosVersion: '1.11.0' })).toEqual([]);
  });
});

describe('assert functions', () => {
  test('throw one INVALID_SETTINGS error listing every problem, with a hint', () => {
    let caught: unknown;
    try {
      assertValidClusterSettings({ ...good, prefix: 'rel', masters: [] });
    } catch (error) {
      caught = error;
    }
    expect(isToolError(caught)).toBe(true);
    if (!isToolError(caught)) return;
    expect(caught.code).toBe('INVALID_SETTINGS');
    expect(caught.problems).toHaveLength(2);
    expect(caught.message).toBe(
      'The cluster settings are not valid: 2 problems\n' +
        '  - prefix: "rel" is not valid; expected an absolute path (starting with /)\n' +
        '  - masters: [] is not valid; expected at least one master host',
    );
    expect(caught.hint).toMatch(/Correct the settings/);
  });

  test('return quietly for good settings', () => {
    expect(() => assertValidClusterSettings(good)).not.toThrow();
    expect(() => assertValidNodeSettings(node, good)).not.toThrow();
    expect(() => assertValidNodeSettings({ ...node, workDir: '/tmp/x' })).toThrow(/This node's settings are not valid: 1 problem\n/);
  });
});

import { describe, expect, test } from '@jest/globals';
import {
  clusterHosts,
  clusterSettingsWithDefaults,
  nodeSettingsWithDefaults,
  rolesOf,
} from '../../../src/model/cluster-settings.js';

describe('defaults', () => {
  test('cluster: Mesos 0.9.0 in /usr/local, the standard ports, nothing extra', () => {
    expect(clusterSettingsWithDefaults({ javaHome: '/usr/lib/jvm/jdk', sparkHome: '/opt/spark', masters: ['node1'] })).toEqual({
      mesosVersion: '0.9.0',
      prefix: '/usr/local',
      javaHome: '/usr/lib/jvm/jdk',
      sparkHome: '/opt/spark',
      masters: ['node1'],
      slaves: [],
      ports: { master: 5050, masterWebui: 8080, slave: 5051, slaveWebui: 8081, mesosd: 5055 },
      mesosConf: {},
      sparkEnv: {},
    });
  });

  test('cluster: given values win, one port at a time', () => {
    const cluster = clusterSettingsWithDefaults({
      javaHome: '/jdk',
      sparkHome: '/spark',
      masters: ['a'],
      scalaHome: '/scala',
      ports: { master: 6050 },
    });
    expect(cluster.scalaHome).toBe('/scala');
    expect(cluster.ports).toEqual({ master: 6050, masterWebui: 8080, slave: 5051, slaveWebui: 8081, mesosd: 5055 });
  });

  test('node: persistent directories under /var/lib and /var/log', () => {
    expect(nodeSettingsWithDefaults({ hostname: 'node1', advertise: '10.0.0.1' })).toEqual({
      hostname: 'node1',
      advertise: '10.0.0.1',
      workDir: '/var/lib/mesosd/work',
      logDir: '/var/log/mesosd',
      stateDir: '/var/lib/mesosd',
    });
  });
});

describe('rolesOf', () => {
  const cluster = { masters: ['Node1.example.com'], slaves: ['node1.example.com.', '10.0.0.2', 'node3'] };

  test.each([
    [{ hostname: 'node1.example.com', advertise: '10.0.0.1' }, { master: true, slave: true }],
    [{ hostname: 'node2', advertise: '10.0.0.2' }, { master: false, slave: true }],
    [{ hostname: 'node3', advertise: '10.0.0.3' }, { master: false, slave: true }],
    [{ hostname: 'node4', advertise: '10.0.0.4' }, { master: false, slave: false }],
  ])('%j', (node, roles) => {
    expect(rolesOf(cluster, node)).toEqual(roles);
  });

  test('clusterHosts lists each host once, masters first', () => {
    expect(clusterHosts(cluster)).toEqual(['Node1.example.com', '10.0.0.2', 'node3']);
  });
});

import { describe, expect, test } from '@jest/globals';
import { desiredChildren } from '../../../daemon/supervisor/desired-children.js';
import { handEditPaths } from '../../../daemon/watch/index.js';
import { underRoot } from '../../../src/fs/under-root.js';
import { mesos09Profile, mesos1xProfile } from '../../../src/mesos/profiles.js';
import { clusterSettingsWithDefaults, nodeSettingsWithDefaults } from '../../../src/model/cluster-settings.js';

const cluster = clusterSettingsWithDefaults({
  prefix: '/opt/mesos',
  javaHome: '/usr/lib/jvm/java-17',
  sparkHome: '/opt/spark',
  masters: ['10.0.0.1'],
  slaves: ['10.0.0.1'],
});
const node = nodeSettingsWithDefaults({ hostname: 'node1', advertise: '10.0.0.1' });

describe('underRoot', () => {
  test('puts an absolute path under the root, as DESTDIR does', () => {
    expect(underRoot('/srv/n1', '/opt/mesos')).toBe('/srv/n1/opt/mesos');
    expect(underRoot('/srv/n1/', '/opt/mesos/')).toBe('/srv/n1/opt/mesos/');
  });

  test('the root / leaves every path exactly as it is', () => {
    for (const path of ['/opt/mesos', '/opt/mesos/', '/usr//local', '/']) expect(underRoot('/', path)).toBe(path);
  });
});

describe('the files a rooted node watches', () => {
  test('are the profile\'s files under root+prefix and spark-env.sh under root+sparkHome', () => {
    expect(handEditPaths(cluster, mesos09Profile, '/srv/n1')).toEqual({
      masters: '/srv/n1/opt/mesos/var/mesos/deploy/masters',
      slaves: '/srv/n1/opt/mesos/var/mesos/deploy/slaves',
      mesosConf: '/srv/n1/opt/mesos/var/mesos/conf/mesos.conf',
      sparkEnv: '/srv/n1/opt/spark/conf/spark-env.sh',
    });
  });

  test('with the root / they are where they always were', () => {
    expect(handEditPaths(cluster, mesos09Profile, '/')).toEqual(handEditPaths(cluster, mesos09Profile));
    expect(handEditPaths(cluster, mesos09Profile).slaves).toBe('/opt/mesos/var/mesos/deploy/slaves');
  });
});

describe('the processes of a rooted node', () => {
  const environment = { LD_LIBRARY_PATH: '/usr/lib/extra' };

  test('start from root+prefix: binary, --conf and library path; the other flags are the same', () => {
    const plain = desiredChildren({ cluster, node, profile: mesos09Profile, environment });
    const rooted = desiredChildren({ cluster, node, profile: mesos09Profile, environment, root: '/srv/n1' });
    const master = rooted.get('master')!.spec;
    expect(master.file).toBe('/srv/n1/opt/mesos/sbin/mesos-master');
    expect(master.args).toContain('--conf=/srv/n1/opt/mesos/var/mesos/conf');
    expect(master.env['LD_LIBRARY_PATH']).toBe('/srv/n1/opt/mesos/lib:/usr/lib/extra');
    expect(rooted.get('slave')!.spec.file).toBe('/srv/n1/opt/mesos/sbin/mesos-slave');
    const unrooted = (args: readonly string[]) => args.map((arg) => arg.replace('/srv/n1', ''));
    for (const name of ['master', 'slave']) {
      expect(unrooted(rooted.get(name)!.spec.args)).toEqual(plain.get(name)!.spec.args);
      expect(rooted.get(name)!.spec.reads).toEqual(plain.get(name)!.spec.reads);
    }
  });

  test('with the root / they are the processes they always were', () => {
    const plain = desiredChildren({ cluster, node, profile: mesos09Profile, environment });
    const slash = desiredChildren({ cluster, node, profile: mesos09Profile, environment, root: '/' });
    expect([...slash].map(([name, child]) => [name, child.spec])).toEqual([...plain].map(([name, child]) => [name, child.spec]));
    expect(plain.get('master')!.spec.file).toBe('/opt/mesos/sbin/mesos-master');
  });

  test('1.x: the agent binary and library path under the root', () => {
    const rooted = desiredChildren({ cluster: { ...cluster, mesosVersion: '1.11.0' }, node, profile: mesos1xProfile, environment: {}, root: '/srv/n1' });
    expect(rooted.get('slave')!.spec.file).toBe('/srv/n1/opt/mesos/sbin/mesos-agent');
    expect(rooted.get('slave')!.spec.env['LD_LIBRARY_PATH']).toBe('/srv/n1/opt/mesos/lib');
  });
});

import { expect, test } from '@jest/globals';
import { loaderSetup } from '../../../src/mesos/loader-path.js';

test.each(['/usr/local', '/usr/local/', '/usr', '/'])('%s/lib is on the default path: ldconfig alone', (prefix) => {
  const setup = loaderSetup(prefix);
  expect(setup.onDefaultPath).toBe(true);
  expect(setup.confEntry).toBeUndefined();
  expect(setup.note).toContain('ldconfig');
});

test.each([['/opt/mesos', '/opt/mesos/lib'], ['/home/spark/mesos-0.9.0/', '/home/spark/mesos-0.9.0/lib']])(
  '%s needs an ld.so.conf.d entry',
  (prefix, libDir) => {
    expect(loaderSetup(prefix)).toEqual({
      libDir,
      onDefaultPath: false,
      confEntry: { file: '/etc/ld.so.conf.d/mesos.conf', line: libDir },
      note: `${libDir} is not on the loader's default path: it is added in /etc/ld.so.conf.d/mesos.conf, then ldconfig runs`,
    });
  },
);

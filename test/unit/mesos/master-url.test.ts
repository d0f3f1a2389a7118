import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { formatProblem } from '../../../src/errors.js';
import { parseMasterUrl, renderMasterUrl, type MasterUrl } from '../../../src/mesos/master-url.js';

describe('parseMasterUrl', () => {
  test.each<[string, MasterUrl]>([
    ['node1:5050', { kind: 'host', host: 'node1', port: 5050 }],
    ['10.0.0.1:5050', { kind: 'host', host: '10.0.0.1', port: 5050 }],
    ['[fd00::1]:5050', { kind: 'host', host: 'fd00::1', port: 5050 }],
    ['master@10.0.0.1:5050', { kind: 'pid', host: '10.0.0.1', port: 5050 }],
    ['zk://zk1:2181,zk2:2181/mesos', {
      kind: 'zk',
      servers: [{ host: 'zk1', port: 2181 }, { host: 'zk2', port: 2181 }],
      path: '/mesos',
    }],
    ['zk://mesos:secret@zk1:2181/mesos/prod', {
      kind: 'zk',
      credentials: 'mesos:secret',
      servers: [{ host: 'zk1', port: 2181 }],
      path: '/mesos/prod',
    }],
    ['file:///etc/mesos/zk', { kind: 'file', path: '/etc/mesos/zk' }],
  ])('%s', (text, url) => {
    expect(parseMasterUrl(text)).toEqual({ url });
    expect(renderMasterUrl(url)).toBe(text);
  });

  test('mesos:// is refused with the reason', () => {
    const { problem } = parseMasterUrl('mesos://node1:5050');
    expect(problem?.field).toBe('master');
    expect(problem?.expected).toContain('"mesos://" is Spark\'s form of the URL');
  });

  test('a ZooKeeper URL needs a path', () => {
    expect(parseMasterUrl('zk://zk1:2181', 'zk').problem).toEqual({
      field: 'zk',
      value: 'zk://zk1:2181',
      expected: 'zk://HOST:PORT,.../PATH (ZooKeeper URLs need a path, such as /mesos)',
    });
    expect(parseMasterUrl('zk://zk1:2181/').problem?.expected).toMatch(/with a path of letters/);
  });

  test.each([
    '',
    'node1',
    'node1:0',
    'node1:65536',
    'node1:5050:1',
    'node1;reboot:5050',
    '$(reboot):5050',
    'slave@node1:5050',
    '[node1]:5050',
    'fd00::1:5050',
    'zk://zk1/mesos',
    'zk://zk1:2181,/mesos',
    'zk://zk1:2181/mesos/../etc',
    'zk://bad cred@zk1:2181/mesos',
    'file://relative/path',
    'file:///etc/../mesos',
    'http://node1:5050',
  ])('refuses %j', (text) => {
    const result = parseMasterUrl(text);
    expect(result.url).toBeUndefined();
    expect(result.problem?.value).toBe(text);
  });

  test('a 10 MB string is refused quickly and shown cut', () => {
    const huge = `${'a'.repeat(10 * 1024 * 1024)}:5050`;
    const { problem } = parseMasterUrl(huge);
    expect(problem).toBeDefined();
    if (problem !== undefined) expect(formatProblem(problem).length).toBeLessThan(400);
  });
});

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const hostName = fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => labels.join('.'));
const host = fc.oneof(hostName, fc.ipV4(), fc.ipV6());
const port = fc.integer({ min: 1, max: 65535 });
const segment = fc.stringMatching(/^[A-Za-z0-9._-]{1,8}$/).filter((s) => s !== '.' && s !== '..');
const masterUrl: fc.Arbitrary<MasterUrl> = fc.oneof(
  fc.record({ kind: fc.constant('host' as const), host, port }),
  fc.record({ kind: fc.constant('pid' as const), host, port }),
  fc.record(
    {
      kind: fc.constant('zk' as const),
      credentials: fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z0-9]{1,6}$/)).map(([u, p]) => `${u}:${p}`),
      servers: fc.array(fc.record({ host, port }), { minLength: 1, maxLength: 3 }),
      path: fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`),
    },
    { requiredKeys: ['kind', 'servers', 'path'] },
  ),
  fc.record({
    kind: fc.constant('file' as const),
    path: fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`),
  }),
);

test('parse(render(url)) = url', () => {
  fc.assert(
    fc.property(masterUrl, (url) => {
      expect(parseMasterUrl(renderMasterUrl(url))).toEqual({ url });
    }),
  );
});

test('parsing never throws and always returns a URL or a problem', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), (text) => {
      const result = parseMasterUrl(text);
      expect(result.url === undefined).toBe(result.problem !== undefined);
    }),
  );
});

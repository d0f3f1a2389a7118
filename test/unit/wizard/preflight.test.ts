import { describe, expect, test } from '@jest/globals';
import { mesos09Profile } from '../../../src/mesos/profiles.js';
import { formatPreflight, judgePreflight, type PreflightFacts } from '../../../wizard/preflight/preflight.js';

const good: PreflightFacts = {
  isRoot: true, noSystemd: false, building: true, prefixWritable: true,
  tools: { cc: true, 'c++': true, make: true }, gccVersion: '4.6.3', freeBytes: 20 * 1024 ** 3,
  hostname: 'node1', hostnameAddress: '10.0.0.11', busyPorts: [], mesosdRunning: false, systemdBooted: true, sparkWarnings: [],
};

const levels = (facts: PreflightFacts) => judgePreflight(facts, mesos09Profile).map((c) => `${c.id}:${c.level}`);

describe('preflight', () => {
  test('a good machine passes every check', () => {
    expect(levels(good)).toEqual(['root:ok', 'tools:ok', 'disk:ok', 'hostname:ok', 'ports:ok', 'systemd:ok']);
  });

  test('each problem fails with a hint, before anything is changed', () => {
    const checks = judgePreflight({
      ...good, isRoot: false, tools: { cc: true, 'c++': false, make: false }, freeBytes: 200 * 1024 ** 2,
      hostnameAddress: undefined, busyPorts: [{ port: 5050, code: 'EADDRINUSE' }], systemdBooted: false,
    }, mesos09Profile);
    expect(checks.filter((c) => c.level === 'fail').map((c) => [c.id, c.message, c.hint])).toEqual([
      ['root', 'not running as root', 'run with sudo, or with --no-systemd and a --prefix you can write'],
      ['tools', 'not found on PATH: c++, make', 'install them (Debian: apt-get install build-essential)'],
      ['disk', 'only 0.2 GiB free for the build (1.5 GiB needed)', 'free some space under /var/cache, then run again'],
      ['hostname', 'the host name node1 does not resolve', 'add it to /etc/hosts (with this node\'s address), or fix DNS: Mesos stops at start without it'],
      ['ports', 'ports in use: 5050 (EADDRINUSE)', 'stop what listens there (`ss -ltnp` shows it), or choose other ports'],
      ['systemd', 'systemd is not running on this machine', 'use --no-systemd, and run mesosd in the foreground or under your own supervisor'],
    ]);
  });

  test('Mesos 0.9 with a modern GCC is a warning that names the ways out', () => {
    const compiler = judgePreflight({ ...good, gccVersion: '12.2.0' }, mesos09Profile).find((c) => c.id === 'compiler');
    expect(compiler?.level).toBe('warn');
    expect(compiler?.hint).toMatch(/older toolchain.*already built.*Mesos 1\.x/);
  });

  test('Spark 4 (no Mesos) fails, Spark 3.2+ warns; a re-run with mesosd up does not trip on its own ports', () => {
    const spark = judgePreflight({
      ...good, mesosdRunning: true, busyPorts: [],
      sparkWarnings: [
        { code: 'SPARK_MESOS_REMOVED', message: 'Spark 4.0.0 has no Mesos support', hint: 'use Spark 3.5' },
        { code: 'SPARK_MESOS_DEPRECATED', message: 'Spark 3.3.0 deprecates Mesos', hint: 'plan a move' },
      ],
    }, mesos09Profile);
    expect(spark.map((c) => `${c.id}:${c.level}`)).toContain('SPARK_MESOS_REMOVED:fail');
    expect(spark.map((c) => `${c.id}:${c.level}`)).toContain('SPARK_MESOS_DEPRECATED:warn');
    expect(spark.find((c) => c.id === 'ports')?.message).toBe('mesosd already runs here: its ports are its own');
  });

  test('not root is fine for a writable prefix without systemd; a loopback host name warns', () => {
    expect(levels({ ...good, isRoot: false, noSystemd: true, hostnameAddress: '127.0.1.1' })).toEqual([
      'root:warn', 'tools:ok', 'disk:ok', 'hostname:warn', 'ports:ok',
    ]);
  });

  test('the text: marks, and hints under what is not ok', () => {
    expect(formatPreflight([
      { id: 'a', level: 'ok', message: 'fine', hint: 'never shown' },
      { id: 'b', level: 'fail', message: 'broken', hint: 'fix it' },
    ])).toBe('  ✓ fine\n  ✗ broken\n      fix it\n');
  });
});

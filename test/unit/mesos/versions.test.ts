import { describe, expect, test } from '@jest/globals';
import { compareVersions, parseVersion, versionAtLeast } from '../../../src/mesos/versions.js';
import { sparkMesosSupport } from '../../../src/mesos/spark-support.js';

describe('parseVersion', () => {
  test.each([
    ['0.9.0', { major: 0, minor: 9, patch: 0, suffix: '' }],
    ['0.9.0-incubating', { major: 0, minor: 9, patch: 0, suffix: '-incubating' }],
    ['1.8.0_392', { major: 1, minor: 8, patch: 0, suffix: '_392' }],
    ['4.0.0-preview2', { major: 4, minor: 0, patch: 0, suffix: '-preview2' }],
    ['21', { major: 21, minor: 0, patch: 0, suffix: '' }],
    ['3.5', { major: 3, minor: 5, patch: 0, suffix: '' }],
  ])('%s', (text, expected) => {
    expect(parseVersion(text)).toEqual(expected);
  });

  test.each(['', 'abc', 'v1.2.3', '1..2', '1.2.3 4', '1.2.3;rm -rf /', 'x'.repeat(10_000_000)])('refuses %j', (text) => {
    expect(parseVersion(text)).toBeUndefined();
  });

  test('orders by numbers, ignoring suffixes', () => {
    expect(compareVersions('0.9.0', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('3.10.0', '3.9.9')).toBeGreaterThan(0);
    expect(compareVersions('0.9.0-incubating', '0.9.0')).toBe(0);
    expect(versionAtLeast('3.2.0', '3.2')).toBe(true);
    expect(versionAtLeast('3.1.3', '3.2')).toBe(false);
    expect(versionAtLeast('garbage', '0.0.0')).toBe(false);
  });
});

describe('sparkMesosSupport', () => {
  test.each([
    ['0.7.3', 'classic', 'supported'],
    ['0.8.0-incubating', 'classic', 'supported'],
    ['1.0.0', 'modern', 'supported'],
    ['3.1.3', 'modern', 'supported'],
    ['3.2.0', 'modern', 'deprecated'],
    ['3.5.1', 'modern', 'deprecated'],
    ['4.0.0', 'modern', 'removed'],
    ['4.0.0-preview2', 'modern', 'removed'],
  ] as const)('Spark %s: %s, %s', (version, era, status) => {
    expect(sparkMesosSupport(version)).toEqual({ version, era, status });
  });

  test('an unknown version is said to be unknown', () => {
    expect(sparkMesosSupport(undefined)).toEqual({ version: undefined, era: 'unknown', status: 'unknown' });
    expect(sparkMesosSupport('dev')).toEqual({ version: 'dev', era: 'unknown', status: 'unknown' });
  });
});

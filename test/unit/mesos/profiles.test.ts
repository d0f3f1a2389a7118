import { describe, expect, test } from '@jest/globals';
import { isToolError } from '../../../src/errors.js';
import { DEFAULT_PROFILE, findProfile, mesos09Profile, mesos1xProfile, MESOS_PROFILES, profileFor, supportedMesosVersions } from '../../../src/mesos/profiles.js';

describe('profileFor', () => {
  test('finds the profile of a version', () => {
    expect(profileFor('0.9.0')).toBe(mesos09Profile);
    expect(profileFor('1.11.0')).toBe(mesos1xProfile);
    expect(DEFAULT_PROFILE).toBe(mesos09Profile);
  });

  test('an unknown version is an error listing the supported ones', () => {
    let caught: unknown;
    try {
      profileFor('0.13.0');
    } catch (error) {
      caught = error;
    }
    expect(isToolError(caught)).toBe(true);
    if (!isToolError(caught)) return;
    expect(caught.code).toBe('UNSUPPORTED_MESOS_VERSION');
    expect(caught.message).toBe('Mesos "0.13.0" has no version profile; supported: 0.9.0, 1.0.0 to 1.11.x');
    expect(caught.hint).toContain('--mesos-version');
    expect(caught.problems).toEqual([
      { field: 'mesosVersion', value: '0.13.0', expected: 'a supported Mesos version: 0.9.0, 1.0.0 to 1.11.x' },
    ]);
  });

  test('a huge or odd version string does not blow up the message', () => {
    expect(() => profileFor('9'.repeat(10_000_000))).toThrow(/^Mesos "9{40}" has no version profile/);
    expect(findProfile(undefined as unknown as string)).toBeUndefined();
    expect(supportedMesosVersions()).toBe('0.9.0, 1.0.0 to 1.11.x');
  });

  test('no version is covered by two profiles', () => {
    for (const version of ['0.9.0', '1.0.0', '1.5.2', '1.11.0']) {
      expect(MESOS_PROFILES.filter((p) => p.matches(version))).toHaveLength(1);
    }
  });

  test.each(MESOS_PROFILES.map((p) => [p.id, p] as const))('%s: every command is argv with an absolute file', (_id, profile) => {
    const options = {
      prefix: '/usr/local',
      advertise: '10.0.0.1',
      ports: profile.defaultPorts,
      logDir: '/var/log/mesosd',
      workDir: '/var/lib/mesosd/work',
    };
    for (const spec of [
      profile.masterCommand(options),
      profile.slaveCommand({ ...options, master: { kind: 'host', host: '10.0.0.1', port: 5050 } }),
    ]) {
      expect(spec.file.startsWith('/usr/local/sbin/')).toBe(true);
      expect(spec.args.every((arg) => arg.startsWith('--') && arg.includes('='))).toBe(true);
      expect(spec.env['LD_LIBRARY_PATH']).toBe('/usr/local/lib');
    }
  });
});

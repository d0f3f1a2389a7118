import { describe, expect, test } from '@jest/globals';
import { DBusError } from 'dbus-next';
import { busErrorToToolError, connectionErrorToToolError, jobFailedError, NO_SYSTEMD_HINT } from '../../../systemd/systemd-errors.js';
import { journalLines } from '../../../systemd/journal-tail.js';

describe('errors on the bus', () => {
  test('access denied and interactive authorization mean: run as root', () => {
    for (const name of ['org.freedesktop.DBus.Error.AccessDenied', 'org.freedesktop.DBus.Error.InteractiveAuthorizationRequired']) {
      const error = busErrorToToolError('org.freedesktop.systemd1.Manager.StartUnit', new DBusError(name, 'Permission denied'));
      expect(error.code).toBe('SYSTEMD_ACCESS_DENIED');
      expect(error.message).toBe('systemd refused org.freedesktop.systemd1.Manager.StartUnit: Permission denied');
      expect(error.hint).toContain('root');
    }
  });

  test('a bus without systemd and a missing socket both say: run without systemd', () => {
    const onBus = busErrorToToolError('x', new DBusError('org.freedesktop.DBus.Error.ServiceUnknown', 'The name is not activatable'));
    const noSocket = connectionErrorToToolError('unix:path=/nowhere', Object.assign(new Error('connect ENOENT /nowhere'), { code: 'ENOENT' }));
    for (const error of [onBus, noSocket]) {
      expect(error.code).toBe('SYSTEMD_UNREACHABLE');
      expect(error.hint).toBe(NO_SYSTEMD_HINT);
    }
    expect(NO_SYSTEMD_HINT).toContain('`mesosd run --no-systemd`');
    expect(noSocket.message).toBe('cannot reach systemd over D-Bus at unix:path=/nowhere: ENOENT');
  });

  test('an unknown unit, and any other error with its D-Bus name', () => {
    expect(busErrorToToolError('LoadUnit', new DBusError('org.freedesktop.systemd1.NoSuchUnit', 'Unit x.service not loaded.')).code).toBe('UNIT_NOT_FOUND');
    const other = busErrorToToolError('Reload', new DBusError('org.freedesktop.DBus.Error.Failed', 'boom'));
    expect(other.code).toBe('SYSTEMD_CALL_FAILED');
    expect(other.message).toBe('Reload failed: boom (org.freedesktop.DBus.Error.Failed)');
  });

  test('a failed job lists the journal lines and says what to run', () => {
    const error = jobFailedError('start', 'x.service', 'failed', 'failed/failed, result exit-code', ['line one', 'line two']);
    expect(error.code).toBe('UNIT_START_FAILED');
    expect(error.message).toBe('x.service did not start: job failed (failed/failed, result exit-code)\nlast journal lines of x.service:\n  line one\n  line two');
    expect(error.hint).toContain('journalctl -u x.service');
    expect(jobFailedError('stop', 'x.service', 'timeout', '', []).code).toBe('UNIT_STOP_FAILED');
  });

  test('journal lines leave out journalctl\'s own markers', () => {
    expect(journalLines('-- No entries --\n')).toEqual([]);
    expect(journalLines('-- Boot 1a2b --\nNov 25 node1 x[1]: hi\n\n')).toEqual(['Nov 25 node1 x[1]: hi']);
  });
});

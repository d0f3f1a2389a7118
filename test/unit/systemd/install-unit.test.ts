import { afterEach, describe, expect, test } from '@jest/globals';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { installUnit, uninstallUnit } from '../../../systemd/install-unit.js';
import { tempDirs } from '../../helpers/temp-dir.js';
import { catchToolError } from '../formats/catch-tool-error.js';
import { fakeSystemd } from './fake-systemd.js';

const dirs = tempDirs('sms-unit-');
afterEach(dirs.cleanup);

const TEXT = '[Service]\nExecStart=/usr/bin/true\n';

describe('installUnit', () => {
  test('a new unit is written (0644), enabled, reloaded once and started', async () => {
    const unitDir = await dirs.make();
    const systemd = fakeSystemd();
    const result = await installUnit({ systemd, name: 'mesosd.service', text: TEXT, unitDir });
    expect(result).toEqual({ path: join(unitDir, 'mesosd.service'), changed: true, enabled: true, action: 'started' });
    expect(systemd.calls).toEqual(['enable mesosd.service', 'reload', 'start mesosd.service']);
    expect(await readFile(join(unitDir, 'mesosd.service'), 'utf8')).toBe(TEXT);
    expect((await stat(join(unitDir, 'mesosd.service'))).mode & 0o777).toBe(0o644);
  });

  test('installing the same text again does nothing: no reload, no restart', async () => {
    const unitDir = await dirs.make();
    const systemd = fakeSystemd();
    await installUnit({ systemd, name: 'mesosd.service', text: TEXT, unitDir });
    systemd.calls.length = 0;
    const again = await installUnit({ systemd, name: 'mesosd.service', text: TEXT, unitDir });
    expect(again).toMatchObject({ changed: false, enabled: false, action: 'none' });
    expect(systemd.calls).toEqual([]);
  });

  test('a changed unit that runs is replaced, reloaded and restarted', async () => {
    const unitDir = await dirs.make();
    await writeFile(join(unitDir, 'mesosd.service'), TEXT);
    const systemd = fakeSystemd({ fileState: 'enabled', activeState: 'active' });
    const result = await installUnit({ systemd, name: 'mesosd.service', text: `${TEXT}Restart=always\n`, unitDir });
    expect(result).toMatchObject({ changed: true, enabled: false, action: 'restarted' });
    expect(systemd.calls).toEqual(['reload', 'restart mesosd.service']);
  });

  test('an unchanged unit that runs is reloaded (ExecReload) when asked, and left alone when not', async () => {
    const unitDir = await dirs.make();
    await writeFile(join(unitDir, 'mesosd.service'), TEXT, { mode: 0o644 });
    const systemd = fakeSystemd({ fileState: 'enabled', activeState: 'active' });
    expect(await installUnit({ systemd, name: 'mesosd.service', text: TEXT, unitDir, reloadIfRunning: true })).toMatchObject({ changed: false, action: 'reloaded' });
    expect(systemd.calls).toEqual(['reload mesosd.service']);
    systemd.calls.length = 0;
    expect(await installUnit({ systemd, name: 'mesosd.service', text: TEXT, unitDir })).toMatchObject({ action: 'none' });
    expect(systemd.calls).toEqual([]);
  });

  test('an unchanged unit that was stopped is started again, without a reload', async () => {
    const unitDir = await dirs.make();
    await writeFile(join(unitDir, 'mesosd.service'), TEXT, { mode: 0o644 });
    const systemd = fakeSystemd({ fileState: 'enabled', activeState: 'failed' });
    expect(await installUnit({ systemd, name: 'mesosd.service', text: TEXT, unitDir })).toMatchObject({ changed: false, action: 'started' });
    expect(systemd.calls).toEqual(['start mesosd.service']);
  });

  test('start: false only writes, enables and reloads', async () => {
    const unitDir = await dirs.make();
    const systemd = fakeSystemd();
    expect(await installUnit({ systemd, name: 'mesosd.service', text: TEXT, unitDir, start: false })).toMatchObject({ action: 'none' });
    expect(systemd.calls).toEqual(['enable mesosd.service', 'reload']);
  });

  test.each(['../mesosd.service', 'mesosd', 'a/b.service', ''])('refuses the unit name %j before touching anything', async (name) => {
    const unitDir = await dirs.make();
    const systemd = fakeSystemd();
    const error = await installUnit({ systemd, name, text: TEXT, unitDir }).then(() => undefined, (e: unknown) => e);
    expect(catchToolError(() => {
      throw error;
    }).code).toBe('INVALID_UNIT_NAME');
    expect(systemd.calls).toEqual([]);
  });
});

describe('uninstallUnit', () => {
  test('stops, disables, removes the file and reloads', async () => {
    const unitDir = await dirs.make();
    const systemd = fakeSystemd();
    await installUnit({ systemd, name: 'mesosd.service', text: TEXT, unitDir });
    systemd.calls.length = 0;
    expect(await uninstallUnit({ systemd, name: 'mesosd.service', unitDir })).toBe(true);
    expect(systemd.calls).toEqual(['stop mesosd.service', 'disable mesosd.service', 'reload']);
    await expect(stat(join(unitDir, 'mesosd.service'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await uninstallUnit({ systemd, name: 'mesosd.service', unitDir })).toBe(false);
  });
});

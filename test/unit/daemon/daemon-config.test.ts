import { afterEach, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDaemonConfig } from '../../../daemon/run/daemon-config.js';
import { tempDirs } from '../../helpers/temp-dir.js';

const dirs = tempDirs('daemon-config-');
afterEach(dirs.cleanup);

const node = { hostname: 'node1', advertise: '10.0.0.1' };

async function configFile(extra: Record<string, unknown>): Promise<string> {
  const file = join(await dirs.make(), 'mesosd.json');
  await writeFile(file, JSON.stringify({ node, ...extra }));
  return file;
}

describe('mesosd.json root', () => {
  test('is / when absent', async () => {
    expect((await loadDaemonConfig(await configFile({}))).root).toBe('/');
  });

  test('an absolute directory is taken as given', async () => {
    expect((await loadDaemonConfig(await configFile({ root: '/srv/nodes/n1' }))).root).toBe('/srv/nodes/n1');
  });

  test('a relative directory is refused, naming the key, the value and what is expected', async () => {
    const file = await configFile({ root: 'srv/nodes/n1' });
    await expect(loadDaemonConfig(file)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: `root in ${file} is "srv/nodes/n1"; expected an absolute path (starting with /)`,
      hint: expect.stringContaining('remove the key to use /'),
    });
  });

  test('a path with .. or a value that is not a string is refused', async () => {
    const dotted = await configFile({ root: '/srv/../etc' });
    await expect(loadDaemonConfig(dotted)).rejects.toMatchObject({
      message: `root in ${dotted} is "/srv/../etc"; expected an absolute path without ".." segments`,
    });
    const number = await configFile({ root: 1 });
    await expect(loadDaemonConfig(number)).rejects.toMatchObject({
      message: `root in ${number} is 1; expected an absolute path (starting with /)`,
    });
  });

  test('controlSocket and tokenFile are still checked the same way', async () => {
    const file = await configFile({ tokenFile: 'cluster.token' });
    await expect(loadDaemonConfig(file)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: `tokenFile in ${file} is "cluster.token"; expected an absolute path (starting with /)`,
    });
    const ok = await loadDaemonConfig(await configFile({ controlSocket: '/run/x.sock', tokenFile: '/etc/x.token' }));
    expect([ok.controlSocket, ok.tokenFile]).toEqual(['/run/x.sock', '/etc/x.token']);
  });
});

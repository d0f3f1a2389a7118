import { afterEach, describe, expect, test } from '@jest/globals';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { controlCall, fetchNodeStatus } from '../../src/control/control-client.js';
import { formatNodeStatus, summaryLine } from '../../src/control/node-status-text.js';
import { CONTROL_PATHS, type NodeStatus } from '../../src/control/protocol.js';
import { isToolError } from '../../src/errors.js';
import { startControlServer, type ControlServer } from '../../daemon/control/control-server.js';
import { tempDirs } from '../helpers/temp-dir.js';

const dirs = tempDirs();
const servers: ControlServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await dirs.cleanup();
});

const now = 1_700_000_000_000;
const status: NodeStatus = {
  mesosd: { version: '0.1.0', pid: 4242, startedAt: now - 3_723_000 },
  hostname: 'node1',
  advertise: '10.0.0.11',
  roles: { master: true, slave: true },
  configVersion: 'c0ffee12',
  slavesRegistered: 1,
  children: [
    { name: 'master', state: 'healthy', pid: 4250, startedAt: now - 65_000, restarts: 0, lastExit: undefined,
      commandLine: '/usr/local/sbin/mesos-master --ip=10.0.0.11 --port=5050' },
    { name: 'slave', state: 'unregistered', pid: 4251, startedAt: now - 5_000, restarts: 2,
      lastExit: { code: 1, signal: undefined, at: now - 6_000, reason: 'exited with code 1' },
      commandLine: '/usr/local/sbin/mesos-slave --master=10.0.0.11:5050' },
  ],
};

async function serve(restartable = ['master']) {
  const dir = await dirs.make();
  const socketPath = join(dir, 'run', 'control.sock');
  const restarted: string[] = [];
  const server = await startControlServer(socketPath, {
    status: async () => status,
    restart: async (child) => {
      restarted.push(child);
      return restartable.includes(child);
    },
  });
  servers.push(server);
  return { socketPath, restarted, dir };
}

describe('control socket', () => {
  test('is root-only: the socket 0600 in a 0700 directory', async () => {
    const { socketPath } = await serve();
    expect((await stat(socketPath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(socketPath, '..'))).mode & 0o777).toBe(0o700);
  });

  test('status comes back as sent', async () => {
    const { socketPath } = await serve();
    expect(await fetchNodeStatus({ socketPath })).toEqual(JSON.parse(JSON.stringify(status)));
  });

  test('restart of a child this node runs, and of one it does not', async () => {
    const { socketPath, restarted } = await serve(['master']);
    expect(await controlCall({ socketPath }, 'POST', CONTROL_PATHS.restart('master'))).toEqual({ restarted: 'master' });
    const error = await controlCall({ socketPath }, 'POST', CONTROL_PATHS.restart('slave')).catch((e: unknown) => e);
    expect(isToolError(error) && [error.code, error.message]).toEqual(['NOT_RUNNING_HERE', 'this node does not run a slave']);
    expect(restarted).toEqual(['master', 'slave']);
  });

  test('a second server on the same socket is refused while the first answers', async () => {
    const { socketPath } = await serve();
    const error = await startControlServer(socketPath, { status: async () => status, restart: async () => false })
      .catch((e: unknown) => e);
    expect(isToolError(error) && error.code).toBe('ALREADY_RUNNING');
  });

  test('a stale socket file left by a killed mesosd is replaced', async () => {
    const dir = await dirs.make();
    const socketPath = join(dir, 'control.sock');
    await writeFile(socketPath, '');
    servers.push(await startControlServer(socketPath, { status: async () => status, restart: async () => false }));
    expect((await fetchNodeStatus({ socketPath })).hostname).toBe('node1');
  });

  test('no mesosd: a clear error with a hint', async () => {
    const dir = await dirs.make();
    const error = await fetchNodeStatus({ socketPath: join(dir, 'none.sock') }).catch((e: unknown) => e);
    expect(isToolError(error) && error.code).toBe('MESOSD_NOT_RUNNING');
    expect(isToolError(error) && error.hint).toContain('systemctl start mesosd');
  });
});

describe('status text', () => {
  test('the one-line summary', () => {
    expect(summaryLine(status)).toBe(
      'master+slave: master healthy, slave running, not registered; config c0ffee12, 1 slave registered',
    );
  });

  test('the full text for people', () => {
    expect(formatNodeStatus(status, now)).toBe([
      'node1 (10.0.0.11) — master+slave: master healthy, slave running, not registered; config c0ffee12, 1 slave registered',
      'mesosd 0.1.0, pid 4242, up 1h 2m',
      '  master: healthy, pid 4250, up 1m 5s, 0 restarts',
      '    /usr/local/sbin/mesos-master --ip=10.0.0.11 --port=5050',
      '  slave: running, not registered, pid 4251, up 5s, 2 restarts; last exit 6s ago: exited with code 1',
      '    /usr/local/sbin/mesos-slave --master=10.0.0.11:5050',
      '',
    ].join('\n'));
  });

  test('the cluster as the configuration names it, and the peers that did not answer', () => {
    const text = formatNodeStatus({ ...status, cluster: { masters: ['10.0.0.11'], slaves: ['10.0.0.11', '10.0.0.12', '10.0.0.13'], unreachable: ['10.0.0.13'] } }, now);
    expect(text.split('\n').slice(2, 4)).toEqual([
      'cluster: master 10.0.0.11; slaves 10.0.0.11, 10.0.0.12, 10.0.0.13',
      '  not answering: 10.0.0.13',
    ]);
    expect(formatNodeStatus({ ...status, cluster: { masters: ['a', 'b'], slaves: [], unreachable: [] } }, now)).toContain('\ncluster: masters a, b; slaves none\n  master:');
  });
});

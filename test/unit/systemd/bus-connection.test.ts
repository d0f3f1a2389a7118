import { afterEach, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { ToolError } from '../../../src/errors.js';
import { connectBus, systemBusAddress, type BusConnection, type BusSignal } from '../../../systemd/dbus-connection.js';
import { watchJobs } from '../../../systemd/job-watch.js';
import { connectSystemd } from '../../../systemd/systemd-manager.js';
import { tempDirs } from '../../helpers/temp-dir.js';

const dirs = tempDirs('sms-bus-');
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  await dirs.cleanup();
});

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  const result = await promise.then(() => undefined, (error: unknown) => error);
  expect(result).toBeInstanceOf(ToolError);
  return result as ToolError;
}

describe('reaching the bus', () => {
  test('the address comes from DBUS_SYSTEM_BUS_ADDRESS, else the standard socket', () => {
    expect(systemBusAddress({ DBUS_SYSTEM_BUS_ADDRESS: 'unix:path=/proc/1/root/run/dbus/system_bus_socket' }))
      .toBe('unix:path=/proc/1/root/run/dbus/system_bus_socket');
    expect(systemBusAddress({})).toBe('unix:path=/run/dbus/system_bus_socket');
  });

  test('no socket: SYSTEMD_UNREACHABLE with the --no-systemd hint, quickly', async () => {
    const dir = await dirs.make();
    const error = await failure(connectSystemd({ busAddress: `unix:path=${join(dir, 'no-such-socket')}` }));
    expect(error.code).toBe('SYSTEMD_UNREACHABLE');
    expect(error.message).toContain('ENOENT');
    expect(error.hint).toContain('mesosd run --no-systemd');
  });

  test('a socket that hangs up during the handshake, and one that never answers, fail within the bound', async () => {
    const dir = await dirs.make();
    const hangUp = createServer((socket) => socket.destroy());
    const silent = createServer((socket) => socket.resume()); // reads, never answers
    servers.push(hangUp, silent);
    await new Promise<void>((r) => hangUp.listen(join(dir, 'hang-up'), r));
    await new Promise<void>((r) => silent.listen(join(dir, 'silent'), r));
    expect((await failure(connectBus({ address: `unix:path=${join(dir, 'hang-up')}` }))).code).toBe('SYSTEMD_UNREACHABLE');
    const started = Date.now();
    const error = await failure(connectBus({ address: `unix:path=${join(dir, 'silent')}`, connectTimeoutMs: 300 }));
    expect(error.code).toBe('SYSTEMD_UNREACHABLE');
    expect(error.message).toContain('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

/** A BusConnection of our own making (not D-Bus) to drive signals by hand. */
function signalSource(): { connection: BusConnection; emit: (signal: BusSignal) => void; breakIt: (error: ToolError) => void } {
  const listeners = new Set<(signal: BusSignal) => void>();
  const broken = new Set<(error: ToolError) => void>();
  return {
    connection: {
      address: 'test',
      call: async () => [],
      onSignal: (l) => (listeners.add(l), () => void listeners.delete(l)),
      onBroken: (l) => (broken.add(l), () => void broken.delete(l)),
      close: async () => undefined,
    },
    emit: (signal) => listeners.forEach((l) => l(signal)),
    breakIt: (error) => broken.forEach((l) => l(error)),
  };
}

const jobRemoved = (id: number, unit: string, result: string): BusSignal => ({
  path: '/org/freedesktop/systemd1', interface: 'org.freedesktop.systemd1.Manager', member: 'JobRemoved',
  body: [id, `/org/freedesktop/systemd1/job/${id}`, unit, result],
});

describe('watchJobs', () => {
  test('a job that ended before its start call returned is still found', async () => {
    const { connection, emit } = signalSource();
    const watch = watchJobs(connection);
    emit(jobRemoved(7, 'x.service', 'failed'));
    await expect(watch.resultOf('/org/freedesktop/systemd1/job/7', 'start of x.service', 1000)).resolves.toBe('failed');
    watch.dispose();
  });

  test('waits for its own job among others; times out with a ToolError; fails when the bus breaks', async () => {
    const { connection, emit, breakIt } = signalSource();
    const watch = watchJobs(connection);
    const result = watch.resultOf('/org/freedesktop/systemd1/job/9', 'start of x.service', 1000);
    emit(jobRemoved(8, 'y.service', 'failed'));
    emit({ ...jobRemoved(9, 'x.service', 'done'), member: 'JobNew' });
    emit(jobRemoved(9, 'x.service', 'done'));
    await expect(result).resolves.toBe('done');
    await expect(watch.resultOf('/org/freedesktop/systemd1/job/10', 'stop of x.service', 50)).rejects.toMatchObject({ code: 'SYSTEMD_TIMEOUT' });
    const pending = watch.resultOf('/org/freedesktop/systemd1/job/11', 'start of x.service', 5000);
    breakIt(new ToolError('SYSTEMD_UNREACHABLE', 'gone'));
    await expect(pending).rejects.toMatchObject({ code: 'SYSTEMD_UNREACHABLE' });
    watch.dispose();
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolError } from '../../src/errors.js';
import { packageRoot } from '../../src/version.js';
import { installUnit } from '../../systemd/install-unit.js';
import { renderMesosdUnit, type MesosdUnitSettings } from '../../systemd/mesosd-unit.js';
import { connectSystemd, type SystemdManager } from '../../systemd/systemd-manager.js';
import { pollUntil } from './testbed/host-command.js';
import { nodeJournal, systemctlStatus } from './testbed/node-tools.js';
import type { TestNode } from './testbed/test-node.js';
import { createTestbed, PROJECT_IN_NODE, type Testbed } from './testbed/testbed.js';

const NOTIFY_SERVICE = `${PROJECT_IN_NODE}/test/e2e/fixtures/notify-service.mjs`;
const PROBE = `${PROJECT_IN_NODE}/test/e2e/fixtures/systemd-probe.mjs`;

let bed: Testbed;
const timings: string[] = [];
const open: SystemdManager[] = [];

/** The client on the host, talking to the node's systemd through the node's bus socket; closed after each test. */
async function systemdOf(node: TestNode): Promise<SystemdManager> {
  const systemd = await connectSystemd({ busAddress: node.systemBusAddress(), journal: nodeJournal(node) });
  open.push(systemd);
  return systemd;
}

/** Records which Manager calls installUnit made (a wrapper around the real client, not a stand-in). */
function recording(systemd: SystemdManager): { systemd: SystemdManager; calls: string[] } {
  const calls: string[] = [];
  const wrapped = Object.fromEntries(Object.entries(systemd).map(([key, fn]) => [key, (...args: unknown[]) => {
    if (key !== 'unitState' && key !== 'unitFileState') calls.push(key);
    return (fn as (...a: unknown[]) => unknown)(...args);
  }])) as unknown as SystemdManager;
  return { systemd: wrapped, calls };
}

function notifyUnit(name: string, options: Partial<MesosdUnitSettings> & { env?: Record<string, string> } = {}): string {
  const { env, ...settings } = options;
  return renderMesosdUnit({
    execStart: ['/usr/bin/node', NOTIFY_SERVICE, 'run', 'two words', '$HOME', '50%', 'q"uote', 'back\\slash', ';'],
    description: `test bed ${name}`,
    stopTimeoutSec: 30,
    environment: { NOTIFY_TEST_NAME: name, ...env },
    ...settings,
  });
}

function unitDir(node: TestNode): string {
  return node.path('/etc/systemd/system');
}

beforeAll(async () => {
  await stat(join(packageRoot(), 'dist/systemd/sd-notify.js')).catch(() => {
    throw new Error('dist/ is missing: `npm run test:e2e` builds it first (npm run build)');
  });
  bed = await createTestbed({ nodes: 2, project: true, log: (line) => timings.push(line) });
}, 20 * 60_000);

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await bed?.destroy();
  console.log(`systemd e2e timings:\n  ${timings.join('\n  ')}`);
});

describe('the D-Bus client against the real systemd in a node', () => {
  test('reload, enable, start, read the state, stop, disable', async () => {
    const node = bed.node('node1');
    const systemd = await systemdOf(node);
    await node.writeFile('/etc/systemd/system/tb-sleeper.service', '[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=multi-user.target\n');
    await systemd.reload();
    const changes = await systemd.enableUnitFiles(['tb-sleeper.service']);
    expect(changes).toEqual([{ type: 'symlink', file: '/etc/systemd/system/multi-user.target.wants/tb-sleeper.service', destination: '/etc/systemd/system/tb-sleeper.service' }]);
    expect(await systemd.unitFileState('tb-sleeper.service')).toBe('enabled');

    await systemd.startUnit('tb-sleeper.service');
    const state = await systemd.unitState('tb-sleeper.service');
    expect(state).toMatchObject({ loadState: 'loaded', activeState: 'active', subState: 'running', statusText: '', result: 'success', restarts: 0 });
    expect(String(state.mainPid)).toBe((await node.execOk(['systemctl', 'show', '-p', 'MainPID', '--value', 'tb-sleeper.service'])).trim());
    expect((await node.execOk(['ps', '-o', 'args=', '-p', String(state.mainPid)])).trim()).toBe('/bin/sleep infinity');

    await systemd.stopUnit('tb-sleeper.service');
    expect(await systemd.unitState('tb-sleeper.service')).toMatchObject({ activeState: 'inactive', subState: 'dead', mainPid: 0 });
    await systemd.disableUnitFiles(['tb-sleeper.service']);
    expect(await systemd.unitFileState('tb-sleeper.service')).toBe('disabled');
    expect(await systemd.unitState('tb-nothing-like-it.service')).toMatchObject({ loadState: 'not-found', activeState: 'inactive' });
  });

  test('a unit that fails to start (even with Restart=always) is a ToolError with its last journal lines', async () => {
    const node = bed.node('node1');
    const systemd = await systemdOf(node);
    await node.writeFile('/etc/systemd/system/tb-broken.service', [
      '[Unit]', 'StartLimitIntervalSec=0', '[Service]', 'Type=notify', 'Restart=always', 'RestartSec=1',
      "ExecStart=/bin/sh -c 'echo tb-broken: cannot read /etc/tb-broken.conf >&2; exit 3'", '',
    ].join('\n'));
    await systemd.reload();
    const error = await systemd.startUnit('tb-broken.service').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    const failure = error as ToolError;
    expect(failure.code).toBe('UNIT_START_FAILED');
    expect(failure.message).toMatch(/^tb-broken\.service did not start: job failed \(.*result exit-code\)/);
    expect(failure.message).toContain('tb-broken: cannot read /etc/tb-broken.conf');
    expect(failure.hint).toContain('journalctl -u tb-broken.service');
    await systemd.stopUnit('tb-broken.service');
  });

  test('not root: the client inside the node says so, and its process exits after close()', async () => {
    const node = bed.node('node1');
    const asNobody = await node.exec(['/usr/bin/node', PROBE, 'start', 'tb-sleeper.service'], { uid: 65534, timeoutMs: 30_000 });
    expect(asNobody.exitCode).toBe(0);
    const outcome = JSON.parse(asNobody.stdout) as { ok: boolean; code?: string; hint?: string };
    expect(outcome).toMatchObject({ ok: false, code: 'SYSTEMD_ACCESS_DENIED' });
    expect(outcome.hint).toContain('root');
    const readOnly = JSON.parse(await node.execOk(['/usr/bin/node', PROBE, 'state', 'dbus.service'], { uid: 65534 })) as { state?: { activeState?: string } };
    expect(readOnly.state?.activeState).toBe('active');
  });
});

describe('the mesosd unit and sd_notify, for real', () => {
  test('installUnit writes, enables and starts it; READY is awaited; STATUS shows in systemctl status; ExecStart words arrive intact', async () => {
    const node = bed.node('node1');
    const systemd = await systemdOf(node);
    const started = Date.now();
    const result = await installUnit({ systemd, name: 'tb-notify.service', unitDir: unitDir(node), text: notifyUnit('tb-notify', { watchdogSec: 2, env: { NOTIFY_TEST_READY_DELAY_MS: '1500' } }) });
    const tookMs = Date.now() - started;
    expect(result).toEqual({ path: join(unitDir(node), 'tb-notify.service'), changed: true, enabled: true, action: 'started' });
    expect(tookMs).toBeGreaterThanOrEqual(1500); // the start job ended with READY=1, not when the process was forked
    const state = await systemd.unitState('tb-notify.service');
    expect(state).toMatchObject({ activeState: 'active', subState: 'running', statusText: 'tb-notify ready' });
    const status = await systemctlStatus(node, 'tb-notify.service');
    expect(status).toContain('Active: active (running)');
    expect(status).toContain('Status: "tb-notify ready"');
    expect(await node.execOk(['systemctl', 'is-enabled', 'tb-notify.service'])).toBe('enabled');
    expect(JSON.parse(await node.readFile('/run/tb-notify.argv.json'))).toEqual(['run', 'two words', '$HOME', '50%', 'q"uote', 'back\\slash', ';']);

    // The same unit again: nothing happens, not even a reload.
    const { systemd: recorded, calls } = recording(systemd);
    expect(await installUnit({ systemd: recorded, name: 'tb-notify.service', unitDir: unitDir(node), text: notifyUnit('tb-notify', { watchdogSec: 2, env: { NOTIFY_TEST_READY_DELAY_MS: '1500' } }) }))
      .toMatchObject({ changed: false, enabled: false, action: 'none' });
    expect(calls).toEqual([]);
    expect((await systemd.unitState('tb-notify.service')).mainPid).toBe(state.mainPid);

    // ExecReload sends SIGHUP; the service's new STATUS= shows.
    await node.execOk(['systemctl', 'reload', 'tb-notify.service']);
    await pollUntil('the reloaded status', async () => ((await systemd.unitState('tb-notify.service')).statusText === 'tb-notify reloaded 1' ? true : undefined), { timeoutMs: 10_000 });
    expect(await systemctlStatus(node, 'tb-notify.service')).toContain('Status: "tb-notify reloaded 1"');
  });

  test('WATCHDOG=1 pings keep a WatchdogSec=2 service alive; a service that does not ping is killed and restarted', async () => {
    const node = bed.node('node1');
    const systemd = await systemdOf(node);
    await installUnit({ systemd, name: 'tb-silent.service', unitDir: unitDir(node), text: notifyUnit('tb-silent', { watchdogSec: 2, env: { NOTIFY_TEST_NO_WATCHDOG: '1' } }) });
    const before = await systemd.unitState('tb-notify.service');
    expect(before.activeState).toBe('active');
    const restarted = await pollUntil('the silent service to be killed by the watchdog', async () => {
      const s = await systemd.unitState('tb-silent.service');
      return (s.restarts ?? 0) >= 1 ? s : undefined;
    }, { timeoutMs: 20_000, intervalMs: 250 });
    expect(restarted.restarts).toBeGreaterThanOrEqual(1);
    expect((await nodeJournal(node)('tb-silent.service', 50)).join('\n')).toMatch(/Watchdog timeout/);
    // By now the pinging service has lived through more than two watchdog intervals since it was last (re)started.
    await pollUntil('three watchdog intervals', async () => (await uptimeSec(node, 'tb-notify.service')) >= 6 ? true : undefined, { timeoutMs: 15_000, intervalMs: 500 });
    expect(await systemd.unitState('tb-notify.service')).toMatchObject({ activeState: 'active', mainPid: before.mainPid, restarts: 0, result: 'success' });
    await systemd.stopUnit('tb-silent.service');
  });

  test('STOPPING=1 puts the service into deactivating while it still runs; a changed unit is restarted', async () => {
    const node = bed.node('node1');
    const systemd = await systemdOf(node);
    const { mainPid } = await systemd.unitState('tb-notify.service');
    await node.execOk(['systemctl', 'kill', '--kill-whom=main', '-s', 'USR2', 'tb-notify.service']);
    const stopping = await pollUntil('deactivating', async () => {
      const s = await systemd.unitState('tb-notify.service');
      return s.activeState === 'deactivating' ? s : undefined;
    }, { timeoutMs: 5000, intervalMs: 50 });
    expect(stopping.mainPid).toBe(mainPid);
    await pollUntil('the service to settle', async () => ((await systemd.unitState('tb-notify.service')).activeState === 'deactivating' ? undefined : true), { timeoutMs: 15_000 });

    const changed = await installUnit({ systemd, name: 'tb-notify.service', unitDir: unitDir(node), text: notifyUnit('tb-notify', { watchdogSec: 3 }) });
    expect(changed).toMatchObject({ changed: true, enabled: false });
    expect(['restarted', 'started']).toContain(changed.action);
    const after = await systemd.unitState('tb-notify.service');
    expect(after).toMatchObject({ activeState: 'active', statusText: 'tb-notify ready' });
    expect(await node.execOk(['systemctl', 'show', '-p', 'WatchdogUSec', '--value', 'tb-notify.service'])).toBe('3s');
    await systemd.stopUnit('tb-notify.service');
    expect(await systemd.unitState('tb-notify.service')).toMatchObject({ activeState: 'inactive' });
  });

  test('kill -9 of the main process: systemd restarts it and kills what it left in the cgroup (KillMode=mixed)', async () => {
    const node = bed.node('node1');
    const systemd = await systemdOf(node);
    await installUnit({ systemd, name: 'tb-crash.service', unitDir: unitDir(node), text: notifyUnit('tb-crash', { env: { NOTIFY_TEST_CHILD: '1' } }) });
    const first = await systemd.unitState('tb-crash.service');
    const firstChild = (await node.readFile('/run/tb-crash.child.pid')).trim();
    expect(await node.execOk(['ps', '-o', 'args=', '-p', firstChild])).toBe('/bin/sleep infinity');
    expect(await node.execOk(['systemctl', 'show', '-p', 'ControlGroup', '--value', 'tb-crash.service'])).toBe('/system.slice/tb-crash.service');

    await node.execOk(['kill', '-9', String(first.mainPid)]);
    const again = await pollUntil('tb-crash.service to be back', async () => {
      const s = await systemd.unitState('tb-crash.service');
      return s.activeState === 'active' && s.mainPid !== first.mainPid ? s : undefined;
    }, { timeoutMs: 20_000, intervalMs: 200 });
    expect(again).toMatchObject({ restarts: 1, statusText: 'tb-crash ready' });
    // The old child was killed with the old main process; only the new one's child is left.
    expect((await node.exec(['ps', '-p', firstChild])).exitCode).toBe(1);
    const pids = (await node.execOk(['ps', '-e', '-o', 'pid=,unit='])).split('\n').map((line) => line.trim().split(/\s+/))
      .filter(([, unit]) => unit === 'tb-crash.service').map(([pid]) => pid).sort();
    const secondChild = (await node.readFile('/run/tb-crash.child.pid')).trim();
    expect(pids).toEqual([String(again.mainPid), secondChild].sort());
    await systemd.stopUnit('tb-crash.service');
    expect((await node.exec(['ps', '-p', secondChild])).exitCode).toBe(1);
  });

  test('after a reboot the enabled unit is running again with its status, without anyone starting it', async () => {
    const node = bed.node('node2');
    const before = await systemdOf(node);
    expect(await installUnit({ systemd: before, name: 'tb-boot.service', unitDir: unitDir(node), text: notifyUnit('tb-boot') })).toMatchObject({ action: 'started' });
    await before.close();
    const ms = await node.reboot();
    timings.push(`reboot of node2 with an enabled Type=notify unit: ${ms} ms`);
    const after = await systemdOf(node);
    const state = await pollUntil('tb-boot.service to be active after the boot', async () => {
      const s = await after.unitState('tb-boot.service');
      return s.activeState === 'active' ? s : undefined;
    }, { timeoutMs: 30_000 });
    expect(state).toMatchObject({ subState: 'running', statusText: 'tb-boot ready', restarts: 0 });
    expect(await systemctlStatus(node, 'tb-boot.service')).toContain('Status: "tb-boot ready"');
  });
});

async function uptimeSec(node: TestNode, unit: string): Promise<number> {
  const since = Number((await node.execOk(['systemctl', 'show', '-p', 'ActiveEnterTimestampMonotonic', '--value', unit])).trim());
  const now = Number((await node.execOk(['cat', '/proc/uptime'])).split(' ')[0]) * 1e6;
  return (now - since) / 1e6;
}

import type { Variant } from 'dbus-next';
import type { BusConnection } from './dbus-connection.js';

/** What `systemctl status` shows about a unit. */
export interface UnitState {
  /** loaded, not-found, masked, error, ... */
  readonly loadState: string;
  /** active, reloading, inactive, failed, activating, deactivating. */
  readonly activeState: string;
  /** running, exited, dead, auto-restart, start, stop-sigterm, ... */
  readonly subState: string;
  /** Services only: the last STATUS= the service sent ('' when none). */
  readonly statusText?: string;
  /** Services only: the main process, 0 when there is none. */
  readonly mainPid?: number;
  /** Services only: success, exit-code, signal, watchdog, timeout, ... */
  readonly result?: string;
  /** Services only: how many times systemd restarted it automatically since it was last started by hand. */
  readonly restarts?: number;
}

const UNIT = 'org.freedesktop.systemd1.Unit';
const SERVICE = 'org.freedesktop.systemd1.Service';

/** Reads the unit's state through org.freedesktop.DBus.Properties.Get (LoadUnit first, so any unit name works). */
export async function readUnitState(connection: BusConnection, name: string): Promise<UnitState> {
  const [path] = await connection.call({
    destination: 'org.freedesktop.systemd1', path: '/org/freedesktop/systemd1', interface: 'org.freedesktop.systemd1.Manager',
    member: 'LoadUnit', signature: 's', body: [name],
  });
  const get = async (iface: string, property: string): Promise<unknown> => {
    const [variant] = await connection.call({
      destination: 'org.freedesktop.systemd1', path: String(path), interface: 'org.freedesktop.DBus.Properties',
      member: 'Get', signature: 'ss', body: [iface, property],
    });
    return (variant as Variant | undefined)?.value;
  };
  const [loadState, activeState, subState] = await Promise.all(
    ['LoadState', 'ActiveState', 'SubState'].map(async (p) => String(await get(UNIT, p))),
  );
  const base = { loadState: loadState ?? '', activeState: activeState ?? '', subState: subState ?? '' };
  if (!name.endsWith('.service') || loadState !== 'loaded') return base;
  const [statusText, mainPid, result, restarts] = await Promise.all(
    ['StatusText', 'MainPID', 'Result', 'NRestarts'].map((p) => get(SERVICE, p)),
  );
  return { ...base, statusText: String(statusText ?? ''), mainPid: Number(mainPid ?? 0), result: String(result ?? ''), restarts: Number(restarts ?? 0) };
}

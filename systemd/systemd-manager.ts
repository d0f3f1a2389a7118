import { connectBus, systemBusAddress, type BusConnection } from './dbus-connection.js';
import { watchJobs } from './job-watch.js';
import { readJournalTail, type JournalReader } from './journal-tail.js';
import { jobFailedError } from './systemd-errors.js';
import { readUnitState, type UnitState } from './unit-state.js';

export type { UnitState } from './unit-state.js';

/** One change systemd made to unit files: `symlink` or `unlink`, the file, and what a symlink points to. */
export interface UnitFileChange {
  readonly type: string;
  readonly file: string;
  readonly destination: string;
}

export interface JobOptions {
  /** How long to wait for the job's result. Default: the manager's job timeout. */
  readonly timeoutMs?: number;
}

/** The systemd Manager over D-Bus, typed. One bus connection, reused; `close()` it so the process can exit. */
export interface SystemdManager {
  /** `systemctl daemon-reload`: systemd reads the unit files again. */
  reload(): Promise<void>;
  /** `systemctl enable`: the [Install] section's symlinks (existing ones replaced). */
  enableUnitFiles(names: readonly string[]): Promise<readonly UnitFileChange[]>;
  /** `systemctl disable`. */
  disableUnitFiles(names: readonly string[]): Promise<readonly UnitFileChange[]>;
  /** `systemctl link`: makes unit files outside the search path known (absolute paths). */
  linkUnitFiles(paths: readonly string[]): Promise<readonly UnitFileChange[]>;
  /** enabled, disabled, static, linked, masked, ... */
  unitFileState(name: string): Promise<string>;
  /** Starts the unit and waits for the job: returns when it is up (for Type=notify: READY=1), throws with the journal when not. */
  startUnit(name: string, options?: JobOptions): Promise<void>;
  stopUnit(name: string, options?: JobOptions): Promise<void>;
  restartUnit(name: string, options?: JobOptions): Promise<void>;
  /** `systemctl reload`: runs the unit's ExecReload (mesosd: SIGHUP, it reads its settings again). */
  reloadUnit(name: string, options?: JobOptions): Promise<void>;
  /** ActiveState, SubState and, for services, StatusText, MainPID, Result and NRestarts. */
  unitState(name: string): Promise<UnitState>;
  close(): Promise<void>;
}

export interface ConnectSystemdOptions {
  /** The bus address. Default: `DBUS_SYSTEM_BUS_ADDRESS` from `env`, else the standard system bus socket. */
  readonly busAddress?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads a failed unit's last log lines. Default: `journalctl -u NAME -n 20` on this machine. */
  readonly journal?: JournalReader;
  /** Default wait for a job's result. Default 3 minutes (mesosd's own start timeout is shorter). */
  readonly jobTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly callTimeoutMs?: number;
}

const SYSTEMD = 'org.freedesktop.systemd1';
const MANAGER_PATH = '/org/freedesktop/systemd1';
const MANAGER = 'org.freedesktop.systemd1.Manager';
const JOB_REMOVED_MATCH = `type='signal',sender='${SYSTEMD}',path='${MANAGER_PATH}',interface='${MANAGER}',member='JobRemoved'`;
const JOURNAL_LINES = 20;

function changesFrom(body: readonly unknown[], index: number): readonly UnitFileChange[] {
  const list = body[index];
  if (!Array.isArray(list)) return [];
  return list.map((entry) => {
    const [type, file, destination] = entry as unknown[];
    return { type: String(type), file: String(file), destination: String(destination) };
  });
}

/** Connects to systemd on the system bus (or the given address) and returns the typed Manager. */
export async function connectSystemd(options: ConnectSystemdOptions = {}): Promise<SystemdManager> {
  const connection = await connectBus({
    address: options.busAddress ?? systemBusAddress(options.env),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
  });
  return systemdManagerOn(connection, options);
}

/** The Manager on an open bus connection (which it closes on `close()`). */
export function systemdManagerOn(connection: BusConnection, options: ConnectSystemdOptions = {}): SystemdManager {
  const journal = options.journal ?? readJournalTail;
  const jobTimeoutMs = options.jobTimeoutMs ?? 180_000;
  const manager = (member: string, signature?: string, body?: readonly unknown[]) =>
    connection.call({
      destination: SYSTEMD, path: MANAGER_PATH, interface: MANAGER, member,
      ...(signature === undefined ? {} : { signature, body: body ?? [] }),
    });

  // Signals reach us only once the bus routes them (AddMatch) and systemd emits them to us (Subscribe).
  let subscribed: Promise<void> | undefined;
  const subscribe = () => {
    subscribed ??= (async () => {
      await connection.call({
        destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus',
        member: 'AddMatch', signature: 's', body: [JOB_REMOVED_MATCH],
      });
      await manager('Subscribe');
    })();
    subscribed.catch(() => {
      subscribed = undefined;
    });
    return subscribed;
  };

  const state = (name: string) => readUnitState(connection, name);

  const runJob = async (verb: 'start' | 'stop' | 'restart' | 'reload', member: string, name: string, jobOptions: JobOptions = {}) => {
    await subscribe();
    const watch = watchJobs(connection);
    try {
      const [job] = await manager(member, 'ss', [name, 'replace']);
      const result = await watch.resultOf(String(job), `${verb} of ${name}`, jobOptions.timeoutMs ?? jobTimeoutMs);
      if (result === 'done' || (verb === 'stop' && result === 'skipped')) return;
      const now = await state(name).catch(() => undefined);
      const detail = now === undefined ? '' : [`${now.activeState}/${now.subState}`, now.result === undefined ? '' : `result ${now.result}`]
        .filter((part) => part !== '').join(', ');
      throw jobFailedError(verb, name, result, detail, await journal(name, JOURNAL_LINES).catch(() => []));
    } finally {
      watch.dispose();
    }
  };

  return {
    reload: async () => {
      await manager('Reload');
    },
    enableUnitFiles: async (names) => changesFrom(await manager('EnableUnitFiles', 'asbb', [[...names], false, true]), 1),
    disableUnitFiles: async (names) => changesFrom(await manager('DisableUnitFiles', 'asb', [[...names], false]), 0),
    linkUnitFiles: async (paths) => changesFrom(await manager('LinkUnitFiles', 'asbb', [[...paths], false, true]), 0),
    unitFileState: async (name) => String((await manager('GetUnitFileState', 's', [name]))[0]),
    startUnit: (name, o) => runJob('start', 'StartUnit', name, o),
    stopUnit: (name, o) => runJob('stop', 'StopUnit', name, o),
    restartUnit: (name, o) => runJob('restart', 'RestartUnit', name, o),
    reloadUnit: (name, o) => runJob('reload', 'ReloadUnit', name, o),
    unitState: state,
    close: () => connection.close(),
  };
}

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { showValue, ToolError } from '../src/errors.js';
import { writeFileAtomic } from '../src/fs/atomic-file.js';
import type { SystemdManager } from './systemd-manager.js';

/** Where the administrator's (and our) unit files live. */
export const SYSTEM_UNIT_DIR = '/etc/systemd/system';

export interface InstallUnitOptions {
  readonly systemd: SystemdManager;
  /** The unit's file name, e.g. `mesosd.service`. */
  readonly name: string;
  /** The unit file's text (e.g. from renderMesosdUnit). */
  readonly text: string;
  /** Default /etc/systemd/system; a test gives a container's. */
  readonly unitDir?: string;
  /** Make sure the unit runs afterwards (start it, or restart it when the file changed). Default true. */
  readonly start?: boolean;
  /**
   * When the file is unchanged and the unit runs: `systemctl reload` it (ExecReload), so that it reads its own
   * settings again (mesosd: cluster.json after a reconfigure). Default false: nothing is done.
   */
  readonly reloadIfRunning?: boolean;
}

export interface InstallUnitResult {
  readonly path: string;
  /** The file was written (new or different); systemd was reloaded. */
  readonly changed: boolean;
  /** The unit was enabled by this call (it was not before). */
  readonly enabled: boolean;
  /** What was done to the running unit. */
  readonly action: 'none' | 'started' | 'restarted' | 'reloaded';
}

const UNIT_NAME = /^[A-Za-z0-9:_.\\@-]+\.(service|socket|target|timer|path|mount)$/;

function checkName(name: string): void {
  if (!UNIT_NAME.test(name)) {
    throw new ToolError('INVALID_UNIT_NAME', `${showValue(name)} is not a unit file name`, {
      hint: 'give a name like mesosd.service (letters, digits, ":_.\\@-", and a unit type suffix)',
    });
  }
}

/**
 * Writes the unit file atomically when its content changed, then daemon-reload, enable, and start (or restart a
 * running unit whose file changed). Installing the same text again does nothing at all: no reload, no restart.
 */
export async function installUnit(options: InstallUnitOptions): Promise<InstallUnitResult> {
  const { systemd, name } = options;
  checkName(name);
  const path = join(options.unitDir ?? SYSTEM_UNIT_DIR, name);
  const { changed } = await writeFileAtomic(path, options.text, { mode: 0o644 });
  const enabled = (await systemd.unitFileState(name).catch(() => 'unknown')) !== 'enabled';
  if (enabled) await systemd.enableUnitFiles([name]);
  // One reload covers both the new file and the new [Install] symlinks.
  if (changed || enabled) await systemd.reload();
  if (options.start === false) return { path, changed, enabled, action: 'none' };
  const { activeState } = await systemd.unitState(name);
  const running = activeState === 'active' || activeState === 'reloading' || activeState === 'activating';
  if (running && !changed) {
    if (options.reloadIfRunning !== true) return { path, changed, enabled, action: 'none' };
    await systemd.reloadUnit(name);
    return { path, changed, enabled, action: 'reloaded' };
  }
  if (running) {
    await systemd.restartUnit(name);
    return { path, changed, enabled, action: 'restarted' };
  }
  await systemd.startUnit(name);
  return { path, changed, enabled, action: 'started' };
}

export interface UninstallUnitOptions {
  readonly systemd: SystemdManager;
  readonly name: string;
  readonly unitDir?: string;
}

/** Stops and disables the unit, removes its file and reloads. Returns false when there was no file. */
export async function uninstallUnit(options: UninstallUnitOptions): Promise<boolean> {
  const { systemd, name } = options;
  checkName(name);
  const path = join(options.unitDir ?? SYSTEM_UNIT_DIR, name);
  const { loadState } = await systemd.unitState(name);
  if (loadState === 'loaded') {
    await systemd.stopUnit(name);
    await systemd.disableUnitFiles([name]);
  }
  let removed = true;
  await rm(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    removed = false;
  });
  await systemd.reload();
  return removed;
}

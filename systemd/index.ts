/** systemd for the wizard and mesosd: the Manager over D-Bus, the mesosd unit, installing it, sd_notify. */
export { connectSystemd, systemdManagerOn, type ConnectSystemdOptions, type JobOptions, type SystemdManager, type UnitFileChange, type UnitState } from './systemd-manager.js';
export { connectBus, systemBusAddress, DEFAULT_SYSTEM_BUS_ADDRESS, type BusConnection } from './dbus-connection.js';
export { readJournalTail, type JournalReader } from './journal-tail.js';
export { NO_SYSTEMD_HINT } from './systemd-errors.js';
export { MESOSD_UNIT_NAME, MIN_STOP_TIMEOUT_SEC, npxCachePaths, renderMesosdUnit, type MesosdUnitSettings } from './mesosd-unit.js';
export { installUnit, uninstallUnit, SYSTEM_UNIT_DIR, type InstallUnitOptions, type InstallUnitResult, type UninstallUnitOptions } from './install-unit.js';
export { silentNotifier, systemdNotifier, type Notifier } from './sd-notify.js';

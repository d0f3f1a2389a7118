import type { SystemdManager, UnitState } from '../../../systemd/systemd-manager.js';

/** An in-memory stand-in for our SystemdManager interface (not for D-Bus): records calls, keeps unit states. */
export function fakeSystemd(initial: { fileState?: string; activeState?: string } = {}): SystemdManager & { calls: string[] } {
  const calls: string[] = [];
  let fileState = initial.fileState ?? 'disabled';
  let activeState = initial.activeState ?? 'inactive';
  const state = (): UnitState => ({ loadState: 'loaded', activeState, subState: activeState === 'active' ? 'running' : 'dead' });
  return {
    calls,
    reload: async () => void calls.push('reload'),
    enableUnitFiles: async (names) => {
      calls.push(`enable ${names.join(' ')}`);
      fileState = 'enabled';
      return [];
    },
    disableUnitFiles: async (names) => {
      calls.push(`disable ${names.join(' ')}`);
      fileState = 'disabled';
      return [];
    },
    linkUnitFiles: async (paths) => {
      calls.push(`link ${paths.join(' ')}`);
      return [];
    },
    unitFileState: async () => fileState,
    startUnit: async (name) => {
      calls.push(`start ${name}`);
      activeState = 'active';
    },
    stopUnit: async (name) => {
      calls.push(`stop ${name}`);
      activeState = 'inactive';
    },
    restartUnit: async (name) => {
      calls.push(`restart ${name}`);
      activeState = 'active';
    },
    reloadUnit: async (name) => {
      calls.push(`reload ${name}`);
    },
    unitState: async () => state(),
    close: async () => undefined,
  };
}

import { hostKey, type ClusterPorts, type ClusterSettings } from '../model/cluster-settings.js';
import { addMember, deleteKey, removeMember, setKey } from './operations.js';
import { memberHosts } from './member-set.js';
import { MAP_PREFIXES, PORT_NAMES, settingsEntries } from './setting-keys.js';
import { MEMBER_LISTS, type ReplicatedState, type SettingValue } from './state-types.js';

/**
 * The cluster settings a state stands for: each register's winning value (tombstones left out), the members in the
 * order of their first add still in force, the map keys sorted. A required key the state lacks (only a state built
 * by hand or a partial one can) comes out as `''` or port `0`, which `validateClusterSettings` refuses.
 */
export function settingsOf(state: ReplicatedState): ClusterSettings {
  const live = (key: string): SettingValue | undefined => state.registers.get(key)?.value ?? undefined;
  const text = (key: string): string => {
    const value = live(key);
    return typeof value === 'string' ? value : '';
  };
  const ports = Object.fromEntries(PORT_NAMES.map((name) => {
    const value = live(`ports.${name}`);
    return [name, typeof value === 'number' ? value : 0];
  })) as unknown as ClusterPorts;
  const map = (prefix: string): Record<string, string> => Object.fromEntries(
    [...state.registers]
      .filter(([key, register]) => key.startsWith(prefix) && typeof register.value === 'string')
      .map(([key, register]) => [key.slice(prefix.length), register.value as string] as const)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
  );
  const scalaHome = live('scalaHome');
  return {
    mesosVersion: text('mesosVersion'),
    prefix: text('prefix'),
    javaHome: text('javaHome'),
    ...(typeof scalaHome === 'string' ? { scalaHome } : {}),
    sparkHome: text('sparkHome'),
    masters: memberHosts(state.members.masters),
    slaves: memberHosts(state.members.slaves),
    ports,
    mesosConf: map(MAP_PREFIXES.mesosConf),
    sparkEnv: map(MAP_PREFIXES.sparkEnv),
  };
}

/**
 * Applies what changed from `before` to `after` — and only that — to `state`: a write per key whose value differs
 * between the two, a delete per key `after` lacks, an add per host `after` gained, a remove per host it lost. For an
 * edit made against `before` while the state may have moved on (a peer's change that arrived meanwhile is kept,
 * where applySettings would put `before`'s value back).
 */
export function applySettingsChange(state: ReplicatedState, nodeId: string, before: ClusterSettings, after: ClusterSettings): ReplicatedState {
  const was = settingsEntries(before);
  const now = settingsEntries(after);
  let next = state;
  for (const key of was.keys()) {
    if (!now.has(key) && (state.registers.get(key)?.value ?? null) !== null) next = deleteKey(next, nodeId, key);
  }
  for (const [key, value] of now) if (was.get(key) !== value) next = setKey(next, nodeId, key, value);
  for (const list of MEMBER_LISTS) {
    const had = new Set(before[list].map(hostKey));
    const has = new Set(after[list].map(hostKey));
    for (const host of before[list]) if (!has.has(hostKey(host))) next = removeMember(next, nodeId, list, host);
    for (const host of after[list]) if (!had.has(hostKey(host))) next = addMember(next, nodeId, list, host);
  }
  return next;
}

/**
 * Turns whole new settings (a hand-edited file, a reconfigure) into the fewest operations by `nodeId`: a write per
 * key whose value differs, a delete per optional key that is gone, an add per new host and a remove per host that is
 * gone. The order of hosts in the new lists is not kept (members are ordered by their first add). Returns `state`
 * itself when nothing differs. Validating `settings` is the caller's job (`validateClusterSettings`).
 */
export function applySettings(state: ReplicatedState, nodeId: string, settings: ClusterSettings): ReplicatedState {
  const wanted = settingsEntries(settings);
  let next = state;
  for (const [key, register] of state.registers) {
    if (register.value !== null && !wanted.has(key)) next = deleteKey(next, nodeId, key);
  }
  for (const [key, value] of wanted) next = setKey(next, nodeId, key, value);
  for (const list of MEMBER_LISTS) {
    const kept = new Set(settings[list].map(hostKey));
    for (const host of memberHosts(state.members[list])) {
      if (!kept.has(hostKey(host))) next = removeMember(next, nodeId, list, host);
    }
    for (const host of settings[list]) next = addMember(next, nodeId, list, host);
  }
  return next;
}

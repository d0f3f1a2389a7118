import { sortedMap } from './member-set.js';
import { compareValues, compareVersions, type SettingRegister } from './state-types.js';

/** Orders registers by version, then value (equal versions only differ when a node broke the durability contract). */
export function compareRegisters(a: SettingRegister, b: SettingRegister): number {
  return compareVersions(a, b) || compareValues(a.value, b.value);
}

/** The register that wins: the newer version (Lamport counter, then node id). */
export function newerRegister(a: SettingRegister, b: SettingRegister): SettingRegister {
  return compareRegisters(a, b) >= 0 ? a : b;
}

/** Merges two replicas' registers key by key: every key of either, each with the winning write. */
export function mergeRegisters(
  a: ReadonlyMap<string, SettingRegister>,
  b: ReadonlyMap<string, SettingRegister>,
): ReadonlyMap<string, SettingRegister> {
  if (a === b) return a;
  const merged = new Map(a);
  for (const [key, register] of b) {
    const mine = merged.get(key);
    merged.set(key, mine === undefined ? register : newerRegister(mine, register));
  }
  return sortedMap(merged);
}

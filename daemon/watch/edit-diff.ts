import { showValue } from '../../src/errors.js';
import { hostKey } from '../../src/model/cluster-settings.js';

/**
 * True when two host lists hold the same hosts, compared as names are (case, brackets, trailing dot). Order does
 * not count: the replicated state keeps masters and slaves as sets.
 */
export function sameHosts(a: readonly string[], b: readonly string[]): boolean {
  const keys = (list: readonly string[]) => [...new Set(list.map(hostKey))].sort();
  const x = keys(a);
  const y = keys(b);
  return x.length === y.length && x.every((key, i) => key === y[i]);
}

/** True when two maps have the same keys with the same values. */
export function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && b[key] === a[key]);
}

/** `slaves: added node4, node5; removed node2`: the hosts `after` has that `before` lacks, and the other way round. */
export function hostsChange(name: string, before: readonly string[], after: readonly string[]): string {
  const missingFrom = (list: readonly string[]) => {
    const keys = new Set(list.map(hostKey));
    return (host: string) => !keys.has(hostKey(host));
  };
  const added = after.filter(missingFrom(before));
  const removed = before.filter(missingFrom(after));
  const parts = [
    ...(added.length === 0 ? [] : [`added ${added.join(', ')}`]),
    ...(removed.length === 0 ? [] : [`removed ${removed.join(', ')}`]),
  ];
  return `${name}: ${parts.join('; ') || 'no change'}`;
}

/** `mesos.conf: added quiet="true"; changed resources="cpus:4" (was "cpus:2"); removed foo`. */
export function mapChange(name: string, before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): string {
  const sorted = (record: Readonly<Record<string, string>>) => Object.keys(record).sort();
  const added = sorted(after).filter((key) => !Object.hasOwn(before, key)).map((key) => `${key}=${showValue(after[key])}`);
  const changed = sorted(after)
    .filter((key) => Object.hasOwn(before, key) && before[key] !== after[key])
    .map((key) => `${key}=${showValue(after[key])} (was ${showValue(before[key])})`);
  const removed = sorted(before).filter((key) => !Object.hasOwn(after, key));
  const parts = [
    ...(added.length === 0 ? [] : [`added ${added.join(', ')}`]),
    ...(changed.length === 0 ? [] : [`changed ${changed.join(', ')}`]),
    ...(removed.length === 0 ? [] : [`removed ${removed.join(', ')}`]),
  ];
  return `${name}: ${parts.join('; ') || 'no change'}`;
}

import { showValue } from '../errors.js';
import { compareVersions, STATE_LIMITS, type HistoryEntry, type SettingValue, type Version } from './state-types.js';

/**
 * Orders history entries by version; entries are identified by their version (each local write takes its own
 * counter), the rest only breaks ties that a broken durability contract could cause.
 */
export function compareEntries(a: HistoryEntry, b: HistoryEntry): number {
  const byVersion = compareVersions(a, b);
  if (byVersion !== 0 || a === b) return byVersion;
  const x = JSON.stringify([a.key, a.value, a.replaced]);
  const y = JSON.stringify([b.key, b.value, b.replaced]);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The union of two histories, oldest first, cut to the newest `STATE_LIMITS.history` entries. The newest N of a
 * union only depend on the newest N of each part, so this merge is commutative, associative and idempotent.
 */
export function mergeHistory(a: readonly HistoryEntry[], b: readonly HistoryEntry[]): readonly HistoryEntry[] {
  if (a === b || (a.length === b.length && a.every((entry, i) => entry === b[i]))) return a;
  const byId = new Map<string, HistoryEntry>();
  for (const entry of [...a, ...b]) {
    const id = `${entry.counter} ${entry.node}`;
    const known = byId.get(id);
    // Two different entries under one version: keep the same one everywhere.
    if (known === undefined || (known !== entry && compareEntries(entry, known) < 0)) byId.set(id, entry);
  }
  return [...byId.values()].sort(compareEntries).slice(-STATE_LIMITS.history);
}

/** One line of `mesosd config history`. */
export interface HistoryEvent {
  readonly entry: HistoryEntry;
  /** A write of the same key that the writer had not seen and that this write won over in a merge. */
  readonly overwroteConcurrent: HistoryEntry | undefined;
  /** E.g. `node2 overwrote ports.master 5050 -> 6060 (node1 wrote 5051 concurrently; overwritten)`. */
  readonly text: string;
}

const shown = (value: SettingValue | null): string => showValue(value);

function describeWrite(entry: HistoryEntry): string {
  const old = entry.replaced?.value ?? null;
  if (entry.value === null) return `${entry.node} deleted ${entry.key}${old === null ? '' : ` (was ${shown(old)})`}`;
  if (old === null) return `${entry.node} set ${entry.key} to ${shown(entry.value)}`;
  return `${entry.node} overwrote ${entry.key} ${shown(old)} -> ${shown(entry.value)}`;
}

function describeLoser(loser: HistoryEntry): string {
  const what = loser.value === null ? 'deleted it' : `wrote ${shown(loser.value)}`;
  return ` (${loser.node} ${what} concurrently; overwritten)`;
}

const isAfter = (entry: Version, replaced: Version | null): boolean =>
  replaced === null || compareVersions(entry, replaced) > 0;

/**
 * The history as people read it, oldest first. A write whose predecessor (the next older write of the same key) is
 * newer than what the writer replaced had not seen that predecessor: the two were concurrent and this one won.
 */
export function describeHistory(history: readonly HistoryEntry[]): HistoryEvent[] {
  const lastOfKey = new Map<string, HistoryEntry>();
  return [...history].sort(compareEntries).map((entry) => {
    const previous = lastOfKey.get(entry.key);
    lastOfKey.set(entry.key, entry);
    const concurrent = previous !== undefined && isAfter(previous, entry.replaced)
      ? previous : undefined;
    const text = describeWrite(entry) + (concurrent === undefined ? '' : describeLoser(concurrent));
    return { entry, overwroteConcurrent: concurrent, text };
  });
}

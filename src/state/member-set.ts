import { hostKey } from '../model/cluster-settings.js';
import { compareVersions, type MemberDot, type MemberSet, type Version } from './state-types.js';

/** A member list nobody has touched. */
export const EMPTY_MEMBER_SET: MemberSet = { dots: [], seen: new Map() };

const dotId = (dot: Version): string => `${dot.counter} ${dot.node}`;

/** Adds in version order, then host: the one order dots are kept in. */
export function compareDots(a: MemberDot, b: MemberDot): number {
  return compareVersions(a, b) || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0);
}

/**
 * The hosts in the list, each once (hosts are compared as `hostKey` does): ordered by their first add still in force,
 * then by host; a host added under two spellings is shown as its first add spelled it.
 */
export function memberHosts(set: MemberSet): string[] {
  const first = new Map<string, MemberDot>();
  for (const dot of set.dots) {
    const key = hostKey(dot.host);
    const known = first.get(key);
    if (known === undefined || compareDots(dot, known) < 0) first.set(key, dot);
  }
  return [...first.values()].sort(compareDots).map((dot) => dot.host);
}

/** True when `host` is in the list. */
export function hasMember(set: MemberSet, host: string): boolean {
  const key = hostKey(host);
  return set.dots.some((dot) => hostKey(dot.host) === key);
}

function seenWith(seen: ReadonlyMap<string, number>, version: Version): Map<string, number> {
  const next = new Map(seen);
  next.set(version.node, Math.max(version.counter, seen.get(version.node) ?? 0));
  return sortedMap(next);
}

/** The list with one more add. */
export function withAdd(set: MemberSet, dot: MemberDot): MemberSet {
  return { dots: [...set.dots, dot].sort(compareDots), seen: seenWith(set.seen, dot) };
}

/** The list without the adds of `host` this replica has seen; later or unseen adds of it survive a merge. */
export function withRemove(set: MemberSet, host: string, version: Version): MemberSet {
  const key = hostKey(host);
  return { dots: set.dots.filter((dot) => hostKey(dot.host) !== key), seen: seenWith(set.seen, version) };
}

/**
 * Merges two replicas of a list: an add both hold stays; an add only one holds stays unless the other has seen it
 * (then the other removed it). `seen` is the pointwise maximum. Commutative, associative and idempotent.
 */
export function mergeMemberSets(a: MemberSet, b: MemberSet): MemberSet {
  if (a === b) return a;
  const inA = new Map(a.dots.map((dot) => [dotId(dot), dot]));
  const inB = new Map(b.dots.map((dot) => [dotId(dot), dot]));
  const dots: MemberDot[] = [];
  for (const dot of a.dots) {
    const twin = inB.get(dotId(dot));
    if (twin !== undefined) dots.push(compareDots(dot, twin) <= 0 ? dot : twin);
    else if (dot.counter > (b.seen.get(dot.node) ?? 0)) dots.push(dot);
  }
  for (const dot of b.dots) {
    if (!inA.has(dotId(dot)) && dot.counter > (a.seen.get(dot.node) ?? 0)) dots.push(dot);
  }
  const seen = new Map(a.seen);
  for (const [node, counter] of b.seen) seen.set(node, Math.max(counter, seen.get(node) ?? 0));
  return { dots: dots.sort(compareDots), seen: sortedMap(seen) };
}

/** A map with its keys in code-unit order, so equal maps iterate (and serialize) alike. */
export function sortedMap<V>(map: ReadonlyMap<string, V>): Map<string, V> {
  return new Map([...map].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

/** A setting's value: text, or a port number (`ports.*`). */
export type SettingValue = string | number;

/** When a write happened: the writer's Lamport counter, then its node id (which breaks ties). */
export interface Version {
  readonly counter: number;
  readonly node: string;
}

/** One scalar setting as a last-writer-wins register; a `null` value is a tombstone (the key was deleted). */
export interface SettingRegister extends Version {
  readonly value: SettingValue | null;
}

/** One add of a host to a member list; its version (the "dot") names that add uniquely. */
export interface MemberDot extends Version {
  readonly host: string;
}

/** The two member lists of a cluster. */
export type MemberListName = 'masters' | 'slaves';

/** Both member lists, in the order they are stored and shown. */
export const MEMBER_LISTS: readonly MemberListName[] = ['masters', 'slaves'];

/**
 * An add-wins (observed-remove) set of hosts without tombstones: `dots` are the adds still in force; `seen` maps each
 * node to the newest counter of its adds and removes on this list that this replica has seen. An add that `seen`
 * covers but `dots` lacks was removed.
 */
export interface MemberSet {
  readonly dots: readonly MemberDot[];
  readonly seen: ReadonlyMap<string, number>;
}

/**
 * One local write of a setting (set or delete), kept in the bounded history: the new value and its version, and the
 * register the writer replaced (what it saw; `null` when it had none).
 */
export interface HistoryEntry extends Version {
  readonly key: string;
  readonly value: SettingValue | null;
  readonly replaced: SettingRegister | null;
}

/** The replicated cluster settings as one node holds them. Immutable: every operation returns a new state. */
export interface ReplicatedState {
  /** Scalar settings by key (`prefix`, `ports.master`, `mesosConf.<key>`, `sparkEnv.<NAME>`, ...). */
  readonly registers: ReadonlyMap<string, SettingRegister>;
  readonly members: Readonly<Record<MemberListName, MemberSet>>;
  /** The newest writes, oldest first, at most `STATE_LIMITS.history`. */
  readonly history: readonly HistoryEntry[];
}

/** Size bounds of a state: what parseState accepts and what the operations refuse to go beyond. */
export const STATE_LIMITS = {
  /** Registers, tombstones included. */
  keys: 512,
  keyLength: 160,
  valueLength: 4096,
  /** Adds in force per member list. */
  dots: 1024,
  /** Nodes in a member list's `seen`. */
  nodes: 1024,
  nodeIdLength: 255,
  hostLength: 255,
  /** History entries kept (the newest, across all keys). */
  history: 50,
} as const;

/** Orders versions: counter first, then node id (code-unit order). */
export function compareVersions(a: Version, b: Version): number {
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

/** A version as text, e.g. `12@node2`. */
export function versionText(version: Version): string {
  return `${version.counter}@${version.node}`;
}

/** A total order of values, so that equal versions with different values (a broken contract) still merge the same way. */
export function compareValues(a: SettingValue | null, b: SettingValue | null): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

import {
  MEMBER_LISTS, type HistoryEntry, type MemberListName, type MemberSet, type ReplicatedState, type SettingRegister,
  type SettingValue,
} from './state-types.js';

/** The wire and file format's version; parseState refuses any other. */
export const STATE_FORMAT = 1;

/** A register on the wire: `value` null is a tombstone. */
export interface RegisterJson {
  readonly value: SettingValue | null;
  readonly counter: number;
  readonly node: string;
}

/** A member list on the wire: the adds in force and the newest counter seen per node. */
export interface MemberSetJson {
  readonly dots: readonly { readonly host: string; readonly counter: number; readonly node: string }[];
  /** Node id → newest counter of its adds and removes seen. */
  readonly seen: Readonly<Record<string, number>>;
}

/** A history entry on the wire: the write (key, value, version) and the register it replaced. */
export interface HistoryEntryJson extends RegisterJson {
  readonly key: string;
  readonly replaced: RegisterJson | null;
}

/** The state as JSON: what peers exchange and the state file holds. Canonical: equal states give equal text. */
export interface StateJson {
  readonly format: typeof STATE_FORMAT;
  readonly registers: Readonly<Record<string, RegisterJson>>;
  readonly members: Readonly<Record<MemberListName, MemberSetJson>>;
  readonly history: readonly HistoryEntryJson[];
}

const byKey = <V>([x]: readonly [string, V], [y]: readonly [string, V]): number => (x < y ? -1 : x > y ? 1 : 0);

function registerJson(register: SettingRegister): RegisterJson {
  return { value: register.value, counter: register.counter, node: register.node };
}

function memberSetJson(set: MemberSet): MemberSetJson {
  return {
    dots: set.dots.map((dot) => ({ host: dot.host, counter: dot.counter, node: dot.node })),
    seen: Object.fromEntries([...set.seen].sort(byKey)),
  };
}

function historyEntryJson(entry: HistoryEntry): HistoryEntryJson {
  return {
    key: entry.key, value: entry.value, counter: entry.counter, node: entry.node,
    replaced: entry.replaced === null ? null : registerJson(entry.replaced),
  };
}

/**
 * The state as plain JSON data with every field in a fixed order (keys sorted, members and history in version order),
 * so `JSON.stringify(serializeState(s))` is the same on every node holding the same state.
 */
export function serializeState(state: ReplicatedState): StateJson {
  const registers = [...state.registers].sort(byKey).map(([key, register]) => [key, registerJson(register)] as const);
  return {
    format: STATE_FORMAT,
    registers: Object.fromEntries(registers),
    members: Object.fromEntries(MEMBER_LISTS.map((list) => [list, memberSetJson(state.members[list])])) as
      Record<MemberListName, MemberSetJson>,
    history: state.history.map(historyEntryJson),
  };
}

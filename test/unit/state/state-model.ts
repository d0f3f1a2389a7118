/**
 * A reference model of the replicated state for the property tests: each node knows a set of events (writes, adds,
 * removes); what it holds follows from the spec directly — a key's value is its write with the highest
 * (counter, node), a host is in a list while some add of it is known that no known remove observed.
 */
import { hostKey } from '../../../src/model/cluster-settings.js';
import type {
  HistoryEntry, MemberListName, ReplicatedState, SettingRegister, SettingValue,
} from '../../../src/state/state-types.js';
import { compareVersions } from '../../../src/state/state-types.js';

export interface WriteEvent {
  readonly kind: 'write';
  readonly counter: number;
  readonly node: string;
  readonly key: string;
  readonly value: SettingValue | null;
  readonly replaced: SettingRegister | null;
  /** Part of the initial state (not a write anyone made afterwards: not in the history). */
  readonly initial: boolean;
}

export interface AddEvent {
  readonly kind: 'add';
  readonly counter: number;
  readonly node: string;
  readonly list: MemberListName;
  readonly host: string;
}

export interface RemoveEvent {
  readonly kind: 'remove';
  readonly counter: number;
  readonly node: string;
  readonly list: MemberListName;
  /** The adds the remover saw. */
  readonly removes: readonly string[];
}

export type ModelEvent = WriteEvent | AddEvent | RemoveEvent;
/** What one node knows: events by id. */
export type ModelNode = ReadonlyMap<string, ModelEvent>;

export const eventId = (event: { counter: number; node: string }): string => `${event.counter} ${event.node}`;

/** The model of a starting state: its registers and adds as initial events, its history as writes. */
export function modelOf(state: ReplicatedState): ModelNode {
  const events = new Map<string, ModelEvent>();
  for (const [key, r] of state.registers) events.set(eventId(r), { kind: 'write', ...r, key, replaced: null, initial: true });
  for (const list of ['masters', 'slaves'] as const) {
    for (const dot of state.members[list].dots) events.set(eventId(dot), { kind: 'add', ...dot, list });
  }
  // Writes still in the history were made after the initial state: they belong in the history the nodes end with.
  for (const entry of state.history) events.set(eventId(entry), { kind: 'write', ...entry, initial: false });
  return events;
}

export function modelClock(node: ModelNode): number {
  return Math.max(0, ...[...node.values()].map((event) => event.counter));
}

export function modelRegister(node: ModelNode, key: string): SettingRegister | undefined {
  let winner: WriteEvent | undefined;
  for (const event of node.values()) {
    if (event.kind === 'write' && event.key === key && (winner === undefined || compareVersions(event, winner) > 0)) winner = event;
  }
  return winner === undefined ? undefined : { value: winner.value, counter: winner.counter, node: winner.node };
}

export function modelKeys(node: ModelNode): string[] {
  return [...new Set([...node.values()].flatMap((event) => (event.kind === 'write' ? [event.key] : [])))].sort();
}

/** The adds in force: known and not observed by any known remove. */
export function modelLiveAdds(node: ModelNode, list: MemberListName, host?: string): AddEvent[] {
  const removed = new Set([...node.values()].flatMap((event) => (event.kind === 'remove' ? event.removes : [])));
  return [...node.values()].filter((event): event is AddEvent =>
    event.kind === 'add' && event.list === list && !removed.has(eventId(event)) &&
    (host === undefined || hostKey(event.host) === hostKey(host)));
}

export function modelHostKeys(node: ModelNode, list: MemberListName): string[] {
  return [...new Set(modelLiveAdds(node, list).map((add) => hostKey(add.host)))].sort();
}

export function withEvent(node: ModelNode, event: ModelEvent): ModelNode {
  return new Map(node).set(eventId(event), event);
}

export function unionOf(a: ModelNode, b: ModelNode): ModelNode {
  return new Map([...a, ...b]);
}

/** The history every node must end with once it knows all events: the newest `limit` writes after the initial state. */
export function modelHistory(node: ModelNode, limit: number): HistoryEntry[] {
  return [...node.values()]
    .filter((event): event is WriteEvent => event.kind === 'write' && !event.initial)
    .sort(compareVersions)
    .slice(-limit)
    .map(({ key, value, counter, node: writer, replaced }) => ({ key, value, counter, node: writer, replaced }));
}

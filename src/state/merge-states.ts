import { contentHash } from '../fs/content-hash.js';
import { mergeHistory } from './history.js';
import { clockOf } from './lamport-clock.js';
import { mergeMemberSets } from './member-set.js';
import { mergeRegisters } from './registers.js';
import { serializeState } from './state-json.js';
import type { ReplicatedState } from './state-types.js';

/**
 * Merges two replicas (or a replica and a delta): registers key by key (newer version wins), member lists as add-wins
 * sets, histories as a bounded union. Commutative, associative and idempotent, so every node that has received the
 * same writes holds the same state, whatever the order they came in.
 */
export function mergeStates(a: ReplicatedState, b: ReplicatedState): ReplicatedState {
  if (a === b) return a;
  return {
    registers: mergeRegisters(a.registers, b.registers),
    members: {
      masters: mergeMemberSets(a.members.masters, b.members.masters),
      slaves: mergeMemberSets(a.members.slaves, b.members.slaves),
    },
    history: mergeHistory(a.history, b.history),
  };
}

/**
 * A short version for status lines, e.g. `42-1f3a9c0b`: the Lamport clock (grows with every change) and a content
 * hash of the serialized state; the same on every node that holds the same state.
 */
export function stateVersion(state: ReplicatedState, text = stateText(state)): string {
  return `${clockOf(state)}-${contentHash(text).slice(0, 8)}`;
}

/** The state's serialized form as one line: equal for equal states (a holder can keep it to compare and version). */
export function stateText(state: ReplicatedState): string {
  return JSON.stringify(serializeState(state));
}

/** True when two states are the same (same serialized form). */
export function sameState(a: ReplicatedState, b: ReplicatedState): boolean {
  return a === b || stateText(a) === stateText(b);
}

import { ToolError } from '../errors.js';
import { MEMBER_LISTS, type ReplicatedState } from './state-types.js';

/** The node's Lamport clock: the highest counter anywhere in the state (everything it has seen is in it). */
export function clockOf(state: ReplicatedState): number {
  let max = 0;
  for (const register of state.registers.values()) max = Math.max(max, register.counter);
  for (const list of MEMBER_LISTS) {
    for (const counter of state.members[list].seen.values()) max = Math.max(max, counter);
  }
  for (const entry of state.history) max = Math.max(max, entry.counter, entry.replaced?.counter ?? 0);
  return max;
}

/** The counter of the next local operation: max(seen) + 1. */
export function nextCounter(state: ReplicatedState): number {
  const next = clockOf(state) + 1;
  if (!Number.isSafeInteger(next)) {
    throw new ToolError('STATE_FULL', 'the Lamport counter of the replicated state cannot grow any further', {
      hint: 'a peer sent a state with an absurd counter; recreate the cluster state from `mesosd config get`',
    });
  }
  return next;
}

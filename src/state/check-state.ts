import { assertNoProblems, type Problem } from '../errors.js';
import { validateClusterSettings } from '../model/validate-settings.js';
import { mergeStates } from './merge-states.js';
import { settingsOf } from './settings-of.js';
import { MEMBER_LISTS, STATE_LIMITS, type ReplicatedState } from './state-types.js';

/** The bounds a merge can exceed although each side was within them (parseState checks the rest). */
export function stateBoundProblems(state: ReplicatedState): Problem[] {
  const problems: Problem[] = [];
  if (state.registers.size > STATE_LIMITS.keys) {
    problems.push({ field: 'registers', value: `${state.registers.size} keys`, expected: `${STATE_LIMITS.keys} keys at most` });
  }
  for (const list of MEMBER_LISTS) {
    const { dots, seen } = state.members[list];
    if (dots.length > STATE_LIMITS.dots) problems.push({ field: list, value: `${dots.length} adds`, expected: `${STATE_LIMITS.dots} adds at most` });
    if (seen.size > STATE_LIMITS.nodes) problems.push({ field: `${list} seen`, value: `${seen.size} nodes`, expected: `${STATE_LIMITS.nodes} nodes at most` });
  }
  return problems;
}

/**
 * Throws one ToolError (`INVALID_STATE`) listing every problem of the settings `state` stands for
 * (`validateClusterSettings(settingsOf(state))`) and of its size; returns when there are none. Run it on a merge
 * before keeping it, so a peer's state that would give invalid settings is refused whole.
 */
export function checkMergedState(state: ReplicatedState): void {
  const problems = [...stateBoundProblems(state), ...validateClusterSettings(settingsOf(state))];
  const hint = 'nothing was applied; fix the setting on the node that wrote it (`mesosd config history` shows who), ' +
    'or set it again here: a newer write wins everywhere';
  assertNoProblems(problems, 'INVALID_STATE', 'The merged state would give invalid cluster settings', hint);
}

/** Merges a peer's state (or delta) into `local` and checks the result; throws `INVALID_STATE` and applies nothing. */
export function mergeRemoteState(local: ReplicatedState, remote: ReplicatedState): ReplicatedState {
  const merged = mergeStates(local, remote);
  checkMergedState(merged);
  return merged;
}

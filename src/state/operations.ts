import { showValue, ToolError } from '../errors.js';
import type { ClusterSettings } from '../model/cluster-settings.js';
import { mergeHistory } from './history.js';
import { checkHostText, checkNodeId } from './identifiers.js';
import { nextCounter } from './lamport-clock.js';
import { EMPTY_MEMBER_SET, hasMember, sortedMap, withAdd, withRemove } from './member-set.js';
import { checkSettingEntry, REQUIRED_KEYS, settingKind, settingsEntries } from './setting-keys.js';
import {
  MEMBER_LISTS, STATE_LIMITS, type MemberListName, type MemberSet, type ReplicatedState, type SettingRegister,
  type SettingValue,
} from './state-types.js';

/** A state with no settings and no members: what a joining node has before its first merge. */
export function emptyState(): ReplicatedState {
  return { registers: new Map(), members: { masters: EMPTY_MEMBER_SET, slaves: EMPTY_MEMBER_SET }, history: [] };
}

/**
 * The state of a new cluster (or of a node migrating its `cluster.json`): every setting and member written by
 * `nodeId`, one counter each, in a fixed order, so the same settings always give the same state. No history.
 */
export function initialState(nodeId: string, settings: ClusterSettings): ReplicatedState {
  let state = emptyState();
  for (const [key, value] of settingsEntries(settings)) state = setKey(state, nodeId, key, value);
  for (const list of MEMBER_LISTS) {
    for (const host of settings[list]) state = addMember(state, nodeId, list, host);
  }
  return { ...state, history: [] };
}

/**
 * Sets one scalar setting (`prefix`, `ports.master`, `mesosConf.<key>`, `sparkEnv.<NAME>`, ...) as a write of
 * `nodeId` with the next Lamport counter, and records it in the history. Setting the value a key already has returns
 * `state` itself. Throws `BAD_SETTING` for an unknown key or a value of the wrong type, `STATE_FULL` past the bounds.
 */
export function setKey(state: ReplicatedState, nodeId: string, key: string, value: SettingValue): ReplicatedState {
  assertNodeId(nodeId);
  const expected = checkSettingEntry(key, value);
  if (expected !== undefined) throw badSetting(`cannot set ${key} to ${showValue(value)}`, key, value, expected);
  const current = state.registers.get(key);
  if (current !== undefined && current.value === value) return state;
  return write(state, nodeId, key, value, current);
}

/**
 * Deletes an optional setting (`scalaHome`, `mesosConf.<key>`, `sparkEnv.<NAME>`): its register becomes a tombstone,
 * so the delete wins over older writes everywhere. A key that is absent returns `state` itself. Throws `BAD_SETTING`
 * for an unknown or a required key.
 */
export function deleteKey(state: ReplicatedState, nodeId: string, key: string): ReplicatedState {
  assertNodeId(nodeId);
  if (settingKind(key) === undefined || REQUIRED_KEYS.includes(key)) {
    const expected = 'a setting that may be absent: scalaHome, mesosConf.<key> or sparkEnv.<NAME> (required ones are set, not deleted)';
    throw badSetting(`cannot delete ${key}`, key, undefined, expected);
  }
  const current = state.registers.get(key);
  if (current === undefined || current.value === null) return state;
  return write(state, nodeId, key, null, current);
}

/**
 * Adds `host` to a member list as an add of `nodeId`. A host already in the list (compared as `hostKey` does) returns
 * `state` itself. A concurrent remove that has not seen this add does not undo it (add wins).
 */
export function addMember(state: ReplicatedState, nodeId: string, list: MemberListName, host: string): ReplicatedState {
  const set = memberSet(state, nodeId, list, host);
  if (hasMember(set, host)) return state;
  if (set.dots.length >= STATE_LIMITS.dots) throw stateFull(`${list} holds ${STATE_LIMITS.dots} adds already`);
  return withMembers(state, list, withAdd(set, { host, counter: nextCounter(state), node: nodeId }));
}

/** Removes `host` from a member list: the adds of it this state has seen, no others. Absent: `state` itself. */
export function removeMember(state: ReplicatedState, nodeId: string, list: MemberListName, host: string): ReplicatedState {
  const set = memberSet(state, nodeId, list, host);
  if (!hasMember(set, host)) return state;
  return withMembers(state, list, withRemove(set, host, { counter: nextCounter(state), node: nodeId }));
}

function write(state: ReplicatedState, node: string, key: string, value: SettingValue | null,
  current: SettingRegister | undefined): ReplicatedState {
  if (current === undefined && state.registers.size >= STATE_LIMITS.keys) {
    throw stateFull(`the state holds ${STATE_LIMITS.keys} keys already (deleted ones included)`);
  }
  const counter = nextCounter(state);
  const registers = sortedMap(new Map(state.registers).set(key, { value, counter, node }));
  const history = mergeHistory(state.history, [{ key, value, counter, node, replaced: current ?? null }]);
  return { ...state, registers, history };
}

function memberSet(state: ReplicatedState, nodeId: string, list: MemberListName, host: string): MemberSet {
  assertNodeId(nodeId);
  if (!MEMBER_LISTS.includes(list)) {
    throw badSetting(`there is no member list ${showValue(list)}`, 'list', list, 'masters or slaves');
  }
  const expected = checkHostText(host);
  if (expected !== undefined) throw badSetting(`cannot use ${showValue(host)} in ${list}`, list, host, expected);
  const set = state.members[list];
  if (!set.seen.has(nodeId) && set.seen.size >= STATE_LIMITS.nodes) {
    throw stateFull(`${STATE_LIMITS.nodes} nodes have changed ${list} already`);
  }
  return set;
}

function withMembers(state: ReplicatedState, list: MemberListName, set: MemberSet): ReplicatedState {
  return { ...state, members: { ...state.members, [list]: set } };
}

function assertNodeId(nodeId: string): void {
  const expected = checkNodeId(nodeId);
  if (expected !== undefined) throw badSetting(`${showValue(nodeId)} is not a node id`, 'node id', nodeId, expected);
}

function badSetting(what: string, field: string, value: unknown, expected: string): ToolError {
  return new ToolError('BAD_SETTING', `${what}: expected ${expected}`, {
    problems: [{ field, value, expected }],
    hint: '`mesosd config get` lists the settings and their values',
  });
}

function stateFull(why: string): ToolError {
  return new ToolError('STATE_FULL', `the replicated state is full: ${why}`, {
    hint: 'remove settings or hosts that are no longer used',
  });
}

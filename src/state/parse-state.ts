import { assertNoProblems } from '../errors.js';
import { mergeHistory } from './history.js';
import { checkHostText, checkNodeId } from './identifiers.js';
import { compareDots, sortedMap } from './member-set.js';
import { boundedArray, boundedEntries, check, exactRecord, readVersion, type ProblemList } from './parse-fields.js';
import { checkSettingEntry, settingKind } from './setting-keys.js';
import { STATE_FORMAT } from './state-json.js';
import {
  MEMBER_LISTS, STATE_LIMITS, type HistoryEntry, type MemberDot, type MemberListName, type MemberSet,
  type ReplicatedState, type SettingRegister,
} from './state-types.js';

const MAX_PROBLEMS_SHOWN = 20;

/**
 * Reads a state from JSON data (a peer's message, the state file) with every field checked: known fields only, each
 * of its type, values typed for their keys, sizes within `STATE_LIMITS`, every add covered by its list's `seen`.
 * Throws one ToolError (`BAD_STATE`) naming each problem (the first 20). Whether the settings it stands for are
 * valid is `checkMergedState`'s question.
 */
export function parseState(json: unknown): ReplicatedState {
  const problems: ProblemList = [];
  const top = exactRecord(problems, 'state', json, ['format', 'registers', 'members', 'history']);
  if (top !== undefined) {
    check(problems, 'state.format', top['format'], top['format'] === STATE_FORMAT ? undefined : `format ${STATE_FORMAT}`);
  }
  const registers = top === undefined ? undefined : readRegisters(problems, top['registers']);
  const memberRecord = top === undefined ? undefined : exactRecord(problems, 'state.members', top['members'], MEMBER_LISTS);
  const members = memberRecord === undefined ? undefined : {
    masters: readMemberSet(problems, 'masters', memberRecord['masters']),
    slaves: readMemberSet(problems, 'slaves', memberRecord['slaves']),
  };
  const history = top === undefined ? undefined : readHistory(problems, top['history']);
  const hint = 'the state was refused whole and nothing was applied; if it is the state file, restore it or move it ' +
    'away (mesosd then starts from cluster.json and pulls newer state from its peers)';
  assertNoProblems(problems.slice(0, MAX_PROBLEMS_SHOWN), 'BAD_STATE', 'The replicated state is not valid', hint);
  // No problems means every part was read.
  return { registers: registers!, members: members as Record<MemberListName, MemberSet>, history: history! };
}

/** A register of `key`, or undefined after adding the problems. */
export function readRegister(problems: ProblemList, field: string, key: string, value: unknown): SettingRegister | undefined {
  const record = exactRecord(problems, field, value, ['value', 'counter', 'node']);
  if (record === undefined) return undefined;
  const version = readVersion(problems, field, record);
  const stored = record['value'];
  const valueOk = stored === null || check(problems, `${field}.value`, stored, checkSettingEntry(key, stored));
  return version !== undefined && valueOk ? { value: stored as SettingRegister['value'], ...version } : undefined;
}

function readRegisters(problems: ProblemList, value: unknown): Map<string, SettingRegister> | undefined {
  const entries = boundedEntries(problems, 'state.registers', value, STATE_LIMITS.keys);
  if (entries === undefined) return undefined;
  const registers = new Map<string, SettingRegister>();
  for (const [key, raw] of entries) {
    if (settingKind(key) === undefined) {
      problems.push({ field: `state.registers.${key}`, value: key, expected: checkSettingEntry(key, '') ?? 'a setting key' });
      continue;
    }
    const register = readRegister(problems, `state.registers.${key}`, key, raw);
    if (register !== undefined) registers.set(key, register);
  }
  return sortedMap(registers);
}

function readMemberSet(problems: ProblemList, list: MemberListName, value: unknown): MemberSet | undefined {
  const field = `state.members.${list}`;
  const record = exactRecord(problems, field, value, ['dots', 'seen']);
  if (record === undefined) return undefined;
  const seen = new Map<string, number>();
  for (const [node, counter] of boundedEntries(problems, `${field}.seen`, record['seen'], STATE_LIMITS.nodes) ?? []) {
    const nodeOk = check(problems, `${field}.seen`, node, checkNodeId(node));
    const counterOk = check(problems, `${field}.seen.${node}`, counter, Number.isSafeInteger(counter) && (counter as number) > 0 ? undefined : 'a counter (a positive integer)');
    if (nodeOk && counterOk) seen.set(node, counter as number);
  }
  const dots: MemberDot[] = [];
  const ids = new Set<string>();
  (boundedArray(problems, `${field}.dots`, record['dots'], STATE_LIMITS.dots) ?? []).forEach((raw, index) => {
    const at = `${field}.dots[${index}]`;
    const dot = exactRecord(problems, at, raw, ['host', 'counter', 'node']);
    const version = dot === undefined ? undefined : readVersion(problems, at, dot);
    if (dot === undefined || version === undefined || !check(problems, `${at}.host`, dot['host'], checkHostText(dot['host']))) return;
    const id = `${version.counter} ${version.node}`;
    if (ids.has(id)) problems.push({ field: at, value: id, expected: 'each add once (two adds with the same version)' });
    else if (version.counter > (seen.get(version.node) ?? 0)) {
      problems.push({ field: at, value: id, expected: `an add that ${field}.seen covers (${version.node} at ${version.counter} or later)` });
    }
    ids.add(id);
    dots.push({ ...version, host: dot['host'] as string });
  });
  return { dots: dots.sort(compareDots), seen: sortedMap(seen) };
}

function readHistory(problems: ProblemList, value: unknown): readonly HistoryEntry[] | undefined {
  const items = boundedArray(problems, 'state.history', value, STATE_LIMITS.history);
  if (items === undefined) return undefined;
  const entries: HistoryEntry[] = [];
  items.forEach((raw, index) => {
    const at = `state.history[${index}]`;
    const record = exactRecord(problems, at, raw, ['key', 'value', 'counter', 'node', 'replaced']);
    if (record === undefined) return;
    const key = record['key'];
    if (!check(problems, `${at}.key`, key, typeof key === 'string' && settingKind(key) !== undefined ? undefined : 'a setting key')) return;
    const written = readRegister(problems, at, key as string, { value: record['value'], counter: record['counter'], node: record['node'] });
    const replaced = record['replaced'] === null ? null : readRegister(problems, `${at}.replaced`, key as string, record['replaced']);
    if (written !== undefined && replaced !== undefined) entries.push({ key: key as string, ...written, replaced });
  });
  const merged = mergeHistory([], entries);
  if (merged.length !== entries.length) problems.push({ field: 'state.history', value: `${entries.length} entries`, expected: 'each write once (two entries with the same version)' });
  return merged;
}

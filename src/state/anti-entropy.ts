import { assertNoProblems } from '../errors.js';
import { contentHash } from '../fs/content-hash.js';
import { checkNodeId } from './identifiers.js';
import { EMPTY_MEMBER_SET } from './member-set.js';
import { boundedArray, check, exactRecord, type ProblemList } from './parse-fields.js';
import { settingKind } from './setting-keys.js';
import {
  compareVersions, MEMBER_LISTS, STATE_LIMITS, type MemberListName, type MemberSet, type ReplicatedState,
  type SettingRegister,
} from './state-types.js';

/**
 * What a peer needs to tell what it lacks, as plain JSON: each register's version (`[key, counter, node]`, by key),
 * each member list's `seen` (`[node, counter]`, by node; equal `seen` means equal lists), and a hash of the history's
 * versions. Equal states give equal digests.
 */
export interface StateDigest {
  readonly registers: readonly (readonly [key: string, counter: number, node: string])[];
  readonly members: Readonly<Record<MemberListName, readonly (readonly [node: string, counter: number])[]>>;
  readonly history: string;
}

const historyHash = (state: ReplicatedState): string =>
  contentHash(state.history.map((entry) => `${entry.counter} ${entry.node}`).join('\n')).slice(0, 16);

const byFirst = (x: readonly [string, ...unknown[]], y: readonly [string, ...unknown[]]): number =>
  x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0;

/** The digest of a state, for anti-entropy: a peer answers it with `delta`. */
export function digest(state: ReplicatedState): StateDigest {
  return {
    registers: [...state.registers].map(([key, r]) => [key, r.counter, r.node] as const).sort(byFirst),
    members: {
      masters: [...state.members.masters.seen].sort(byFirst),
      slaves: [...state.members.slaves.seen].sort(byFirst),
    },
    history: historyHash(state),
  };
}

/**
 * What the holder of `remote` lacks, as a partial state: each register newer than the remote's or unknown to it,
 * each member list whole when it has seen something the remote has not (an add-wins set cannot be cut into parts
 * without losing the removes), and the whole history when the histories differ. Merging it is applying it:
 * `mergeStates(theirs, delta(mine, digest(theirs)))` equals `mergeStates(theirs, mine)`.
 */
export function delta(state: ReplicatedState, remote: StateDigest): ReplicatedState {
  const remoteVersions = new Map(remote.registers.map(([key, counter, node]) => [key, { counter, node }]));
  const registers = new Map<string, SettingRegister>();
  for (const [key, register] of state.registers) {
    const theirs = remoteVersions.get(key);
    if (theirs === undefined || compareVersions(register, theirs) > 0) registers.set(key, register);
  }
  const listDelta = (list: MemberListName): MemberSet => {
    const theirs = new Map(remote.members[list]);
    const set = state.members[list];
    const ahead = [...set.seen].some(([node, counter]) => counter > (theirs.get(node) ?? 0));
    return ahead ? set : EMPTY_MEMBER_SET;
  };
  return {
    registers,
    members: { masters: listDelta('masters'), slaves: listDelta('slaves') },
    history: remote.history === historyHash(state) ? [] : state.history,
  };
}

/** True for a delta that holds nothing (nothing to send). */
export function isEmptyState(state: ReplicatedState): boolean {
  return state.registers.size === 0 && state.history.length === 0 &&
    MEMBER_LISTS.every((list) => state.members[list].seen.size === 0 && state.members[list].dots.length === 0);
}

/** Reads a peer's digest with every field checked; throws one ToolError (`BAD_DIGEST`) naming each problem. */
export function parseDigest(json: unknown): StateDigest {
  const problems: ProblemList = [];
  const top = exactRecord(problems, 'digest', json, ['registers', 'members', 'history']);
  const registers: [string, number, string][] = [];
  const members: Record<MemberListName, [string, number][]> = { masters: [], slaves: [] };
  if (top !== undefined) {
    const keys = new Set<string>();
    (boundedArray(problems, 'digest.registers', top['registers'], STATE_LIMITS.keys) ?? []).forEach((item, index) => {
      const field = `digest.registers[${index}]`;
      const ok = Array.isArray(item) && item.length === 3 && typeof item[0] === 'string' &&
        settingKind(item[0]) !== undefined && !keys.has(item[0]) && isCounter(item[1]) && checkNodeId(item[2]) === undefined;
      if (check(problems, field, item, ok ? undefined : '[key, counter, node] with a setting key listed once')) {
        keys.add((item as unknown[])[0] as string);
        registers.push(item as [string, number, string]);
      }
    });
    const lists = exactRecord(problems, 'digest.members', top['members'], MEMBER_LISTS);
    for (const list of lists === undefined ? [] : MEMBER_LISTS) {
      const nodes = new Set<string>();
      (boundedArray(problems, `digest.members.${list}`, lists?.[list], STATE_LIMITS.nodes) ?? []).forEach((item, index) => {
        const ok = Array.isArray(item) && item.length === 2 && checkNodeId(item[0]) === undefined &&
          !nodes.has(item[0] as string) && isCounter(item[1]);
        if (check(problems, `digest.members.${list}[${index}]`, item, ok ? undefined : '[node, counter] with each node once')) {
          nodes.add((item as unknown[])[0] as string);
          members[list].push(item as [string, number]);
        }
      });
    }
    const history = top['history'];
    check(problems, 'digest.history', history, typeof history === 'string' && /^[0-9a-f]{16}$/.test(history) ? undefined : '16 hex digits');
  }
  assertNoProblems(problems.slice(0, 20), 'BAD_DIGEST', "The peer's digest is not valid", 'the request was refused; nothing was sent');
  return { registers, members, history: top?.['history'] as string };
}

const isCounter = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) > 0;

import { describe, expect, test } from '@jest/globals';
import { isToolError } from '../../../src/errors.js';
import { delta, digest, isEmptyState, parseDigest } from '../../../src/state/anti-entropy.js';
import { mergeStates } from '../../../src/state/merge-states.js';
import { addMember, initialState, removeMember, setKey } from '../../../src/state/operations.js';
import { BASE_SETTINGS, stateText } from './state-fixtures.js';

const base = initialState('node1', BASE_SETTINGS);

describe('digest', () => {
  test('is the versions of every key and list, and equal for equal states', () => {
    const a = setKey(base, 'node2', 'ports.master', 6060);
    const b = setKey(base, 'node3', 'sparkEnv.A', 'x');
    const d = digest(mergeStates(a, b));
    expect(d).toEqual(digest(mergeStates(b, a)));
    expect(d.registers).toContainEqual(['ports.master', a.registers.get('ports.master')?.counter, 'node2']);
    expect(d.members.slaves).toEqual([['node1', base.members.slaves.seen.get('node1')]]);
    expect(d.history).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe('delta', () => {
  test('is empty between nodes in sync', () => {
    expect(isEmptyState(delta(base, digest(base)))).toBe(true);
  });

  test('holds only the registers the peer lacks or has older, and the history when it differs', () => {
    const mine = setKey(setKey(base, 'node1', 'ports.master', 6060), 'node1', 'sparkEnv.NEW', 'x');
    const theirs = setKey(base, 'node2', 'prefix', '/opt/mesos');
    const sent = delta(mine, digest(theirs));
    expect([...sent.registers.keys()].sort()).toEqual(['ports.master', 'sparkEnv.NEW']);
    expect(sent.members.slaves.seen.size).toBe(0);
    expect(sent.history).toEqual(mine.history);
    expect(stateText(mergeStates(theirs, sent))).toBe(stateText(mergeStates(theirs, mine)));
    // The peer's newer prefix is not sent back to it.
    expect(delta(mergeStates(mine, theirs), digest(theirs)).registers.has('prefix')).toBe(false);
  });

  test('holds a member list whole when this node has seen a change the peer has not, so removes travel too', () => {
    const mine = removeMember(addMember(base, 'node4', 'slaves', 'node4'), 'node1', 'slaves', 'node2');
    const sent = delta(mine, digest(base));
    expect(sent.members.slaves).toEqual(mine.members.slaves);
    expect(sent.members.masters.dots).toEqual([]);
    expect(stateText(mergeStates(base, sent))).toBe(stateText(mergeStates(base, mine)));
  });
});

describe('parseDigest', () => {
  const good = (): Record<string, any> => JSON.parse(JSON.stringify(digest(base))) as Record<string, any>;

  test('reads a digest back', () => {
    expect(parseDigest(good())).toEqual(digest(base));
  });

  test.each([
    ['an extra field', (d: Record<string, any>) => ({ ...d, more: 1 }), 'digest.more'],
    ['an unknown key', (d: Record<string, any>) => ({ ...d, registers: [['nope', 1, 'node1']] }), 'digest.registers[0]'],
    ['a key twice', (d: Record<string, any>) => ({ ...d, registers: [d['registers'][0], d['registers'][0]] }), 'digest.registers[1]'],
    ['a bad counter', (d: Record<string, any>) => ({ ...d, members: { ...d['members'], slaves: [['node1', 0]] } }), 'digest.members.slaves[0]'],
    ['a bad history hash', (d: Record<string, any>) => ({ ...d, history: 'x' }), 'digest.history'],
    ['a missing list', (d: Record<string, any>) => ({ ...d, members: { slaves: [] } }), 'digest.members.masters'],
  ])('refuses %s with BAD_DIGEST naming it', (_name, breakIt, field) => {
    let error: unknown;
    try {
      parseDigest(breakIt(good()));
    } catch (caught) {
      error = caught;
    }
    expect(isToolError(error) && error.code).toBe('BAD_DIGEST');
    expect(isToolError(error) && error.problems.map((p) => p.field)).toContain(field);
  });
});

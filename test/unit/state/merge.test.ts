import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { describeHistory } from '../../../src/state/history.js';
import { mergeStates, sameState, stateVersion } from '../../../src/state/merge-states.js';
import { addMember, initialState, removeMember, setKey } from '../../../src/state/operations.js';
import { settingsOf } from '../../../src/state/settings-of.js';
import type { ReplicatedState } from '../../../src/state/state-types.js';
import { BASE_SETTINGS, stateText } from './state-fixtures.js';

const base = initialState('node1', BASE_SETTINGS);
const mergeAll = (states: readonly ReplicatedState[]): ReplicatedState => states.reduce(mergeStates);

describe('concurrent changes', () => {
  test('to different keys both survive', () => {
    const a = setKey(base, 'node1', 'ports.master', 6050);
    const b = setKey(base, 'node2', 'sparkEnv.SPARK_MEM', '4g');
    for (const merged of [mergeStates(a, b), mergeStates(b, a)]) {
      expect(settingsOf(merged).ports.master).toBe(6050);
      expect(settingsOf(merged).sparkEnv).toEqual({ SPARK_MEM: '4g' });
    }
  });

  test('to one key converge to the write of the higher node id when the counters tie, with the loser in the history', () => {
    const a = setKey(base, 'node1', 'ports.master', 5051);
    const b = setKey(base, 'node2', 'ports.master', 6060);
    expect(a.registers.get('ports.master')?.counter).toBe(b.registers.get('ports.master')?.counter);
    const ab = mergeStates(a, b);
    expect(stateText(ab)).toBe(stateText(mergeStates(b, a)));
    expect(settingsOf(ab).ports.master).toBe(6060);
    expect(describeHistory(ab.history).map((event) => event.text)).toEqual([
      'node1 overwrote ports.master 5050 -> 5051',
      'node2 overwrote ports.master 5050 -> 6060 (node1 wrote 5051 concurrently; overwritten)',
    ]);
  });

  test('to one key: the write that saw more (a higher counter) wins over a lower node id', () => {
    const seenMore = setKey(setKey(base, 'node1', 'prefix', '/opt/a'), 'node1', 'prefix', '/opt/b');
    const other = setKey(base, 'node9', 'prefix', '/opt/z');
    expect(settingsOf(mergeStates(other, seenMore)).prefix).toBe('/opt/b');
  });

  test('an add wins over a concurrent remove that did not see it; a remove takes what it saw', () => {
    const removed = removeMember(base, 'node1', 'slaves', 'node2');
    const readded = addMember(removeMember(base, 'node3', 'slaves', 'node2'), 'node3', 'slaves', 'node2');
    expect(settingsOf(mergeStates(removed, readded)).slaves).toContain('node2');
    expect(settingsOf(mergeStates(readded, removed)).slaves).toContain('node2');
    // A remove and an add of another host under a second spelling: the remove only took the add it saw.
    const respelled = addMember(base, 'node4', 'masters', 'node5');
    const merged = mergeStates(removeMember(respelled, 'node1', 'masters', 'NODE5'), addMember(base, 'node5', 'masters', 'Node5'));
    expect(settingsOf(merged).masters).toEqual(['node1', 'Node5']);
  });

  test('a host added under two spellings is listed once', () => {
    const merged = mergeStates(addMember(base, 'node4', 'slaves', 'node4'), addMember(base, 'node5', 'slaves', 'NODE4'));
    expect(settingsOf(merged).slaves).toEqual(['node2', 'node3', 'node4']);
  });

  test('ten nodes joining at once all end up in slaves, whatever order their states arrive in', () => {
    const joiners = Array.from({ length: 10 }, (_, i) => `joiner${i}`);
    const joined = joiners.map((host) => addMember(base, host, 'slaves', host));
    const leaving = removeMember(base, 'node3', 'slaves', 'node3');
    fc.assert(fc.property(fc.shuffledSubarray([...joined, leaving], { minLength: 11 }), (order) => {
      const merged = mergeAll([base, ...order]);
      expect([...settingsOf(merged).slaves].sort()).toEqual(['node2', ...joiners].sort());
      expect(stateText(merged)).toBe(stateText(mergeAll([...joined, leaving])));
    }), { numRuns: 100 });
  });
});

describe('merge laws on fixed states', () => {
  const a = setKey(addMember(base, 'node4', 'slaves', 'node4'), 'node4', 'ports.slave', 5052);
  const b = removeMember(setKey(base, 'node2', 'ports.slave', 5053), 'node2', 'slaves', 'node3');
  const c = setKey(mergeStates(a, base), 'node3', 'mesosConf.quiet', 'false');

  test('idempotent, commutative, associative', () => {
    expect(stateText(mergeStates(a, a))).toBe(stateText(a));
    expect(stateText(mergeStates(a, b))).toBe(stateText(mergeStates(b, a)));
    expect(stateText(mergeStates(mergeStates(a, b), c))).toBe(stateText(mergeStates(a, mergeStates(b, c))));
  });

  test('sameState compares the serialized states', () => {
    expect(sameState(mergeStates(a, b), mergeStates(b, a))).toBe(true);
    expect(sameState(a, b)).toBe(false);
  });

  test('stateVersion is the clock and a hash: equal for equal states, different after a change', () => {
    expect(stateVersion(mergeStates(a, b))).toBe(stateVersion(mergeStates(b, a)));
    expect(stateVersion(base)).toMatch(/^\d+-[0-9a-f]{8}$/);
    expect(stateVersion(base)).not.toBe(stateVersion(a));
  });
});

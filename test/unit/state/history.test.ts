import { describe, expect, test } from '@jest/globals';
import { describeHistory, mergeHistory } from '../../../src/state/history.js';
import { clockOf } from '../../../src/state/lamport-clock.js';
import { mergeStates } from '../../../src/state/merge-states.js';
import { deleteKey, initialState, setKey } from '../../../src/state/operations.js';
import { STATE_LIMITS, type HistoryEntry } from '../../../src/state/state-types.js';
import { BASE_SETTINGS } from './state-fixtures.js';

const base = initialState('node1', BASE_SETTINGS);
const texts = (history: readonly HistoryEntry[]): string[] => describeHistory(history).map((event) => event.text);

describe('history', () => {
  test('says who set, overwrote and deleted what', () => {
    let state = setKey(base, 'node2', 'sparkEnv.SPARK_JAVA_OPTS', '-Xss4m');
    state = setKey(state, 'node3', 'sparkEnv.SPARK_JAVA_OPTS', '-Xss8m');
    state = deleteKey(state, 'node1', 'sparkEnv.SPARK_JAVA_OPTS');
    state = setKey(state, 'node1', 'sparkEnv.SPARK_JAVA_OPTS', '-Xss1m');
    expect(texts(state.history)).toEqual([
      'node2 set sparkEnv.SPARK_JAVA_OPTS to "-Xss4m"',
      'node3 overwrote sparkEnv.SPARK_JAVA_OPTS "-Xss4m" -> "-Xss8m"',
      'node1 deleted sparkEnv.SPARK_JAVA_OPTS (was "-Xss8m")',
      'node1 set sparkEnv.SPARK_JAVA_OPTS to "-Xss1m"',
    ]);
  });

  test('a write that won over a concurrent delete says so, with the versions in the entries', () => {
    const deleted = deleteKey(base, 'node1', 'scalaHome');
    const written = setKey(base, 'node2', 'scalaHome', '/opt/scala-2.10');
    const events = describeHistory(mergeStates(deleted, written).history);
    expect(events.map((event) => event.text)).toEqual([
      'node1 deleted scalaHome (was "/opt/scala")',
      'node2 overwrote scalaHome "/opt/scala" -> "/opt/scala-2.10" (node1 deleted it concurrently; overwritten)',
    ]);
    expect(events[1]?.overwroteConcurrent).toEqual(deleted.history[0]);
    expect(events[1]?.entry.replaced).toEqual(base.registers.get('scalaHome'));
  });

  test('a sequential overwrite is not called concurrent', () => {
    const first = setKey(base, 'node1', 'ports.master', 5051);
    const second = setKey(first, 'node2', 'ports.master', 6060);
    expect(texts(mergeStates(first, second).history)).toEqual([
      'node1 overwrote ports.master 5050 -> 5051',
      'node2 overwrote ports.master 5051 -> 6060',
    ]);
  });

  test(`keeps the newest ${STATE_LIMITS.history} writes, the same whatever the order of merges`, () => {
    let a = base;
    let b = base;
    for (let i = 0; i < 40; i++) {
      a = setKey(a, 'node1', 'sparkEnv.A', `a${i}`);
      b = setKey(b, 'node2', 'sparkEnv.B', `b${i}`);
    }
    const merged = mergeStates(a, b);
    expect(merged.history).toHaveLength(STATE_LIMITS.history);
    expect(merged.history).toEqual(mergeStates(b, a).history);
    expect(merged.history.at(-1)).toMatchObject({ key: 'sparkEnv.B', value: 'b39' });
    // 40 writes each, two per counter: the newest 25 counters are kept, oldest first.
    expect(merged.history[0]).toMatchObject({ counter: clockOf(base) + 40 - 25 + 1, node: 'node1' });
    expect(mergeHistory(merged.history, a.history)).toEqual(merged.history);
  });
});

import { describe, expect, test } from '@jest/globals';
import { isToolError, type ToolError } from '../../../src/errors.js';
import { checkMergedState, mergeRemoteState } from '../../../src/state/check-state.js';
import { mergeStates } from '../../../src/state/merge-states.js';
import { addMember, initialState, setKey } from '../../../src/state/operations.js';
import { parseState } from '../../../src/state/parse-state.js';
import { settingsOf } from '../../../src/state/settings-of.js';
import { serializeState } from '../../../src/state/state-json.js';
import { STATE_LIMITS } from '../../../src/state/state-types.js';
import { BASE_SETTINGS, stateText } from './state-fixtures.js';

const base = addMember(setKey(initialState('node1', BASE_SETTINGS), 'node2', 'ports.master', 6060), 'constructor', 'slaves', 'node4');
/** The wire form of `base` as mutable JSON, to break one thing at a time. */
const wire = (): Record<string, any> => JSON.parse(JSON.stringify(serializeState(base))) as Record<string, any>;

function refusal(run: () => unknown): ToolError {
  try {
    run();
  } catch (error) {
    if (isToolError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('serializeState and parseState', () => {
  test('round trip through JSON text, to the same state and the same text', () => {
    const parsed = parseState(JSON.parse(JSON.stringify(serializeState(base))));
    expect(stateText(parsed)).toBe(stateText(base));
    expect(settingsOf(parsed)).toEqual(settingsOf(base));
    expect(parsed.members.slaves.seen.get('constructor')).toBeGreaterThan(0);
  });

  test('the text is canonical: the same state merged in either order serializes alike', () => {
    const other = setKey(base, 'node3', 'sparkEnv.A', 'a');
    expect(JSON.stringify(serializeState(mergeStates(base, other)))).toBe(JSON.stringify(serializeState(mergeStates(other, base))));
  });

  const breakages: [string, (json: Record<string, any>) => unknown, string, string][] = [
    ['not an object', () => [], 'state', 'an object with format'],
    ['an unknown field', (j) => ({ ...j, extra: 1 }), 'state.extra', 'no such field'],
    ['a missing field', ({ history: _h, ...j }) => j, 'state.history', 'present'],
    ['another format', (j) => ({ ...j, format: 2 }), 'state.format', 'format 1'],
    ['an unknown key', (j) => ({ ...j, registers: { ...j['registers'], 'mesos.conf': j['registers']['prefix'] } }), 'state.registers.mesos.conf', 'a setting key'],
    ['a __proto__ key', (j) => JSON.parse(JSON.stringify(j).replace('"prefix":', '"__proto__":')), 'state.registers.__proto__', 'a setting key'],
    ['a port as text', (j) => { j['registers']['ports.master'].value = '5050'; return j; }, 'state.registers.ports.master.value', 'a port number'],
    ['a value too long', (j) => { j['registers']['prefix'].value = 'x'.repeat(4097); return j; }, 'state.registers.prefix.value', '4096'],
    ['a counter of 0', (j) => { j['registers']['prefix'].counter = 0; return j; }, 'state.registers.prefix.counter', 'positive integer'],
    ['an unsafe counter', (j) => { j['registers']['prefix'].counter = 2 ** 53; return j; }, 'state.registers.prefix.counter', 'positive integer'],
    ['a counter as text', (j) => { j['registers']['prefix'].counter = '3'; return j; }, 'state.registers.prefix.counter', 'positive integer'],
    ['a bad node id', (j) => { j['registers']['prefix'].node = 'node 1'; return j; }, 'state.registers.prefix.node', 'a node id'],
    ['a register with an extra field', (j) => { j['registers']['prefix'].by = 'x'; return j; }, 'state.registers.prefix.by', 'no such field'],
    ['too many keys', (j) => ({ ...j, registers: Object.fromEntries(Array.from({ length: STATE_LIMITS.keys + 1 }, (_, i) => [`sparkEnv.V${i}`, { value: 'x', counter: 1, node: 'n' }])) }), 'state.registers', `${STATE_LIMITS.keys} fields at most`],
    ['a third member list', (j) => ({ ...j, members: { ...j['members'], workers: j['members']['slaves'] } }), 'state.members.workers', 'no such field'],
    ['a host with a space', (j) => { j['members']['slaves'].dots[0].host = 'node 2'; return j; }, 'state.members.slaves.dots[0].host', 'a host'],
    ['an add twice', (j) => { j['members']['slaves'].dots.push(j['members']['slaves'].dots[0]); return j; }, 'state.members.slaves.dots[3]', 'each add once'],
    ['an add its list has not seen', (j) => { j['members']['masters'].dots[0].counter = 99; return j; }, 'state.members.masters.dots[0]', 'seen covers'],
    ['too many adds', (j) => { j['members']['slaves'].dots = Array.from({ length: STATE_LIMITS.dots + 1 }, (_, i) => ({ host: `h${i}`, counter: i + 1, node: 'n' })); return j; }, 'state.members.slaves.dots', `${STATE_LIMITS.dots} items at most`],
    ['a bad seen counter', (j) => { j['members']['slaves'].seen.node1 = -1; return j; }, 'state.members.slaves.seen.node1', 'positive integer'],
    ['a history too long', (j) => ({ ...j, history: Array.from({ length: STATE_LIMITS.history + 1 }, () => j['history'][0]) }), 'state.history', `${STATE_LIMITS.history} items at most`],
    ['a history entry of an unknown key', (j) => { j['history'][0].key = 'nope'; return j; }, 'state.history[0].key', 'a setting key'],
    ['a history entry replacing text with a number', (j) => { j['history'][0].replaced.value = 'x'; return j; }, 'state.history[0].replaced.value', 'a port number'],
    ['a history entry twice', (j) => ({ ...j, history: [j['history'][0], j['history'][0]] }), 'state.history', 'each write once'],
  ];

  test.each(breakages)('refuses %s with BAD_STATE naming the field', (_name, breakIt, field, expected) => {
    const error = refusal(() => parseState(breakIt(wire())));
    expect(error.code).toBe('BAD_STATE');
    expect(error.problems.map((p) => p.field)).toContain(field);
    expect(error.message).toContain(expected);
    expect(error.hint).toMatch(/refused whole/);
  });

  test('lists every problem at once', () => {
    const json = wire();
    json['registers']['prefix'].counter = 0;
    json['members']['slaves'].dots[0].host = '';
    expect(refusal(() => parseState(json)).problems.map((p) => p.field)).toEqual(
      ['state.registers.prefix.counter', 'state.members.slaves.dots[0].host']);
  });

  test('a __proto__ key pollutes nothing', () => {
    refusal(() => parseState(JSON.parse('{"format":1,"registers":{"__proto__":{"polluted":true}},"members":{},"history":[]}')));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('checkMergedState', () => {
  const local = initialState('node1', BASE_SETTINGS);

  test('accepts a merge that gives valid settings', () => {
    const remote = setKey(local, 'node2', 'ports.master', 6060);
    expect(settingsOf(mergeRemoteState(local, remote)).ports.master).toBe(6060);
  });

  test('refuses a peer state whose settings are invalid, whole, naming the setting', () => {
    const remote = setKey(setKey(local, 'node2', 'sparkEnv.SPARK_MEM', '2g'), 'node2', 'prefix', 'usr/local');
    const error = refusal(() => mergeRemoteState(local, remote));
    expect(error.code).toBe('INVALID_STATE');
    expect(error.problems).toEqual([expect.objectContaining({ field: 'prefix', value: 'usr/local' })]);
    expect(error.hint).toMatch(/nothing was applied/);
  });

  test('refuses two valid concurrent writes whose merge is not valid, until a newer write repairs it', () => {
    const a = setKey(local, 'node1', 'ports.master', 6000);
    const b = setKey(local, 'node2', 'ports.slave', 6000);
    expect(() => checkMergedState(a)).not.toThrow();
    expect(refusal(() => mergeRemoteState(a, b)).problems[0]?.field).toBe('ports.slave');
    const repaired = setKey(a, 'node1', 'ports.master', 5050);
    expect(settingsOf(mergeRemoteState(b, repaired)).ports).toMatchObject({ master: 5050, slave: 6000 });
  });

  test('refuses a merge past the size bounds', () => {
    let a = local;
    let b = local;
    for (let i = 0; i < 260; i++) {
      a = setKey(a, 'node1', `sparkEnv.A${i}`, 'x');
      b = setKey(b, 'node2', `sparkEnv.B${i}`, 'x');
    }
    expect(refusal(() => mergeRemoteState(a, b)).problems[0]).toMatchObject({ field: 'registers', expected: '512 keys at most' });
  });
});

import { describe, expect, test } from '@jest/globals';
import { isToolError } from '../../../src/errors.js';
import { validateClusterSettings } from '../../../src/model/validate-settings.js';
import { clockOf } from '../../../src/state/lamport-clock.js';
import {
  addMember, deleteKey, emptyState, initialState, removeMember, setKey,
} from '../../../src/state/operations.js';
import { settingValueFromText } from '../../../src/state/setting-keys.js';
import { applySettings, applySettingsChange, settingsOf } from '../../../src/state/settings-of.js';
import { STATE_LIMITS } from '../../../src/state/state-types.js';
import { BASE_SETTINGS, stateText } from './state-fixtures.js';

const errorOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('initialState and settingsOf', () => {
  test('give back the settings they were made from, and the same state every time', () => {
    const state = initialState('node1', BASE_SETTINGS);
    expect(settingsOf(state)).toEqual(BASE_SETTINGS);
    expect(stateText(initialState('node1', BASE_SETTINGS))).toBe(stateText(state));
    expect(state.history).toEqual([]);
  });

  test('every setting and member is one key with its own counter, written by the node', () => {
    const state = initialState('node1', BASE_SETTINGS);
    expect(state.registers.get('ports.master')).toMatchObject({ value: 5050, node: 'node1' });
    expect(state.registers.get('mesosConf.quiet')?.value).toBe('true');
    expect(state.registers.get('sparkEnv.SPARK_MEM')?.value).toBe('1g');
    const counters = [...state.registers.values()].map((r) => r.counter);
    const dots = [...state.members.masters.dots, ...state.members.slaves.dots].map((d) => d.counter);
    expect(new Set([...counters, ...dots]).size).toBe(counters.length + dots.length);
    expect(clockOf(state)).toBe(counters.length + dots.length);
  });

  test('an empty state stands for settings that validation refuses', () => {
    const fields = validateClusterSettings(settingsOf(emptyState())).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['mesosVersion', 'javaHome', 'sparkHome', 'masters', 'ports.master']));
  });
});

describe('operations', () => {
  const base = initialState('node1', BASE_SETTINGS);

  test('a write takes max(seen) + 1 and is recorded with what it replaced', () => {
    const next = setKey(base, 'node2', 'ports.master', 6060);
    expect(next.registers.get('ports.master')).toEqual({ value: 6060, counter: clockOf(base) + 1, node: 'node2' });
    expect(next.history).toEqual([{
      key: 'ports.master', value: 6060, counter: clockOf(base) + 1, node: 'node2',
      replaced: base.registers.get('ports.master'),
    }]);
    expect(settingsOf(next).ports.master).toBe(6060);
    expect(settingsOf(base).ports.master).toBe(5050); // the input is not changed
  });

  test('writing the value a key has, deleting what is absent, adding a member or removing a stranger changes nothing', () => {
    expect(setKey(base, 'node2', 'prefix', '/usr/local')).toBe(base);
    expect(deleteKey(base, 'node2', 'sparkEnv.NOPE')).toBe(base);
    expect(addMember(base, 'node2', 'slaves', 'NODE2.')).toBe(base);
    expect(removeMember(base, 'node2', 'slaves', 'node9')).toBe(base);
  });

  test('a delete leaves a tombstone that hides the key', () => {
    const next = deleteKey(base, 'node3', 'scalaHome');
    expect(next.registers.get('scalaHome')).toMatchObject({ value: null, node: 'node3' });
    expect(settingsOf(next)).not.toHaveProperty('scalaHome');
    expect(settingsOf(setKey(next, 'node1', 'scalaHome', '/opt/scala-2.9')).scalaHome).toBe('/opt/scala-2.9');
  });

  test('members: added at the end, removed, re-added at the end again', () => {
    let state = addMember(base, 'node4', 'slaves', 'node4');
    expect(settingsOf(state).slaves).toEqual(['node2', 'node3', 'node4']);
    state = removeMember(state, 'node1', 'slaves', 'node2');
    expect(settingsOf(state).slaves).toEqual(['node3', 'node4']);
    state = addMember(state, 'node2', 'slaves', 'node2');
    expect(settingsOf(state).slaves).toEqual(['node3', 'node4', 'node2']);
    expect(state.members.slaves.seen.get('node1')).toBe(clockOf(state) - 1);
  });

  test.each([
    ['an unknown key', () => setKey(base, 'node1', 'mesosConff.x', 'a'), 'mesosConff.x'],
    ['text for a port', () => setKey(base, 'node1', 'ports.master', '5050' as unknown as number), 'port number'],
    ['a number for text', () => setKey(base, 'node1', 'prefix', 5 as unknown as string), 'text'],
    ['a value too long', () => setKey(base, 'node1', 'sparkEnv.X', 'x'.repeat(STATE_LIMITS.valueLength + 1)), '4096'],
    ['a required key deleted', () => deleteKey(base, 'node1', 'javaHome'), 'required'],
    ['a bad node id', () => setKey(base, 'node 1', 'prefix', '/opt'), 'node id'],
    ['a host with a space', () => addMember(base, 'node1', 'slaves', 'node 5'), 'host'],
    ['an unknown list', () => addMember(base, 'node1', 'workers' as 'slaves', 'node5'), 'masters or slaves'],
  ])('refuses %s with BAD_SETTING naming it', (_name, run, named) => {
    const error = errorOf(run);
    expect(isToolError(error) && error.code).toBe('BAD_SETTING');
    expect((error as Error).message).toContain(named);
  });

  test('refuses a key past the bound with STATE_FULL, and keeps existing keys writable', () => {
    let state = base;
    for (let i = state.registers.size; i < STATE_LIMITS.keys; i++) state = setKey(state, 'node1', `sparkEnv.V${i}`, 'x');
    const error = errorOf(() => setKey(state, 'node1', 'sparkEnv.ONE_MORE', 'x'));
    expect(isToolError(error) && error.code).toBe('STATE_FULL');
    expect(settingsOf(setKey(state, 'node1', 'prefix', '/opt/mesos')).prefix).toBe('/opt/mesos');
  });

  test('settingValueFromText types ports and refuses what is not a port or not a key', () => {
    expect(settingValueFromText('ports.master', '6050')).toBe(6050);
    expect(settingValueFromText('sparkEnv.SPARK_MEM', '2g')).toBe('2g');
    expect(isToolError(errorOf(() => settingValueFromText('ports.master', 'x')))).toBe(true);
    expect((errorOf(() => settingValueFromText('nope', 'x')) as Error).message).toMatch(/nope.*a setting key/);
  });
});

describe('applySettings', () => {
  const base = initialState('node1', BASE_SETTINGS);

  test('the same settings change nothing', () => {
    expect(applySettings(base, 'node2', BASE_SETTINGS)).toBe(base);
    expect(applySettings(base, 'node2', { ...BASE_SETTINGS, slaves: ['node3', 'NODE2'] })).toBe(base);
  });

  test('only the keys that differ are written, and member changes are adds and removes', () => {
    const edited = {
      ...BASE_SETTINGS,
      ports: { ...BASE_SETTINGS.ports, master: 6060 },
      mesosConf: {},
      sparkEnv: { SPARK_MEM: '1g', SPARK_JAVA_OPTS: '-Xss4m' },
      slaves: ['node3', 'node5'],
    };
    const next = applySettings(base, 'node2', edited);
    expect(settingsOf(next)).toEqual({ ...edited, slaves: ['node3', 'node5'] });
    const written = next.history.map((entry) => [entry.key, entry.value]);
    expect(written).toEqual(expect.arrayContaining([['ports.master', 6060], ['mesosConf.quiet', null], ['sparkEnv.SPARK_JAVA_OPTS', '-Xss4m']]));
    expect(written).toHaveLength(3);
    // 3 writes, 1 remove, 1 add: 5 operations.
    expect(clockOf(next)).toBe(clockOf(base) + 5);
  });

  test('dropping scalaHome deletes it', () => {
    const { scalaHome: _dropped, ...withoutScala } = BASE_SETTINGS;
    expect(settingsOf(applySettings(base, 'node2', withoutScala))).toEqual(withoutScala);
  });
});

describe('applySettingsChange', () => {
  const base = initialState('node1', BASE_SETTINGS);

  test('an edit made against older settings keeps what a peer changed meanwhile', () => {
    // node2's operator edits slaves and one mesos.conf key of BASE_SETTINGS; meanwhile a peer changed the master port.
    const moved = setKey(base, 'node3', 'ports.master', 7070);
    const edited = { ...BASE_SETTINGS, slaves: [...BASE_SETTINGS.slaves, 'node9'], mesosConf: { ...BASE_SETTINGS.mesosConf, quiet: 'false' } };
    const next = applySettingsChange(moved, 'node2', BASE_SETTINGS, edited);
    expect(settingsOf(next).ports.master).toBe(7070);
    expect(settingsOf(next).slaves).toEqual([...BASE_SETTINGS.slaves, 'node9']);
    expect(settingsOf(next).mesosConf['quiet']).toBe('false');
    // applySettings, given the same edit, puts the old port back: the reason for applySettingsChange.
    expect(settingsOf(applySettings(moved, 'node2', edited)).ports.master).toBe(BASE_SETTINGS.ports.master);
  });

  test('removed hosts and dropped keys are removed; no change is no operation', () => {
    const { scalaHome: _dropped, ...withoutScala } = BASE_SETTINGS;
    const edited = { ...withoutScala, slaves: BASE_SETTINGS.slaves.slice(1) };
    const next = applySettingsChange(base, 'node2', BASE_SETTINGS, edited);
    expect(settingsOf(next)).toEqual(edited);
    expect(applySettingsChange(base, 'node2', BASE_SETTINGS, BASE_SETTINGS)).toBe(base);
  });
});

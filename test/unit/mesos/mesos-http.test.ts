import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { isSlaveRegistered, registeredSlaves } from '../../../src/mesos/mesos-http.js';

// The shape of 0.9's /master/state.json (MESOS.md), trimmed.
const state = {
  build_date: '2012-04-19 10:00:00',
  start_time: 1335000000.5,
  id: '201204191000-16777343-5050-1234',
  pid: 'master@10.0.0.1:5050',
  slaves: [
    {
      id: '201204191000-16777343-5050-1234-0',
      hostname: 'Node2.example.com',
      webui_hostname: 'node2.example.com',
      webui_port: 8081,
      registered_time: 1335000001.2,
      resources: { cpus: 4, mem: 7168 },
      pid: 'slave(1)@10.0.0.2:5051',
    },
    { id: 'x', hostname: 'node3' },
    { hostname: 42 },
    'junk',
  ],
  frameworks: [],
  completed_frameworks: [],
};

describe('registered slaves in the master state', () => {
  test('lists well-formed entries, skipping junk', () => {
    expect(registeredSlaves(state)).toEqual([
      { id: '201204191000-16777343-5050-1234-0', hostname: 'Node2.example.com', address: '10.0.0.2' },
      { id: 'x', hostname: 'node3', address: undefined },
    ]);
  });

  test('matches by host name (any case) or by the address in the pid', () => {
    expect(isSlaveRegistered(state, { hostname: 'node2.example.com' })).toBe(true);
    expect(isSlaveRegistered(state, { hostname: 'other', advertise: '10.0.0.2' })).toBe(true);
    expect(isSlaveRegistered(state, { hostname: 'node3.' })).toBe(true);
    expect(isSlaveRegistered(state, { hostname: 'node4', advertise: '10.0.0.4' })).toBe(false);
  });

  test('never throws on anything parsed from JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        expect(typeof isSlaveRegistered(json, { hostname: 'node1' })).toBe('boolean');
        expect(isSlaveRegistered({ slaves: json }, { hostname: 'node1' })).toBe(false);
      }),
    );
  });
});

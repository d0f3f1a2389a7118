/** Simulated nodes that run random operations and exchange states, each beside its reference model. */
import { expect } from '@jest/globals';
import fc from 'fast-check';
import { hostKey } from '../../../src/model/cluster-settings.js';
import { delta, digest, parseDigest } from '../../../src/state/anti-entropy.js';
import { clockOf } from '../../../src/state/lamport-clock.js';
import { mergeStates } from '../../../src/state/merge-states.js';
import { addMember, deleteKey, initialState, removeMember, setKey } from '../../../src/state/operations.js';
import { parseState } from '../../../src/state/parse-state.js';
import { serializeState } from '../../../src/state/state-json.js';
import { settingsOf } from '../../../src/state/settings-of.js';
import { STATE_LIMITS, type MemberListName, type ReplicatedState, type SettingValue } from '../../../src/state/state-types.js';
import {
  eventId, modelClock, modelHostKeys, modelKeys, modelLiveAdds, modelOf, modelRegister, unionOf, withEvent,
  type ModelNode,
} from './state-model.js';
import { BASE_SETTINGS } from './state-fixtures.js';

export type Step =
  | { readonly kind: 'set'; readonly node: number; readonly key: string; readonly value: SettingValue }
  | { readonly kind: 'delete'; readonly node: number; readonly key: string }
  | { readonly kind: 'add' | 'remove'; readonly node: number; readonly list: MemberListName; readonly host: string }
  | { readonly kind: 'sync'; readonly from: number; readonly to: number; readonly via: 'full' | 'delta' | 'wire' };

/** Few keys, values and hosts, so that nodes often write the same key and add and remove the same host at once. */
const VALUES: Readonly<Record<string, readonly SettingValue[]>> = {
  'ports.master': [5050, 6060, 7070],
  prefix: ['/opt/a', '/opt/b'],
  scalaHome: ['/opt/scala-a', '/opt/scala-b'],
  'mesosConf.quiet': ['true', 'false'],
  'sparkEnv.SPARK_MEM': ['1g', '2g'],
};
const DELETABLE = ['scalaHome', 'mesosConf.quiet', 'sparkEnv.SPARK_MEM', 'sparkEnv.NEW'];
const HOSTS = ['h1', 'H1', 'h2', 'node2', 'node3'];
export const NODE_IDS = ['n1', 'n2', 'n3', 'n4', 'n5'];

/** A random step on a cluster of `nodes` nodes. */
export function stepArbitrary(nodes: number): fc.Arbitrary<Step> {
  const node = fc.nat(nodes - 1);
  const list = fc.constantFrom<MemberListName>('masters', 'slaves');
  const pairs = Object.entries(VALUES).flatMap(([key, values]) => values.map((value) => [key, value] as const));
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(node, fc.constantFrom(...pairs)).map(([n, [key, value]]): Step => ({ kind: 'set', node: n, key, value })) },
    { weight: 1, arbitrary: fc.tuple(node, fc.constantFrom(...DELETABLE)).map(([n, key]): Step => ({ kind: 'delete', node: n, key })) },
    { weight: 2, arbitrary: fc.tuple(node, list, fc.constantFrom(...HOSTS)).map(([n, l, host]): Step => ({ kind: 'add', node: n, list: l, host })) },
    { weight: 2, arbitrary: fc.tuple(node, list, fc.constantFrom(...HOSTS)).map(([n, l, host]): Step => ({ kind: 'remove', node: n, list: l, host })) },
    { weight: 3, arbitrary: fc.tuple(node, node, fc.constantFrom('full', 'delta', 'wire') as fc.Arbitrary<'full' | 'delta' | 'wire'>)
      .map(([from, to, via]): Step => ({ kind: 'sync', from, to, via })) },
  );
}

/** A cluster size and a history of steps on it. */
export const historyArbitrary = fc.integer({ min: 2, max: 5 }).chain((nodes) =>
  fc.record({ nodes: fc.constant(nodes), steps: fc.array(stepArbitrary(nodes), { maxLength: 50, size: 'max' }) }));

/** Applies a state received from a peer the three ways the daemon can: whole, as a delta, through JSON text. */
export function receive(mine: ReplicatedState, theirs: ReplicatedState, via: 'full' | 'delta' | 'wire'): ReplicatedState {
  if (via === 'full') return mergeStates(mine, theirs);
  if (via === 'wire') return mergeStates(mine, parseState(JSON.parse(JSON.stringify(serializeState(theirs)))));
  const remoteDigest = parseDigest(JSON.parse(JSON.stringify(digest(mine))));
  return mergeStates(mine, parseState(JSON.parse(JSON.stringify(serializeState(delta(theirs, remoteDigest))))));
}

export interface Simulation {
  readonly states: ReplicatedState[];
  readonly models: ModelNode[];
  /** Every state any node held, in order. */
  readonly snapshots: ReplicatedState[];
  /** For each add and remove: the events its node knew when it made it (to tell concurrent ones apart). */
  readonly knownAt: Map<string, ReadonlySet<string>>;
}

/** A cluster of `nodes` that all start from the same initial state. */
export function startSimulation(nodes: number): Simulation {
  let start = initialState('n1', { ...BASE_SETTINGS, masters: ['node1'], slaves: ['node2', 'node3'] });
  // A history close to full, so that the random writes push the oldest entries out.
  for (let i = 0; i < STATE_LIMITS.history - 10; i++) start = setKey(start, 'n1', 'sparkEnv.FILL', `v${i}`);
  return { states: Array.from({ length: nodes }, () => start), models: Array.from({ length: nodes }, () => modelOf(start)), snapshots: [start], knownAt: new Map() };
}

/** Runs one step on the simulation and on the model, then checks that the node touched holds what the model says. */
export function runStep(sim: Simulation, step: Step): void {
  const target = step.kind === 'sync' ? step.to : step.node;
  const state = sim.states[target]!;
  const model = sim.models[target]!;
  const id = NODE_IDS[target]!;
  const counter = modelClock(model) + 1;
  let next: ReplicatedState;
  let nextModel = model;
  if (step.kind === 'sync') {
    next = receive(state, sim.states[step.from]!, step.via);
    nextModel = unionOf(model, sim.models[step.from]!);
  } else if (step.kind === 'set' || step.kind === 'delete') {
    const value = step.kind === 'set' ? step.value : null;
    next = step.kind === 'set' ? setKey(state, id, step.key, step.value) : deleteKey(state, id, step.key);
    const current = modelRegister(model, step.key);
    const noop = step.kind === 'set' ? current?.value === value : (current?.value ?? null) === null;
    if (noop) expectUnchanged(next, state);
    else nextModel = withEvent(model, { kind: 'write', counter, node: id, key: step.key, value, replaced: current ?? null, initial: false });
  } else if (step.kind === 'add') {
    next = addMember(state, id, step.list, step.host);
    if (modelLiveAdds(model, step.list, step.host).length > 0) expectUnchanged(next, state);
    else nextModel = withEvent(model, { kind: 'add', counter, node: id, list: step.list, host: step.host });
  } else {
    next = removeMember(state, id, step.list, step.host);
    const seen = modelLiveAdds(model, step.list, step.host).map(eventId);
    if (seen.length === 0) expectUnchanged(next, state);
    else nextModel = withEvent(model, { kind: 'remove', counter, node: id, list: step.list, removes: seen });
  }
  if (step.kind === 'add' || step.kind === 'remove') sim.knownAt.set(eventId({ counter, node: id }), new Set(model.keys()));
  sim.states[target] = next;
  sim.models[target] = nextModel;
  sim.snapshots.push(next);
  expectMatchesModel(next, nextModel);
}

function expectUnchanged(next: ReplicatedState, state: ReplicatedState): void {
  if (next !== state) expect(next).toBe(state);
}

/** The state holds exactly what the model says: every register, every add in force, the Lamport clock. */
export function expectMatchesModel(state: ReplicatedState, model: ModelNode): void {
  const settings = settingsOf(state);
  const actual = {
    clock: clockOf(state),
    registers: [...state.registers].map(([key, r]) => [key, r.value, r.counter, r.node]),
    dots: (['masters', 'slaves'] as const).map((list) => state.members[list].dots.map(eventId).sort()),
    hosts: (['masters', 'slaves'] as const).map((list) => settings[list].map(hostKey).sort()),
  };
  const expected = {
    clock: modelClock(model),
    registers: modelKeys(model).map((key) => {
      const r = modelRegister(model, key);
      return [key, r?.value, r?.counter, r?.node];
    }),
    dots: (['masters', 'slaves'] as const).map((list) => modelLiveAdds(model, list).map(eventId).sort()),
    hosts: (['masters', 'slaves'] as const).map((list) => modelHostKeys(model, list)),
  };
  // jest's deep equality is the slow part of these runs: only ask it for the diff when there is one.
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual).toEqual(expected);
}

/** Every node sends to every other until nothing changes (twice round is always enough). */
export function gossipToQuiescence(sim: Simulation): void {
  for (let round = 0; round < 2; round++) {
    sim.states.forEach((_, from) => sim.states.forEach((__, to) => {
      if (from !== to) runStep(sim, { kind: 'sync', from, to, via: 'delta' });
    }));
  }
}

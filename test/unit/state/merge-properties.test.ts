import { afterAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { hostKey } from '../../../src/model/cluster-settings.js';
import { delta, digest, isEmptyState } from '../../../src/state/anti-entropy.js';
import { describeHistory } from '../../../src/state/history.js';
import { mergeStates } from '../../../src/state/merge-states.js';
import { settingsOf } from '../../../src/state/settings-of.js';
import { STATE_LIMITS, type ReplicatedState } from '../../../src/state/state-types.js';
import { gossipToQuiescence, historyArbitrary, runStep, startSimulation, type Simulation } from './cluster-simulation.js';
import { eventId, modelHistory, unionOf, type ModelNode, type RemoveEvent } from './state-model.js';
import { stateText } from './state-fixtures.js';

const RUNS = { model: 300, laws: 300, orders: 200 };
/** What the random histories covered, summed over every run: each must have happened. */
const covered = { concurrentSameKeyWrites: 0, addsThatWonOverConcurrentRemoves: 0, removesThatTookAnAdd: 0, spellings: 0 };

function simulate({ nodes, steps }: { nodes: number; steps: readonly Parameters<typeof runStep>[1][] }): Simulation {
  const sim = startSimulation(nodes);
  for (const step of steps) runStep(sim, step);
  return sim;
}

function count(sim: Simulation, everything: ModelNode, converged: ReplicatedState): void {
  covered.concurrentSameKeyWrites += describeHistory(converged.history).filter((e) => e.overwroteConcurrent).length;
  const removes = [...everything.values()].filter((event): event is RemoveEvent => event.kind === 'remove');
  covered.removesThatTookAnAdd += removes.length;
  for (const list of ['masters', 'slaves'] as const) {
    const hosts = converged.members[list].dots;
    covered.spellings += new Set(hosts.map((d) => d.host)).size - new Set(hosts.map((d) => hostKey(d.host))).size;
    for (const add of hosts) {
      const concurrent = removes.some((remove) => remove.list === list &&
        !sim.knownAt.get(eventId(add))?.has(eventId(remove)) && !sim.knownAt.get(eventId(remove))?.has(eventId(add)) &&
        [...everything.values()].some((e) => e.kind === 'add' && remove.removes.includes(eventId(e)) && hostKey(e.host) === hostKey(add.host)));
      if (concurrent) covered.addsThatWonOverConcurrentRemoves++;
    }
  }
}

/** toEqual, with the cheap comparison first: jest's deep equality would be most of these runs' time. */
function expectSame(actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual).toEqual(expected);
}

/** A permutation of `items` from random numbers (Fisher–Yates). */
function shuffle<T>(items: readonly T[], randoms: readonly number[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (randoms[i % randoms.length] ?? 0) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Merges by repeatedly taking two states at random positions: a random bracketing and order. */
function mergeAsTree(states: readonly ReplicatedState[], randoms: readonly number[]): ReplicatedState {
  const pool = [...states];
  for (let r = 0; pool.length > 1; r++) {
    const [x] = pool.splice((randoms[r % randoms.length] ?? 0) % pool.length, 1);
    const i = (randoms[(r + 7) % randoms.length] ?? 0) % pool.length;
    pool[i] = mergeStates(pool[i]!, x!);
  }
  return pool[0]!;
}

describe('merge, against a reference model on random histories of 2 to 5 nodes', () => {
  afterAll(() => {
    // The generator must have produced the interesting cases, or the properties proved little.
    expect(covered.concurrentSameKeyWrites).toBeGreaterThan(100);
    expect(covered.addsThatWonOverConcurrentRemoves).toBeGreaterThan(20);
    expect(covered.removesThatTookAnAdd).toBeGreaterThan(100);
    expect(covered.spellings).toBeGreaterThan(5);
  });

  test(`after every step each node holds what the model says; after gossip all hold one state (${RUNS.model} histories)`, () => {
    fc.assert(fc.property(historyArbitrary, (history) => {
      const sim = simulate(history);
      gossipToQuiescence(sim);
      const [first, ...rest] = sim.states;
      expectSame(rest.map(stateText), rest.map(() => stateText(first!)));
      expectSame(rest.map((state) => digest(state)), rest.map(() => digest(first!)));
      expectSame(rest.filter((state) => !isEmptyState(delta(state, digest(first!)))).length, 0);
      const everything = sim.models.reduce(unionOf);
      expectSame(first!.history, modelHistory(everything, STATE_LIMITS.history));
      count(sim, everything, first!);
    }), { numRuns: RUNS.model });
  });

  test(`is idempotent, commutative and associative, and a delta applies like the whole state (${RUNS.laws} histories)`, () => {
    fc.assert(fc.property(historyArbitrary, fc.nat(), fc.nat(), fc.nat(), (history, i, j, k) => {
      const { snapshots } = simulate(history);
      const [a, b, c] = [i, j, k].map((n) => snapshots[n % snapshots.length]!) as [ReplicatedState, ReplicatedState, ReplicatedState];
      const ab = mergeStates(a, b);
      expectSame({
        idempotent: stateText(mergeStates(a, a)),
        absorbs: stateText(mergeStates(ab, b)),
        commutative: stateText(mergeStates(b, a)),
        associative: stateText(mergeStates(ab, c)),
        delta: stateText(mergeStates(b, delta(a, digest(b)))),
        digest: digest(mergeStates(b, a)),
      }, {
        idempotent: stateText(a),
        absorbs: stateText(ab),
        commutative: stateText(ab),
        associative: stateText(mergeStates(a, mergeStates(b, c))),
        delta: stateText(ab),
        digest: digest(ab),
      });
    }), { numRuns: RUNS.laws });
  });

  test(`every order and grouping of delivery gives the same settings and the same state (${RUNS.orders} histories)`, () => {
    const randoms = fc.array(fc.nat(), { minLength: 16, maxLength: 16 });
    fc.assert(fc.property(historyArbitrary, randoms, randoms, (history, order, tree) => {
      const { states, snapshots } = simulate(history);
      const received = [...states, ...snapshots.filter((_, n) => n % 5 === 0)];
      const inOrder = received.reduce(mergeStates);
      const shuffled = shuffle(received, order).reduce(mergeStates);
      const grouped = mergeAsTree(received, tree);
      expectSame(
        { settings: settingsOf(shuffled), shuffled: stateText(shuffled), grouped: stateText(grouped) },
        { settings: settingsOf(inOrder), shuffled: stateText(inOrder), grouped: stateText(inOrder) },
      );
    }), { numRuns: RUNS.orders });
  });
});

import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { recordEta, remainingMs, startEta, type EtaState } from '../../../../wizard/progress/eta-estimate.js';

const SMOOTHING = 0.3;

/** Units finishing after the given intervals (ms), from a start at t=0; the state after each, with its time. */
function run(intervals: readonly number[], total: number): { state: EtaState; at: number }[] {
  let state = startEta(0);
  let at = 0;
  return intervals.map((interval, i) => {
    at += interval;
    state = recordEta(state, at, i + 1, total);
    return { state, at };
  });
}

describe('the time-left estimate', () => {
  test('is undefined until three units are done', () => {
    const states = run([1000, 1000, 1000, 1000], 10);
    expect(states.map(({ state, at }) => remainingMs(state, at))).toEqual([undefined, undefined, 7000, 6000]);
    expect(remainingMs(startEta(0), 5000)).toBeUndefined();
  });

  test('at a steady rate it is exact, and counts down between units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 4, max: 300 }), fc.integer({ min: 3, max: 300 }), (interval, total, doneRaw) => {
        const done = Math.min(doneRaw, total);
        const last = run(Array(done).fill(interval), total).at(-1)!;
        expect(remainingMs(last.state, last.at)).toBeCloseTo((total - done) * interval, 3);
        // Half a unit later, half a unit less (while more than one unit is left).
        if (total - done > 1) expect(remainingMs(last.state, last.at + interval / 2)).toBeCloseTo((total - done - 0.5) * interval, 3);
      }),
    );
  });

  test('with units taking between a and b ms it stays within the range they imply, never negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 200 }),
        fc.integer({ min: 0, max: 50 }),
        (a, spread, fractions, extra) => {
          const b = a + spread;
          const total = fractions.length + extra;
          // The error the smoothing can carry over from earlier units, at most (1 - α)/α of one unit's spread.
          const slack = ((1 - SMOOTHING) / SMOOTHING) * (b - a) + 1e-6;
          for (const { state, at } of run(fractions.map((f) => a + f * spread), total).slice(2)) {
            const left = total - state.done;
            const estimate = remainingMs(state, at)!;
            expect(estimate).toBeGreaterThanOrEqual(Math.max(0, left * a - slack));
            expect(estimate).toBeLessThanOrEqual(left * b + slack);
          }
        },
      ),
    );
  });

  test('never increases while no unit finishes, and stops at the time the units after the running one take', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 3, maxLength: 50 }), fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 10 }), (intervals, extra, waits) => {
        const total = intervals.length + extra;
        const last = run(intervals, total).at(-1)!;
        const first = remainingMs(last.state, last.at)!;
        let previous = first;
        let at = last.at;
        for (const wait of waits) {
          at += wait;
          const now = remainingMs(last.state, at)!;
          expect(now).toBeLessThanOrEqual(previous);
          expect(now).toBeGreaterThanOrEqual(Math.min(first, (extra - 1) / last.state.rate!) - 1e-6);
          previous = now;
        }
      }),
    );
  });

  test('one unit ten times slower moves the estimate by less than a third of that delay', () => {
    const steady = run(Array(20).fill(1000), 100).at(-1)!;
    const slow = run([...Array(19).fill(1000), 10_000], 100).at(-1)!;
    const steadyLeft = remainingMs(steady.state, steady.at)!;
    const slowLeft = remainingMs(slow.state, slow.at)!;
    expect(steadyLeft).toBeCloseTo(80_000, 3);
    expect(Math.abs(slowLeft - steadyLeft)).toBeLessThan(80_000 / 3);
  });

  test('a total that grows is taken into account at the next unit; all done is 0', () => {
    const states = run([1000, 1000, 1000], 10);
    let state = states.at(-1)!.state;
    state = recordEta(state, 3000, 3, 20); // the build turned out larger
    state = recordEta(state, 4000, 4, 20);
    expect(remainingMs(state, 4000)).toBeGreaterThan(7000);
    state = recordEta(state, 5000, 20, 20);
    expect(remainingMs(state, 5000)).toBe(0);
  });

  test('units finishing at the same instant give no estimate until time has passed', () => {
    let state = startEta(0);
    state = recordEta(state, 0, 3, 10);
    expect(remainingMs(state, 0)).toBeUndefined();
    state = recordEta(state, 1000, 4, 10);
    expect(remainingMs(state, 1000)).toBeCloseTo(1500, 3);
  });
});

import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { NonceCache } from '../../../src/sync/nonce-cache.js';

const W = 300_000;
const T0 = 1_700_000_000_000;
const nonce = (i: number) => i.toString(16).padStart(32, '0');

describe('nonce cache', () => {
  test('a nonce is fresh once, then a replay', () => {
    const cache = new NonceCache({ windowMs: W, maxEntries: 10 });
    expect(cache.admit(nonce(1), T0, T0)).toBe('fresh');
    expect(cache.admit(nonce(1), T0, T0 + 1000)).toBe('replayed');
    expect(cache.admit(nonce(2), T0, T0 + 1000)).toBe('fresh');
    expect(cache.size).toBe(2);
  });

  test('nonces are forgotten once their timestamps are out of the window, and stay refused', () => {
    const cache = new NonceCache({ windowMs: W, maxEntries: 10 });
    cache.admit(nonce(1), T0, T0);
    cache.admit(nonce(2), T0 + 10_000, T0 + 10_000);
    expect(cache.admit(nonce(3), T0 + W, T0 + W)).toBe('fresh'); // exactly W later: nonce 1 still remembered
    expect(cache.size).toBe(3);
    expect(cache.admit(nonce(4), T0 + W + 1, T0 + W + 1)).toBe('fresh');
    expect(cache.size).toBe(3); // nonce 1 evicted
    expect(cache.floor).toBe(T0);
    expect(cache.admit(nonce(1), T0, T0 + W + 1)).toBe('too-old');
  });

  test('a clock stepped back after an eviction does not let an evicted nonce in again', () => {
    const cache = new NonceCache({ windowMs: W, maxEntries: 10 });
    cache.admit(nonce(1), T0, T0);
    cache.admit(nonce(2), T0 + 2 * W, T0 + 2 * W); // evicts nonce 1
    expect(cache.admit(nonce(1), T0, T0 + 1000)).toBe('too-old'); // clock back: T0 is inside the window again
  });

  test('when full, the oldest makes room and the window narrows from the old end: no nonce is forgotten early', () => {
    const cache = new NonceCache({ windowMs: W, maxEntries: 3 });
    for (let i = 1; i <= 3; i++) expect(cache.admit(nonce(i), T0 + i, T0 + 10)).toBe('fresh');
    expect(cache.admit(nonce(4), T0 + 4, T0 + 10)).toBe('fresh');
    expect(cache.size).toBe(3);
    expect(cache.floor).toBe(T0 + 1);
    expect(cache.admit(nonce(1), T0 + 1, T0 + 10)).toBe('too-old'); // its replay
    expect(cache.admit(nonce(9), T0 + 1, T0 + 10)).toBe('too-old'); // anything that old
    expect(cache.admit(nonce(2), T0 + 2, T0 + 10)).toBe('replayed');
  });

  test('when full, a request older than everything remembered is refused and evicts nothing', () => {
    const cache = new NonceCache({ windowMs: W, maxEntries: 2 });
    cache.admit(nonce(1), T0 + 5, T0 + 10);
    cache.admit(nonce(2), T0 + 6, T0 + 10);
    expect(cache.admit(nonce(3), T0 + 5, T0 + 10)).toBe('too-old');
    expect(cache.size).toBe(2);
    expect(cache.floor).toBe(Number.NEGATIVE_INFINITY);
    expect(cache.admit(nonce(1), T0 + 5, T0 + 10)).toBe('replayed');
  });

  test('refuses a nonsensical bound', () => {
    expect(() => new NonceCache({ windowMs: W, maxEntries: 0 })).toThrow(RangeError);
  });

  // Few nonces and coarse times, so that the same request comes back often, before and after evictions.
  const operation = fc.record({
    nonce: fc.integer({ min: 0, max: 8 }),
    timestamp: fc.integer({ min: 0, max: 30 }).map((k) => k * (W / 10)),
    now: fc.integer({ min: 0, max: 30 }).map((k) => k * (W / 10)),
  });

  test('property: however the clock moves, no (nonce, timestamp) is admitted twice, the size stays bounded, and a replay is reported only for an admitted nonce', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.array(operation, { maxLength: 200 }), (maxEntries, ops) => {
      const cache = new NonceCache({ windowMs: W, maxEntries });
      const admitted = new Set<string>();
      const admittedNonces = new Set<number>();
      for (const op of ops) {
        const verdict = cache.admit(nonce(op.nonce), op.timestamp, op.now);
        const pair = `${op.nonce}@${op.timestamp}`;
        if (verdict === 'fresh') {
          expect(admitted.has(pair)).toBe(false);
          admitted.add(pair);
          admittedNonces.add(op.nonce);
        }
        if (verdict === 'replayed') expect(admittedNonces.has(op.nonce)).toBe(true);
        expect(cache.size).toBeLessThanOrEqual(maxEntries);
      }
    }), { numRuns: 300 });
  });

  test('property: with room enough and a clock that only goes forward, every new nonce inside the window is admitted', () => {
    const steps = fc.array(fc.record({ advance: fc.integer({ min: 0, max: W }), skew: fc.integer({ min: -W, max: W }) }),
      { maxLength: 200 });
    fc.assert(fc.property(steps, (ops) => {
      const cache = new NonceCache({ windowMs: W, maxEntries: 1000 });
      let now = T0;
      ops.forEach((op, i) => {
        now += op.advance;
        expect(cache.admit(nonce(i), now + op.skew, now)).toBe('fresh');
        expect(cache.admit(nonce(i), now + op.skew, now)).toBe('replayed');
      });
    }), { numRuns: 300 });
  });
});

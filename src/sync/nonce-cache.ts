/**
 * Remembers the nonces of accepted requests for as long as their timestamps could still pass the clock check, so a
 * replay inside the window is refused. Bounded in size, without ever opening a replay window:
 *
 * - A nonce seen at timestamp `t` must be remembered while `now - t <= windowMs`. Entries are kept in a min-heap by
 *   timestamp and evicted once `now - t > windowMs`.
 * - `floor` is the largest timestamp ever evicted. Every timestamp at or below it is refused ('too-old'), whether its
 *   nonce was remembered or not. So forgetting a nonce never lets its request back in: not when the cache is full and
 *   the oldest entry makes room early (the accepted window narrows from the old end, under load only), and not when
 *   the system clock steps back after an eviction.
 * - When full, a request older than everything remembered is refused rather than evicting newer entries.
 *
 * Only requests whose signature has been checked reach the cache, so only a cluster member can fill it.
 */

/** What the cache says about one nonce. */
export type NonceVerdict = 'fresh' | 'replayed' | 'too-old';

export interface NonceCacheOptions {
  /** How long after its timestamp a request can still be accepted: the clock check's skew. */
  readonly windowMs: number;
  /** Most nonces remembered at once (memory bound, about 150 bytes each). */
  readonly maxEntries: number;
}

/** The default bound: 100 000 nonces, about 15 MB at most; 300 s of 330 requests a second. */
export const DEFAULT_NONCE_CACHE_ENTRIES = 100_000;

interface Entry {
  readonly timestamp: number;
  readonly nonce: string;
}

/** The replay memory of one peer server (see the top of this file for why it is safe when full). */
export class NonceCache {
  readonly #windowMs: number;
  readonly #maxEntries: number;
  readonly #seen = new Set<string>();
  readonly #heap: Entry[] = [];
  #floor = Number.NEGATIVE_INFINITY;

  constructor(options: NonceCacheOptions) {
    if (!(options.maxEntries >= 1) || !(options.windowMs >= 0)) {
      throw new RangeError(`nonce cache needs maxEntries >= 1 and windowMs >= 0, got ${options.maxEntries} and ${options.windowMs}`);
    }
    this.#windowMs = options.windowMs;
    this.#maxEntries = options.maxEntries;
  }

  /** Nonces remembered now. */
  get size(): number {
    return this.#seen.size;
  }

  /** The acceptance window, which is also the allowed clock skew either way. */
  get windowMs(): number {
    return this.#windowMs;
  }

  /** Timestamps at or below this are refused. */
  get floor(): number {
    return this.#floor;
  }

  /** Checks a nonce and, when fresh, remembers it. Call only after the signature and the clock check passed. */
  admit(nonce: string, timestamp: number, now: number): NonceVerdict {
    this.#expire(now);
    if (timestamp <= this.#floor) return 'too-old';
    if (this.#seen.has(nonce)) return 'replayed';
    if (this.#seen.size >= this.#maxEntries) {
      const oldest = this.#heap[0];
      if (oldest === undefined || timestamp <= oldest.timestamp) return 'too-old';
      this.#evictOldest();
    }
    this.#seen.add(nonce);
    this.#push({ timestamp, nonce });
    return 'fresh';
  }

  #expire(now: number): void {
    for (let oldest = this.#heap[0]; oldest !== undefined && now - oldest.timestamp > this.#windowMs; oldest = this.#heap[0]) {
      this.#evictOldest();
    }
  }

  #evictOldest(): void {
    const oldest = this.#pop();
    if (oldest === undefined) return;
    this.#seen.delete(oldest.nonce);
    if (oldest.timestamp > this.#floor) this.#floor = oldest.timestamp;
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.timestamp <= entry.timestamp) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  #pop(): Entry | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]!.timestamp < heap[left]!.timestamp ? right : left;
      if (heap[child]!.timestamp >= last.timestamp) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

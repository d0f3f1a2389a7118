/** When to restart a child that exited, from how it has been doing. Pure: the caller owns the clock. */
export interface BackoffPolicy {
  /** Delay before the second and later consecutive restarts: initial, doubled each time, capped. */
  readonly initialMs: number;
  readonly maxMs: number;
  /** A child healthy this long has its failure streak forgotten. */
  readonly resetAfterHealthyMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, resetAfterHealthyMs: 60_000 };

export interface RestartDecision {
  readonly delayMs: number;
  /** The streak to keep for the next exit. */
  readonly streak: number;
}

/**
 * The first restart of a streak is immediate (a healthy process that dies should be back as fast as systemd would
 * bring it back); after that 1 s, 2 s, 4 s ... up to 60 s while the child keeps failing. A minute of health resets.
 * @param streak restarts already made since the last reset
 * @param healthyForMs how long the child that just exited had been healthy without a break (0 if never)
 */
export function decideRestart(policy: BackoffPolicy, streak: number, healthyForMs: number): RestartDecision {
  const current = healthyForMs >= policy.resetAfterHealthyMs ? 0 : streak;
  const delayMs = current === 0 ? 0 : Math.min(policy.maxMs, policy.initialMs * 2 ** (current - 1));
  return { delayMs, streak: current + 1 };
}

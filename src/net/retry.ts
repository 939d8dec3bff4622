/**
 * One retry loop for every network call: attempts, backoff with jitter, the server's Retry-After,
 * which errors are worth another try, and the abort signal. Waits are reported, never printed.
 */
import { backoffDelay, sleep } from "./backoff.ts";

/** A wait before the next attempt, as a display would show it ("retrying in 4 s (2/5): …"). */
export interface RetryWait {
  delayMs: number;
  /** The attempt about to be made, 2 for the first retry. */
  attempt: number;
  /** Attempts in all (first try included). */
  max: number;
  /** Why the previous attempt failed. */
  reason: string;
}

/** What a failed attempt means for the next one: null when no retry can help. */
export type RetryVerdict = { reason: string; retryAfterMs: number | null } | null;

/** How to retry. */
export interface RetryPolicy {
  /** Tries after the first. */
  retries: number;
  /** First backoff step in ms (doubles each attempt). */
  baseMs: number;
  /** Longest backoff step in ms (a Retry-After may ask for more). */
  maxMs: number;
  signal?: AbortSignal;
  /** Whether (and after how long) the error of an attempt is worth another try. */
  classify(e: unknown): RetryVerdict;
  /** Told of each wait before it starts. */
  onWait?(wait: RetryWait): void;
}

/**
 * Calls `attempt` until it succeeds, fails with an error `classify` rejects, or has used every
 * try; then throws that attempt's error. An abort ends a wait at once with the signal's reason.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
): Promise<T> {
  const max = policy.retries + 1;
  for (let n = 1;; n++) {
    policy.signal?.throwIfAborted();
    try {
      return await attempt(n);
    } catch (e) {
      const verdict = n < max ? policy.classify(e) : null;
      if (!verdict || policy.signal?.aborted) throw e;
      const delayMs = backoffDelay(n, policy.baseMs, policy.maxMs, verdict.retryAfterMs);
      policy.onWait?.({ delayMs, attempt: n + 1, max, reason: verdict.reason });
      await sleep(delayMs, policy.signal);
    }
  }
}

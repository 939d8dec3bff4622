import assert from "node:assert/strict";
import { type RetryWait, withRetry } from "../../src/net/retry.ts";

class Flaky extends Error {
  constructor(readonly retryAfterMs: number | null = null) {
    super("HTTP 503");
  }
}

const classify = (e: unknown) =>
  e instanceof Flaky ? { reason: e.message, retryAfterMs: e.retryAfterMs } : null;

Deno.test("retries what may heal, reporting each wait, and returns the first success", async () => {
  const waits: RetryWait[] = [];
  let calls = 0;
  const out = await withRetry((n) => {
    calls++;
    return n < 3 ? Promise.reject(new Flaky(n === 2 ? 30 : null)) : Promise.resolve("ok");
  }, { retries: 4, baseMs: 1, maxMs: 10, classify, onWait: (w) => waits.push(w) });
  assert.equal(out, "ok");
  assert.equal(calls, 3);
  assert.deepEqual(waits.map((w) => [w.attempt, w.max, w.reason]), [
    [2, 5, "HTTP 503"],
    [3, 5, "HTTP 503"],
  ]);
  assert.ok(waits[1].delayMs >= 30, "never sooner than Retry-After");
});

Deno.test("gives up after the last try, and at once on an error no retry can cure", async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(() => {
      calls++;
      return Promise.reject(new Flaky());
    }, { retries: 2, baseMs: 1, maxMs: 1, classify }),
    Flaky,
  );
  assert.equal(calls, 3);
  calls = 0;
  await assert.rejects(
    withRetry(() => {
      calls++;
      return Promise.reject(new TypeError("bad"));
    }, { retries: 5, baseMs: 1, maxMs: 1, classify }),
    TypeError,
  );
  assert.equal(calls, 1);
});

Deno.test("an abort ends a wait at once with the signal's reason", async () => {
  const stop = new AbortController();
  const started = performance.now();
  const run = withRetry(() => Promise.reject(new Flaky(60_000)), {
    retries: 3,
    baseMs: 1,
    maxMs: 1,
    classify,
    signal: stop.signal,
    onWait: () => setTimeout(() => stop.abort(new Error("stopped")), 10),
  });
  await assert.rejects(run, /stopped/);
  assert.ok(performance.now() - started < 5000);
});

import assert from "node:assert/strict";
import { backoffDelay, isRetryableStatus, parseRetryAfter, sleep } from "../../src/net/backoff.ts";

Deno.test("backoff doubles per attempt, is capped, and keeps half of it fixed", () => {
  const low = () => 0;
  const high = () => 0.999999;
  assert.equal(backoffDelay(1, 100, 10_000, null, low), 50);
  assert.equal(backoffDelay(2, 100, 10_000, null, low), 100);
  assert.equal(backoffDelay(3, 100, 10_000, null, low), 200);
  assert.ok(backoffDelay(3, 100, 10_000, null, high) < 400);
  assert.equal(backoffDelay(20, 100, 1000, null, low), 500);
});

Deno.test("backoff never retries sooner than Retry-After", () => {
  assert.equal(backoffDelay(1, 100, 1000, 5000, () => 0.5), 5000);
  assert.ok(backoffDelay(5, 1000, 60_000, 10, () => 0) >= 8000);
});

Deno.test("Retry-After in seconds or as an HTTP date", () => {
  assert.equal(parseRetryAfter("3"), 3000);
  assert.equal(parseRetryAfter(" 1.5 "), 1500);
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now), 10_000);
  assert.equal(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), 0);
  assert.equal(parseRetryAfter("soon"), null);
  assert.equal(parseRetryAfter(null), null);
});

Deno.test("only statuses that can succeed later are retried", () => {
  for (const s of [408, 425, 429, 500, 502, 503, 504]) assert.ok(isRetryableStatus(s), String(s));
  for (const s of [400, 401, 403, 404, 410, 416]) assert.ok(!isRetryableStatus(s), String(s));
});

Deno.test("sleep wakes early when aborted", async () => {
  const c = new AbortController();
  const start = performance.now();
  const p = sleep(10_000, c.signal);
  c.abort(new Error("stop"));
  await assert.rejects(p, /stop/);
  assert.ok(performance.now() - start < 1000);
});

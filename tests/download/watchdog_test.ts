/** The watchdog: silence past a limit ends a transfer, and so does the run's stop. */
import assert from "node:assert/strict";
import { Watchdog } from "../../src/download/watchdog.ts";

const limits = { idleTimeoutMs: 80, stallTimeoutMs: 40 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("no answer within the idle limit ends the transfer as idle; a flowing one as stalled", async () => {
  const idle = new AbortController();
  const stalled = new AbortController();
  const alive = new AbortController();
  {
    using _idle = new Watchdog(idle, limits);
    using stall = new Watchdog(stalled, limits);
    stall.flowing = true;
    using live = new Watchdog(alive, limits);
    for (let i = 0; i < 15; i++) {
      live.progress++;
      await sleep(15);
    }
  }
  assert.equal(idle.signal.reason?.message, "idle");
  assert.equal(stalled.signal.reason?.message, "stalled");
  assert.equal(alive.signal.aborted, false, "a transfer that shows life goes on");
});

Deno.test("the run's stop reaches every transfer it watches, and only those still watched", () => {
  const run = new AbortController();
  const a = new AbortController();
  const b = new AbortController();
  const done = new AbortController();
  const quiet = { idleTimeoutMs: 60_000, stallTimeoutMs: 60_000 };
  {
    using _finished = new Watchdog(done, quiet, run.signal);
  }
  using _a = new Watchdog(a, quiet, run.signal);
  using _b = new Watchdog(b, quiet, run.signal);
  run.abort(new Error("interrupted"));
  assert.equal(a.signal.reason?.message, "interrupted");
  assert.equal(b.signal.reason?.message, "interrupted");
  assert.equal(done.signal.aborted, false, "a finished transfer is left alone");
  const late = new AbortController();
  using _late = new Watchdog(late, quiet, run.signal);
  assert.equal(
    late.signal.reason?.message,
    "interrupted",
    "a run already stopped stops it at once",
  );
});

Deno.test("a run whose transfers all ended keeps no listener: a new run's watchdogs start afresh", () => {
  const quiet = { idleTimeoutMs: 60_000, stallTimeoutMs: 60_000 };
  const run = new AbortController();
  const first = new AbortController();
  {
    using _first = new Watchdog(first, quiet, run.signal);
  }
  run.abort();
  assert.equal(first.signal.aborted, false);
  const next = new AbortController();
  const again = new AbortController();
  using _again = new Watchdog(again, quiet, next.signal);
  next.abort(new Error("stop"));
  assert.equal(again.signal.reason?.message, "stop");
});

import assert from "node:assert/strict";
import { Pool } from "../../src/download/pool.ts";

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

Deno.test("the pool never runs more tasks than its concurrency, and runs them all", async () => {
  const pool = new Pool(3);
  let running = 0;
  let peak = 0;
  let done = 0;
  for (let i = 0; i < 20; i++) {
    await pool.submit(async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
      done++;
    });
  }
  await pool.idle();
  assert.equal(peak, 3);
  assert.equal(done, 20);
});

Deno.test("submit waits for a slot, so the producer is held back", async () => {
  const pool = new Pool(1);
  let release!: () => void;
  await pool.submit(() => new Promise<void>((r) => release = r));
  let second = false;
  const p = pool.submit(() => {
    second = true;
    return Promise.resolve();
  });
  await tick();
  assert.equal(second, false);
  release();
  await p;
  await pool.idle();
  assert.equal(second, true);
});

Deno.test("a task error surfaces through error and idle()", async () => {
  const pool = new Pool(2);
  await pool.submit(() => Promise.reject(new Error("disk full")));
  await assert.rejects(pool.idle(), /disk full/);
  assert.match(String(pool.error), /disk full/);
});

Deno.test("a start rate spaces task starts", async () => {
  const pool = new Pool(4, 600); // one start every 100 ms
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) {
    await pool.submit(() => Promise.resolve(void starts.push(performance.now())));
  }
  await pool.idle();
  assert.ok(starts[2] - starts[0] >= 190, `starts ${starts.map((s) => s - starts[0])}`);
});

Deno.test("concurrency below 1 is refused", () => {
  assert.throws(() => new Pool(0), RangeError);
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { onWorkers, poolSize } from "../../src/workers/pool.ts";
import { tempDir } from "../helpers.ts";

const TICKER = new URL("./ticker_worker.ts", import.meta.url);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("poolSize: one worker per core, never more than there are jobs", () => {
  assert.equal(poolSize(1, 8), 1);
  assert.equal(poolSize(80, 2), 2);
  assert.equal(poolSize(0, 2), 1);
});

Deno.test("onWorkers: closing the generator (Ctrl-C) stops every worker at once", async () => {
  const dir = await tempDir();
  try {
    const jobs = [{ file: join(dir, "a") }, { file: join(dir, "b") }];
    for (const j of jobs) await Deno.writeFile(j.file, new Uint8Array());
    const sizes = () => jobs.map((j) => Deno.statSync(j.file).size);
    let started = 0;
    for await (const _ of onWorkers<{ file: string }, string>(TICKER, jobs, () => false, 2)) {
      if (++started < 2) continue;
      await sleep(100);
      // Both are running: a worker left alive would go on writing.
      assert.ok(sizes().every((n) => n > 0), `${sizes()}`);
      break;
    }
    await sleep(100);
    const after = sizes();
    await sleep(200);
    assert.deepEqual(sizes(), after, "a worker still writes after the generator closed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

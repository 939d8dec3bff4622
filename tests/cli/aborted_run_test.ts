import assert from "node:assert/strict";
import { tallying } from "../../src/cli/aborted_run.ts";
import type { Job } from "../../src/download/run.ts";
import { testItem } from "../helpers.ts";

const job = (key: string) => ({ item: testItem({ key }), path: `${key}.png`, size: null }) as Job;

Deno.test("an aborted run counts the bytes of the files it put in place, not of cut transfers", () => {
  const seen: number[] = [];
  const { events, tally } = tallying({ bytes: (_j, n) => seen.push(n) });
  const [whole, cut, bad] = [job("a"), job("b"), job("c")];
  events.bytes!(whole, 1000);
  events.bytes!(cut, 700);
  events.bytes!(whole, 24);
  events.bytes!(bad, 50);
  events.finished!(whole, "downloaded");
  events.finished!(bad, "failed", "HTTP 404");
  assert.deepEqual(seen, [1000, 700, 24, 50], "every event still reaches the display");
  assert.deepEqual(
    { ...tally, failures: tally.failures.map((f) => f.key) },
    { downloaded: 1, adopted: 0, failed: 1, bytes: 1024, failures: ["c"] },
  );
});

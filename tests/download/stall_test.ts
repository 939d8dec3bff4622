/** Stalls in process: a body that stops coming gives its slot away and is resumed later. */
import assert from "node:assert/strict";
import type { Job } from "../../src/download/run.ts";
import { assertLibraryMatches, scenario } from "../helpers.ts";

// Small bodies are read in JavaScript, large ones piped to the file: both must see a stall.
for (
  const { way, sizes, minSize } of [
    { way: "read into a buffer", sizes: {}, minSize: 4000 },
    {
      way: "piped",
      sizes: { pictureSize: [600_000, 900_000] as [number, number] },
      minSize: 600_000,
    },
  ]
) {
  Deno.test(`a stalled body is set aside: its slot goes to the next file, it resumes later (${way})`, async () => {
    await using t = await scenario({ accountOptions: { seed: 7, pictures: 6, ...sizes } });
    const file = t.sim.expectedFiles().find((f) => f.kind === "picture" && f.size > minSize)!;
    t.sim.injectFault({
      kind: "stall",
      afterBytes: Math.floor(file.size / 2),
      ms: 60_000,
      target: "file",
      match: file.path,
    });
    const finished: Job[] = [];
    const started = performance.now();
    // The idle timeout (connect, first bytes) is long: only the stall timeout may end the wait.
    const r = await t.download({
      concurrency: 1,
      idleTimeoutMs: 30_000,
      stallTimeoutMs: 300,
      events: { finished: (job) => finished.push(job) },
    });
    assert.deepEqual(t.sim.unfiredFaults(), [], "the stall fired");
    assert.equal(r.failed, 0);
    assert.ok(performance.now() - started < 20_000, "not held for the idle timeout");
    // One slot: the files after the stalled one were done while it waited, and it came last.
    assert.equal(finished.length, t.sim.expectedFiles().length);
    assert.equal(finished.at(-1)!.item.url, file.url, "the stalled file finished last");
    assert.equal(t.sim.counts.fileGetsByPath.get(file.path), 2);
    // Resumed with Range: the half received before the stall is not sent twice.
    const total = t.sim.expectedFiles().reduce((a, f) => a + f.size, 0);
    assert.equal(t.sim.counts.fileBytesSent, total);
    await assertLibraryMatches(t.lib, t.sim);
  });
}

Deno.test("a file that stalls on every try fails once its tries are used up", async () => {
  await using t = await scenario({ accountOptions: { seed: 7, pictures: 3 } });
  const file = t.sim.expectedFiles().find((f) => f.kind === "picture" && f.size > 4000)!;
  t.sim.injectFault({
    kind: "stall",
    afterBytes: 1000,
    ms: 60_000,
    target: "file",
    match: file.path,
    times: Infinity,
  });
  const r = await t.download({ concurrency: 2, retries: 2, stallTimeoutMs: 200 });
  assert.equal(r.failed, 1);
  assert.equal(r.failures[0].error, "transfer stalled");
  // A stall is one try: three tries in all, the first from scratch, the others resumed.
  assert.equal(t.sim.counts.fileGetsByPath.get(file.path), 3);
});

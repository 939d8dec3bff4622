/** One transfer in process against the simulator: what a fault leaves of the partial file. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { transfer, TransferError } from "../../src/download/transfer.ts";
import { type Scenario, scenario } from "../helpers.ts";

function target(t: Scenario, file: { url: string; filename: string }) {
  return {
    url: file.url,
    filename: file.filename,
    partPath: join(t.dir, "x.part"),
    destPath: join(t.dir, "x"),
    mtime: null,
    resumeEtag: null,
  };
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("a cut-off body keeps its partial file to resume from", async () => {
  await using t = await scenario({ accountOptions: { seed: 3, pictures: 4 } });
  const file = t.sim.expectedFiles().find((f) => f.size > 5000)!;
  t.sim.injectFault({ kind: "reset", afterBytes: 2000, target: "file", match: file.path });
  const err = await transfer(target(t, file), { idleTimeoutMs: 2000, stallTimeoutMs: 2000 }).catch((
    e,
  ) => e);
  assert.deepEqual(t.sim.unfiredFaults(), [], "the fault fired");
  assert.ok(err instanceof TransferError, String(err));
  assert.equal(err.retryable, true);
  assert.equal(err.partial, "keep");
  assert.ok((await Deno.stat(join(t.dir, "x.part"))).size >= 2000);
  assert.equal(await exists(join(t.dir, "x")), false);
});

Deno.test("a wrong body is never resumed from: its partial file goes", async () => {
  await using t = await scenario({ accountOptions: { seed: 3, pictures: 4 } });
  const file = t.sim.expectedFiles().find((f) => f.kind === "picture")!;
  t.sim.injectFault({ kind: "error-body", target: "file", match: file.path });
  const err = await transfer(target(t, file), { idleTimeoutMs: 2000, stallTimeoutMs: 2000 }).catch((
    e,
  ) => e);
  assert.deepEqual(t.sim.unfiredFaults(), [], "the fault fired");
  assert.ok(err instanceof TransferError, String(err));
  assert.equal(err.partial, "discard");
  assert.match(err.message, /HTML page instead of/);
  assert.equal(await exists(join(t.dir, "x.part")), false);
  assert.equal(await exists(join(t.dir, "x")), false);
});

Deno.test("a 429 carries the server's Retry-After; a 404 is not retryable", async () => {
  await using t = await scenario({ accountOptions: { seed: 3, pictures: 4 } });
  const [a, b] = t.sim.expectedFiles();
  t.sim.injectFault({ kind: "status", status: 429, retryAfter: 2, target: "file", match: a.path });
  t.sim.injectFault({ kind: "status", status: 404, target: "file", match: b.path });
  const busy = await transfer(target(t, a), { idleTimeoutMs: 2000, stallTimeoutMs: 2000 }).catch((
    e,
  ) => e);
  const gone = await transfer(target(t, b), { idleTimeoutMs: 2000, stallTimeoutMs: 2000 }).catch((
    e,
  ) => e);
  assert.deepEqual(t.sim.unfiredFaults(), [], "both faults fired");
  assert.equal(busy.retryable, true);
  assert.equal(busy.retryAfterMs, 2000);
  assert.equal(gone.retryable, false);
});

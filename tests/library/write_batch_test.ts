import assert from "node:assert/strict";
import { State } from "../../src/library/state.ts";
import { WriteBatch } from "../../src/library/write_batch.ts";
import { testItem } from "../helpers.ts";

function withItems(...keys: string[]): State {
  const s = State.memory();
  keys.forEach((key, i) => s.recordSeen(testItem({ key, imageId: i + 1 }), 1));
  return s;
}

Deno.test("queued writes wait for the batch; a flush commits them all", () => {
  const s = withItems("p1", "p2");
  const w = new WriteBatch(s, 60_000);
  w.later(() => s.markDone("p1", 10, "aa"));
  w.later(() => s.setTransfer("p2", 20, '"e"'));
  assert.equal(s.get("p1")!.status, "pending", "not written yet");
  w.flush();
  assert.equal(s.get("p1")!.status, "done");
  assert.equal(s.get("p2")!.remoteSize, 20);
  w.later(() => s.markFailed("p2", "HTTP 404"));
  w.flush();
  assert.equal(s.get("p2")!.status, "failed");
});

Deno.test("a batch commits on its own within its delay, and at its size", async () => {
  const s = withItems("p1", "p2", "p3");
  const timed = new WriteBatch(s, 10);
  timed.later(() => s.markDone("p1", 10, "aa"));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(s.get("p1")!.status, "done");
  const sized = new WriteBatch(s, 60_000, 2);
  sized.later(() => s.markDone("p2", 10, "bb"));
  sized.later(() => s.markDone("p3", 10, "cc"));
  assert.equal(s.get("p3")!.status, "done");
});

Deno.test("a timed commit that fails is thrown at the next write, and rolled back whole", async () => {
  const s = withItems("p1", "p2");
  s.assignPath("p1", "a.png");
  const w = new WriteBatch(s, 10);
  w.later(() => s.markDone("p2", 10, "bb"));
  w.later(() => s.assignPath("p2", "A.PNG")); // taken by p1, case-insensitively
  await new Promise((r) => setTimeout(r, 50));
  assert.throws(() => w.later(() => {}), /UNIQUE/);
  assert.equal(s.get("p2")!.status, "pending");
});

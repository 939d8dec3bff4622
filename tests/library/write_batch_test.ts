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

Deno.test("commit(ticket) commits a write still queued, and nothing once a flush took it", () => {
  const s = withItems("p1", "p2");
  const w = new WriteBatch(s, 60_000);
  const path = w.later(() => s.assignPath("p1", "a.png"));
  w.commit(path);
  assert.equal(s.get("p1")!.path, "a.png", "committed when still queued");
  // Queued after: committed by another write's commit, so this one's commit has nothing to do.
  const other = w.later(() => s.assignPath("p2", "b.png"));
  const later = w.later(() => s.markDone("p2", 10, "bb"));
  w.commit(later);
  assert.equal(s.get("p2")!.status, "done");
  w.later(() => s.markDone("p1", 10, "aa"));
  w.commit(other);
  assert.equal(s.get("p1")!.status, "pending", "a committed ticket commits nothing new");
});

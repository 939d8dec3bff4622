import assert from "node:assert/strict";
import {
  fitsListed,
  markFitsListed,
  missionSettled,
  recordMissionListed,
} from "../../src/library/mission_records.ts";
import { MISSIONS_LISTED_FROM } from "../../src/library/state_schema.ts";
import { finishRun, lastRuns, startRun } from "../../src/library/run_records.ts";
import { State } from "../../src/library/state.ts";
import type { Item } from "../../src/slooh/types.ts";
import { testItem } from "../helpers.ts";

const item = (over: Partial<Item> = {}): Item =>
  testItem({
    instrument: "",
    capturedAt: new Date("2026-01-21T01:15:00Z"),
    url: "https://polaris2.slooh.com/a.png?rand=1",
    filename: "a.png",
    ...over,
  });

Deno.test("seeing an item again refreshes metadata but keeps its path and status", () => {
  const s = State.memory();
  s.recordSeen(item(), 1);
  s.assignPath("p1", "M42/Canary Two/PNG/a.png");
  s.markDone("p1", 10, "abc");
  const again = s.recordSeen(
    item({ url: "https://polaris2.slooh.com/a.png?rand=2", title: "M42" }),
    2,
  );
  assert.equal(again.status, "done");
  assert.equal(again.path, "M42/Canary Two/PNG/a.png");
  assert.equal(again.url, "https://polaris2.slooh.com/a.png?rand=2");
  assert.equal(again.title, "M42");
  assert.equal(again.attempts, 1);
});

Deno.test("the record of a new item is the row its insert wrote", () => {
  const s = State.memory();
  for (const seen of [item(), item({ key: "f1", kind: "fits", imageId: null, capturedAt: null })]) {
    assert.deepEqual(s.recordSeen(seen, 1), s.get(seen.key));
  }
});

Deno.test("paths are owned case- and form-insensitively, as on macOS and Windows", () => {
  const s = State.memory();
  s.recordSeen(item(), 1);
  s.assignPath("p1", "Café/M42.png");
  assert.equal(s.pathOwner("CAFE\u0301/m42.PNG"), "p1");
  s.recordSeen(item({ key: "p2", imageId: 2 }), 1);
  assert.throws(() => s.assignPath("p2", "café/m42.png"), /UNIQUE/);
});

Deno.test("failures are recorded with their reason and counted", () => {
  const s = State.memory();
  s.recordSeen(item(), 1);
  s.recordSeen(item({ key: "f9", kind: "fits", imageId: 9 }), 1);
  s.markFailed("f9", "HTTP 404");
  assert.deepEqual(s.countByStatus(), { pending: 1, done: 0, failed: 1 });
  const [f] = s.byStatus("failed");
  assert.equal(f.lastError, "HTTP 404");
  assert.equal(f.attempts, 1);
  assert.deepEqual(s.fitsOfMission(7).map((r) => r.key), ["f9"]);
});

Deno.test("FITS listing and runs are remembered", () => {
  const s = State.memory();
  assert.equal(fitsListed(s, 7), false);
  markFitsListed(s, { missionId: 7, title: "t", telescope: "x", capturedAt: null }, 3);
  assert.equal(fitsListed(s, 7), true);
  const id = startRun(s, "download");
  finishRun(s, id, "finished", { downloaded: 2, skipped: 1, failed: 0, bytes: 99 }, 1234, 5);
  const [run] = lastRuns(s, 5);
  assert.equal(run.status, "finished");
  assert.equal(run.bytes, 99);
  assert.equal(run.durationMs, 1234);
});

Deno.test("a failed transaction leaves nothing behind", () => {
  const s = State.memory();
  assert.throws(() =>
    s.transaction(() => {
      s.recordSeen(item(), 1);
      throw new Error("boom");
    }), /boom/);
  assert.equal(s.get("p1"), undefined);
});

Deno.test("a state of a later schema than the mission listing knows its settled missions", () => {
  const s = State.memory();
  recordMissionListed(s, { missionId: 7, title: "t", telescope: "x", capturedAt: null });
  assert.equal(missionSettled(s, 7), true);
  // A library of the release before the folder marks, read without migrating (a dry run).
  s.db.exec(`PRAGMA user_version = ${MISSIONS_LISTED_FROM + 1}`);
  assert.equal(missionSettled(s, 7), true);
  s.db.exec(`PRAGMA user_version = ${MISSIONS_LISTED_FROM - 1}`);
  assert.equal(missionSettled(s, 7), false);
});

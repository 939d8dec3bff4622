/** The planner in process: skip, path, limit, and the one path key for claims and state. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PathClaims, Planner } from "../../src/download/plan.ts";
import { newRecord } from "../../src/library/item_record.ts";
import { Layout } from "../../src/library/layout.ts";
import { pathKey } from "../../src/library/path_key.ts";
import { type ItemRecord, State } from "../../src/library/state.ts";
import { tempDir, testItem } from "../helpers.ts";

const layout = new Layout("{object}", "{filename}");

function record(over: Partial<ItemRecord>): ItemRecord {
  return { ...newRecord(testItem()), ...over };
}

Deno.test("two names that differ only in Unicode form never share a path", () => {
  const state = State.memory();
  const planner = new Planner("/nonexistent", layout, new PathClaims(state));
  // An earlier version stored this path decomposed (e + combining acute accent).
  const decomposed = "M42/cafe\u0301.png";
  const a = testItem({ key: "p1", imageId: 1, filename: "cafe\u0301.png" });
  const b = testItem({ key: "p2", imageId: 2, filename: "caf\u00e9.png" });
  assert.ok(planner.admit(a));
  const first = planner.plan(a, record({ key: "p1", path: decomposed }));
  assert.ok(planner.admit(b));
  const second = planner.plan(b, undefined);
  assert.equal(first?.job.path, decomposed);
  assert.ok(second);
  assert.notEqual(pathKey(second.job.path), pathKey(decomposed), second.job.path);
  assert.equal(second.job.path, "M42/café__2.png");
  state.close();
});

Deno.test("a path is owned by its recorded item or by this run's claim, in any case", () => {
  const state = State.memory();
  const fresh = new PathClaims(state);
  state.recordSeen(testItem({ key: "p1", imageId: 1 }), 1);
  state.assignPath("p1", "M42/a.png");
  const recorded = new PathClaims(state);
  assert.equal(recorded.ownerOf("m42/A.png"), "p1");
  recorded.claim("p2", "M42/b.png");
  assert.equal(recorded.ownerOf("M42/B.png"), "p2");
  // Made before any path was recorded: it knows the paths this run claims.
  fresh.claim("p3", "M42/c.png");
  assert.equal(fresh.ownerOf("m42/c.png"), "p3");
  assert.equal(fresh.ownerOf("M42/d.png"), undefined);
  state.close();
});

Deno.test("the planner skips a present file, re-plans a missing one and stops at the limit", async () => {
  const root = await tempDir();
  try {
    await Deno.mkdir(join(root, "M42"));
    await Deno.writeFile(join(root, "M42/a.png"), new Uint8Array(3));
    const state = State.memory();
    const planner = new Planner(root, layout, new PathClaims(state), 1);
    const present = testItem({ key: "p1" });
    assert.ok(planner.admit(present));
    assert.equal(
      planner.plan(present, record({ status: "done", path: "M42/a.png", size: 3 })),
      null,
    );
    assert.equal(planner.admit(present), false, "an item is planned once per run");
    const gone = testItem({ key: "p2", imageId: 2 });
    assert.ok(planner.admit(gone));
    const again = planner.plan(
      gone,
      record({ key: "p2", status: "done", path: "M42/b.png", size: 9 }),
    );
    assert.equal(again?.job.path, "M42/b.png");
    assert.equal(again?.fresh, false);
    assert.match(again?.stale ?? "", /M42\/b\.png is missing; fetching it again/);
    assert.equal(planner.full, true);
    assert.equal(planner.admit(testItem({ key: "p3", imageId: 3 })), false, "limit reached");
    state.close();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

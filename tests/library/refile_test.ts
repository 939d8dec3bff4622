/** `refile` in process: libraries filed by other templates or older rules become today's. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { Layout } from "../../src/library/layout.ts";
import { refile } from "../../src/library/refile.ts";
import { recordToItem, State } from "../../src/library/state.ts";
import { assertLibraryMatches, listFiles, scenario } from "../helpers.ts";

/** sha256 of every file of the library (state excluded), sorted: a multiset of contents. */
async function contents(lib: string): Promise<string[]> {
  const out: string[] = [];
  for (const rel of await listFiles(lib)) {
    out.push(createHash("sha256").update(await Deno.readFile(join(lib, rel))).digest("hex"));
  }
  return out.sort();
}

/** Asserts every recorded file is where `layout` puts it, and the state names what is on disk. */
async function assertFiledBy(lib: string, layout: Layout): Promise<void> {
  const state = State.open(lib, { readOnly: true });
  try {
    const done = state.byStatus("done");
    const onDisk = await listFiles(lib);
    assert.deepEqual(done.map((r) => r.path!).sort(), onDisk);
    for (const r of done) {
      const wanted = layout.relativePath(recordToItem(r));
      assert.ok(r.path === wanted || r.path!.startsWith(wanted.replace(/\.[^.]+$/, "")), r.path!);
    }
  } finally {
    state.close();
  }
}

/** Moves every recorded file as `move` says, on disk and in the state: a library of other rules. */
async function refileByHand(lib: string, move: (path: string) => string): Promise<number> {
  const state = State.open(lib);
  let moved = 0;
  try {
    for (const r of state.byStatus("done")) {
      const to = move(r.path!);
      if (to === r.path) continue;
      await Deno.mkdir(dirname(join(lib, to)), { recursive: true });
      await Deno.rename(join(lib, r.path!), join(lib, to));
      state.assignPath(r.key, to);
      moved++;
    }
  } finally {
    state.close();
  }
  return moved;
}

Deno.test("refile after a template change moves every file, byte for byte, and empties old folders", async () => {
  await using t = await scenario({ accountOptions: { seed: 11, pictures: 16 } });
  assert.equal((await t.download()).failed, 0);
  const before = await contents(t.lib);
  const oldFolders = new Set((await listFiles(t.lib)).map((p) => p.split("/")[0]));
  const layout = new Layout("{filter}/{object}", "{date}_{filename}");
  const state = State.open(t.lib);
  const result = await refile(t.lib, state, layout, false);
  state.close();
  assert.deepEqual(result.failed, []);
  assert.ok(result.moved.length > 10, `${result.moved.length} moved`);
  assert.deepEqual(await contents(t.lib), before, "not a byte lost");
  await assertFiledBy(t.lib, layout);
  const folders = new Set((await listFiles(t.lib)).map((p) => p.split("/")[0]));
  for (const f of oldFolders) {
    if (!folders.has(f)) assert.equal(await exists(join(t.lib, f)), false);
  }
  // A download with the new templates finds everything in place.
  const gets = t.sim.counts.fileGets;
  const again = await t.download({ layout });
  assert.equal(again.downloaded + again.adopted, 0);
  assert.equal(t.sim.counts.fileGets, gets);
  await assertLibraryMatches(t.lib, t.sim);
  // Nothing left to do.
  const state2 = State.open(t.lib);
  const second = await refile(t.lib, state2, layout, false);
  state2.close();
  assert.equal(second.moved.length, 0);
});

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("refile joins an object split by older rules (NGC581 beside M103) into one folder", async () => {
  await using t = await scenario({ accountOptions: { seed: 12, pictures: 10 } });
  const titles = ["Open Cluster M103 (NGC 581)", "Messier 103"];
  t.sim.account.pictures.forEach((p, i) => p.title = titles[i % 2]);
  for (const m of t.sim.account.missions.values()) m.title = titles[0];
  const layout = new Layout("{object}/{filter}", "{filename}");
  assert.equal((await t.download({ layout })).failed, 0);
  // Older rules filed "Open Cluster M103 (NGC 581)" under NGC581, Johnson B frames under "E".
  let n = 0;
  const oddOnes = await refileByHand(
    t.lib,
    (p) => (n++ % 2 ? p.replace(/^M103\//, "NGC581/") : p).replace("/Johnson B/", "/E/"),
  );
  assert.ok(oddOnes > 0);
  const before = await contents(t.lib);
  const dry = State.open(t.lib, { readOnly: true });
  const planned = await refile(t.lib, dry, layout, true);
  dry.close();
  assert.equal(planned.moved.length, oddOnes);
  assert.ok(await exists(join(t.lib, "NGC581")), "a dry run moves nothing");
  const st = State.open(t.lib);
  const result = await refile(t.lib, st, layout, false);
  st.close();
  assert.equal(result.moved.length, oddOnes);
  assert.deepEqual(await contents(t.lib), before);
  const top = new Set((await listFiles(t.lib)).map((p) => p.split("/")[0]));
  assert.deepEqual([...top], ["M103"]);
  assert.equal(await exists(join(t.lib, "NGC581")), false, "emptied folder removed");
  await assertFiledBy(t.lib, layout);
  await assertLibraryMatches(t.lib, t.sim);
});

Deno.test("refile leaves files the state does not know, and goes around them", async () => {
  await using t = await scenario({ accountOptions: { seed: 13, pictures: 6 } });
  assert.equal((await t.download({ fits: false })).failed, 0);
  const layout = new Layout("{object}", "{filename}");
  const state = State.open(t.lib);
  const first = state.byStatus("done")[0];
  const wanted = layout.relativePath(recordToItem(first));
  state.close();
  const mine = new TextEncoder().encode("my own notes");
  await Deno.mkdir(dirname(join(t.lib, wanted)), { recursive: true });
  await Deno.writeFile(join(t.lib, wanted), mine);
  const st = State.open(t.lib);
  const result = await refile(t.lib, st, layout, false);
  const moved = st.get(first.key)!.path!;
  st.close();
  assert.deepEqual(result.failed, []);
  assert.deepEqual(await Deno.readFile(join(t.lib, wanted)), mine);
  assert.notEqual(moved, wanted);
  assert.match(moved, new RegExp(`__${first.imageId}\\.`));
});

Deno.test("a download completes a refile that was stopped between its plan and its renames", async () => {
  await using t = await scenario({ accountOptions: { seed: 14, pictures: 5 } });
  assert.equal((await t.download()).failed, 0);
  const state = State.open(t.lib);
  const rec = state.byStatus("done")[0];
  const to = `Elsewhere/${rec.filename}`;
  // As refile leaves it when killed right after writing its plan.
  state.q("INSERT INTO refile_steps (key, from_path, to_path) VALUES (?, ?, ?)")
    .run(rec.key, rec.path!, to);
  state.close();
  const r = await t.download();
  assert.equal(r.downloaded, 0);
  const after = State.open(t.lib, { readOnly: true });
  assert.equal(after.get(rec.key)!.path, to);
  after.close();
  assert.ok(await exists(join(t.lib, to)));
  assert.equal(await exists(join(t.lib, rec.path!)), false);
  await assertLibraryMatches(t.lib, t.sim);
});

Deno.test("a case-only refile never replaces a file the state does not know (case-sensitive disk)", async () => {
  await using t = await scenario({ accountOptions: { seed: 15, pictures: 3 } });
  assert.equal((await t.download({ fits: false })).failed, 0);
  const layout = new Layout("{object}", "{filename}");
  const state = State.open(t.lib);
  const first = state.byStatus("done")[0];
  const wanted = layout.relativePath(recordToItem(first));
  await refile(t.lib, state, layout, false);
  state.close();
  // An older rule filed it in upper case; the user keeps a file of their own at today's path.
  const upper = wanted.toUpperCase();
  assert.notEqual(upper, wanted);
  assert.equal(await refileByHand(t.lib, (p) => (p === wanted ? upper : p)), 1);
  const mine = new TextEncoder().encode("my own notes");
  await Deno.writeFile(join(t.lib, wanted), mine);
  const st = State.open(t.lib);
  const result = await refile(t.lib, st, layout, false);
  const path = st.get(first.key)!.path!;
  st.close();
  assert.deepEqual(await Deno.readFile(join(t.lib, wanted)), mine);
  assert.equal(result.failed.length, 1, JSON.stringify(result));
  assert.equal(path, upper);
  assert.ok(await exists(join(t.lib, upper)));
});

/** Files already on disk: adopted when provably Slooh's, never overwritten when foreign. */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { assertLibraryMatches, listFiles, scenario } from "../helpers.ts";

function setup() {
  return scenario({ accountOptions: { seed: 41, pictures: 12 } });
}

Deno.test("a library without state is adopted file by file, without downloading", async () => {
  const t = await setup();
  try {
    assert.equal((await t.run()).code, 0);
    await Deno.remove(join(t.lib, ".slooh-dl"), { recursive: true });
    t.sim.resetCounts();
    const r = await t.run();
    assert.equal(r.code, 0, r.stderr);
    const n = t.sim.expectedFiles().length;
    assert.equal(r.json.adopted, n);
    assert.equal(r.json.downloaded, 0);
    assert.equal(t.sim.counts.fileGets, 0);
    assert.equal(t.sim.counts.fileHeads, n);
    await assertLibraryMatches(t.lib, t.sim);
  } finally {
    await t.dispose();
  }
});

Deno.test("a foreign file where an image would go is kept; the image goes next to it", async () => {
  const t = await setup();
  try {
    assert.equal((await t.run()).code, 0);
    const files = await listFiles(t.lib);
    const victim = files.find((f) => f.endsWith(".png"))!;
    await Deno.remove(join(t.lib, ".slooh-dl"), { recursive: true });
    const foreign = new TextEncoder().encode("my own notes, not an image");
    await Deno.writeFile(join(t.lib, victim), foreign);
    const r = await t.run();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.downloaded, 1);
    assert.deepEqual(await Deno.readFile(join(t.lib, victim)), foreign);
    const after = await listFiles(t.lib);
    const moved = after.filter((f) => !files.includes(f));
    assert.equal(moved.length, 1);
    assert.match(moved[0], /__\d+\.png$/);
    await Deno.remove(join(t.lib, victim));
    await assertLibraryMatches(t.lib, t.sim);
  } finally {
    await t.dispose();
  }
});

Deno.test("a routine run brings back files deleted, --all also files cut short in place", async () => {
  const t = await setup();
  try {
    assert.equal((await t.run()).code, 0);
    const files = await listFiles(t.lib);
    const inFolder = (f: string) => files.filter((o) => dirname(o) === dirname(f));
    const [gone, beside] = inFolder(files.find((f) => inFolder(f).length >= 2)!);
    const alone = files.find((f) => dirname(f) !== dirname(gone))!;
    // Folders last changed long ago, as in a library a week old.
    const old = new Date(Date.now() - 3_600_000);
    for (const f of files) Deno.utimeSync(join(t.lib, dirname(f)), old, old);
    assert.equal((await t.run()).json.downloaded, 0, "a no-op run marks the folders as they are");
    await Deno.remove(join(t.lib, gone));
    await Deno.truncate(join(t.lib, beside), 10);
    await Deno.truncate(join(t.lib, alone), 10);

    // The deletion moved its folder's mtime: that folder's files are looked at, the other's not.
    const routine = await t.run();
    assert.equal(routine.code, 0, routine.stderr);
    assert.equal(routine.json.downloaded, 2);
    assert.match(routine.stderr, /missing; fetching it again/);
    assert.match(routine.stderr, /not the file downloaded earlier; fetching it again/);
    assert.equal((await Deno.stat(join(t.lib, alone))).size, 10, "left for --all");

    const all = await t.run("--all");
    assert.equal(all.code, 0, all.stderr);
    assert.equal(all.json.downloaded, 1);
    await assertLibraryMatches(t.lib, t.sim);
  } finally {
    await t.dispose();
  }
});

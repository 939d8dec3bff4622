/** Files already on disk: adopted when provably Slooh's, never overwritten when foreign. */
import assert from "node:assert/strict";
import { join } from "node:path";
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

Deno.test("a routine run and --all bring back files deleted or cut short in the library", async () => {
  const t = await setup();
  try {
    assert.equal((await t.run()).code, 0);
    for (const extra of [[], ["--all"]]) {
      const files = await listFiles(t.lib);
      await Deno.remove(join(t.lib, files[0]));
      await Deno.truncate(join(t.lib, files[1]), 10);
      const r = await t.run(...extra);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.json.downloaded, 2, `download ${extra}`);
      assert.match(r.stderr, /missing; fetching it again/);
      assert.match(r.stderr, /not the file downloaded earlier; fetching it again/);
      await assertLibraryMatches(t.lib, t.sim);
    }
  } finally {
    await t.dispose();
  }
});

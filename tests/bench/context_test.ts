import assert from "node:assert/strict";
import { join } from "node:path";
import { discardDir, emptyTrash, inRoundOrder } from "../../bench/context.ts";

Deno.test("discardDir empties the files and moves the folder aside; emptyTrash deletes it", async () => {
  const work = await Deno.makeTempDir();
  try {
    const lib = join(work, "out", "lib-1");
    await Deno.mkdir(join(lib, "M42", "PNG"), { recursive: true });
    await Deno.writeFile(join(lib, "M42", "PNG", "a.png"), new Uint8Array(70_000));
    await Deno.writeFile(join(lib, "top.fits"), new Uint8Array(3000));
    const inode = (await Deno.stat(join(lib, "top.fits"))).ino;

    await discardDir({ work }, lib);
    await discardDir({ work }, join(work, "out", "never-made"));

    assert.deepEqual(await Deno.stat(lib).catch((e) => e.constructor), Deno.errors.NotFound);
    const [moved, ...others] = [...Deno.readDirSync(join(work, "trash"))].map((e) => e.name);
    assert.deepEqual(others, []);
    const kept = join(work, "trash", moved);
    // The same inodes, emptied: their space is free, and nothing was deleted yet.
    assert.deepEqual((await Deno.stat(join(kept, "top.fits"))).ino, inode);
    assert.deepEqual((await Deno.stat(join(kept, "top.fits"))).size, 0);
    assert.deepEqual((await Deno.stat(join(kept, "M42", "PNG", "a.png"))).size, 0);

    await emptyTrash(work);
    assert.deepEqual(
      await Deno.stat(join(work, "trash")).catch((e) => e.constructor),
      Deno.errors.NotFound,
    );
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test("contenders run in the given order in even rounds and reversed in odd ones", () => {
  const order = ["ours", "curl", "floor"];
  assert.deepEqual(inRoundOrder(0, order), ["ours", "curl", "floor"]);
  assert.deepEqual(inRoundOrder(1, order), ["floor", "curl", "ours"]);
  assert.deepEqual(inRoundOrder(2, order), ["ours", "curl", "floor"]);
  assert.deepEqual(order, ["ours", "curl", "floor"], "the list given is left as it was");
});

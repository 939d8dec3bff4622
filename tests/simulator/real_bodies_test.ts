/** Real images in the simulator: star fields padded to each file's size, as the demo serves. */
import assert from "node:assert/strict";
// @ts-types="@types/pngjs"
import { PNG } from "pngjs";
import { Buffer } from "node:buffer";
import { parseFitsHeader } from "../../src/fits/header.ts";
import { refreshGallery } from "../../src/gallery/refresh.ts";
import { assertLibraryMatches, scenario } from "../helpers.ts";
import { fileBytes, fileKey, fitsCardsFor } from "./bytes.ts";
import { DEMO_ACCOUNT } from "./demo_account.ts";
import { generateAccount } from "./mod.ts";
import { realBody } from "./real_bodies.ts";

function decodePng(bytes: Uint8Array): { width: number; height: number } {
  // pngjs checks every chunk's CRC, the padding chunk's included.
  return PNG.sync.read(Buffer.from(bytes));
}

Deno.test("every file of the demo account is a real picture or frame of its listed size", () => {
  const account = generateAccount({ ...DEMO_ACCOUNT, imageBase: "http://127.0.0.1:1" });
  let pictures = 0;
  for (const p of account.pictures) {
    const body = realBody(fileKey(p.url), "png", p.size, 0);
    assert.ok(body, p.url);
    assert.equal(body.length, p.size);
    const png = decodePng(body);
    assert.deepEqual([png.width, png.height], [320, 216]);
    pictures++;
  }
  let frames = 0;
  for (const m of account.missions.values()) {
    for (const f of m.fits) {
      const path = fileKey(f.url);
      const body = realBody(path, "fits", f.size, 0);
      assert.ok(body, f.url);
      assert.equal(body.length, f.size);
      const cards = parseFitsHeader(body)!.values;
      assert.equal(cards.get("BITPIX"), 16);
      assert.equal(cards.get("NAXIS1"), 256);
      // The header cards the noise body carries, so a frame files and dates the same way.
      for (const [k, v] of fitsCardsFor(path).filter(([k]) => k !== "BITPIX" && k !== "NAXIS")) {
        assert.equal(cards.get(k), v, `${f.url} ${k}`);
      }
      frames++;
    }
  }
  assert.ok(pictures >= 60 && frames >= 40, `${pictures} pictures, ${frames} frames`);
});

Deno.test("a file listed too small keeps its noise; a new version pads the same image anew", () => {
  const path = "/polaris2.slooh.com/teide/3/highmag/2024/04/30/0958_ic405/ic405_20240430_0_l.png";
  assert.equal(realBody(path, "png", 20_000, 0), null);
  const v0 = realBody(path, "png", 200_000, 0)!;
  const v1 = realBody(path, "png", 200_000, 1)!;
  assert.equal(v1.length, v0.length);
  assert.notDeepEqual(v1, v0);
  assert.deepEqual(PNG.sync.read(Buffer.from(v1)).data, PNG.sync.read(Buffer.from(v0)).data);
  assert.notDeepEqual(v0, fileBytes(path, 200_000, "png"));
});

Deno.test("a library downloaded from real images is byte-exact, resumed ranges included, and its gallery has a preview of every file", async () => {
  await using t = await scenario({
    accountOptions: { ...DEMO_ACCOUNT, pictures: 4 },
    realImages: true,
  });
  const [first] = t.sim.expectedFiles();
  assert.ok(first.size > 150_000);
  // Cut off mid-body: the retry asks for the rest with Range, which must be the same image.
  t.sim.injectFault({ kind: "reset", afterBytes: 100_000, target: "file", match: first.path });
  const r = await t.download();
  assert.deepEqual(t.sim.unfiredFaults(), [], "the fault fired");
  assert.equal(r.failed, 0);
  assert.equal(t.sim.counts.fileGetsByPath.get(first.path), 2);
  await assertLibraryMatches(t.lib, t.sim);
  const run = refreshGallery(t.lib, { workers: 1 });
  let step = await run.next();
  while (!step.done) step = await run.next();
  assert.equal(step.value.unreadable, 0);
  assert.equal(step.value.files, t.sim.expectedFiles().length);
});

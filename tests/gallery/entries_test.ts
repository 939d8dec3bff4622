import assert from "node:assert/strict";
import { galleryEntry, readLibrary, type StoredEntry } from "../../src/gallery/entries.ts";
import { renderFits } from "../../src/gallery/render.ts";
import { starFieldFits } from "../simulator/star_field.ts";
import { recordFiles } from "./fixture.ts";
import { tempDir } from "../helpers.ts";

const stored = (filename: string): StoredEntry => ({
  key: "f1",
  kind: "fits",
  path: `M42/${filename}`,
  filename,
  sha256: "0".repeat(64),
  size: 1,
  missionId: 1,
  title: "Orion Nebula (M42)",
  object: "M42",
  designation: "M42",
  designations: ["M42", "NGC1976"],
  telescope: "Canary Two",
  instrument: "QHY",
  capturedAt: null,
});

/** The facts the renderer reads from a real frame with these header cards. */
function facts(header: { filter: string; exposure?: number }) {
  return renderFits(starFieldFits({ width: 40, height: 30, seed: 3 }, header)).facts;
}

Deno.test("an entry's filter follows the library's filing rule, its exposure the header", () => {
  const red = facts({ filter: "Red", exposure: 30 });
  assert.deepEqual(red.filter, { raw: "Red", label: "Red" });
  assert.deepEqual([red.width, red.height], [40, 30]);
  const e = galleryEntry(stored("m42_20250901_220000_1_abcdef_r.fits"), red);
  assert.equal(e.filter, "Red");
  assert.equal(e.exposure, 30);
  // The header names another known filter than the letter: the camera's card wins.
  const green = galleryEntry(
    stored("m42_20250901_220000_1_abcdef_r.fits"),
    facts({ filter: "Green" }),
  );
  assert.equal(green.filter, "Green");
  // A name without a known letter takes the header's label.
  const v = galleryEntry(
    stored("m42_20250901_220000_1_abcdef_h.fits"),
    facts({ filter: "V-Band" }),
  );
  assert.equal(v.filter, "Johnson V");
  // No header facts (a picture, an unreadable file): the name's letter, no exposure.
  const none = galleryEntry(stored("m42_20250901_220000_1_abcdef_lrgb.png"), undefined);
  assert.equal(none.filter, "LRGB");
  assert.equal(none.exposure, null);
});

Deno.test("entries carry every catalog designation of the object, preferred first", async () => {
  const dir = await tempDir();
  try {
    recordFiles(dir, [{
      key: "f1",
      path: "M42/a_l.fits",
      bytes: starFieldFits({ width: 20, height: 20, seed: 1 }),
      title: "Great Orion Nebula (NGC 1976)",
    }]);
    const [e] = readLibrary(dir).files;
    assert.equal(e.designation, "M42");
    assert.deepEqual(e.designations.slice(0, 2), ["M42", "NGC1976"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

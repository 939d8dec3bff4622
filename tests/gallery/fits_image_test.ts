import assert from "node:assert/strict";
import { readFitsData } from "../../src/gallery/fits_image.ts";
import { formatFitsHeader } from "../../src/fits/header.ts";
import { spectrumFits, starFieldFits, starFieldFitsAs } from "../simulator/star_field.ts";

const field = { width: 48, height: 32, seed: 5 };

function image(bytes: Uint8Array) {
  const d = readFitsData(bytes);
  assert.equal(d.kind, "image");
  return d.plane;
}

Deno.test("16-bit frames read as physical values through BZERO", () => {
  const p = image(starFieldFits(field));
  assert.equal(p.width, 48);
  assert.equal(p.height, 32);
  const min = Math.min(...p.data);
  // Sky near 1,000 ADU: stored as value - 32,768, read back above zero.
  assert.ok(min > 500 && min < 1100, `min ${min}`);
});

Deno.test("every BITPIX gives the same picture, scaled", () => {
  const ref = image(starFieldFits(field)).data;
  for (const bitpix of [8, 32, -32, -64] as const) {
    const p = image(starFieldFitsAs(field, bitpix)).data;
    // Correlation with the 16-bit frame: same scene, other units and rounding.
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const [ma, mb] = [mean(ref), mean(p)];
    let num = 0, da = 0, db = 0;
    for (let i = 0; i < ref.length; i++) {
      num += (ref[i] - ma) * (p[i] - mb);
      da += (ref[i] - ma) ** 2;
      db += (p[i] - mb) ** 2;
    }
    assert.ok(num / Math.sqrt(da * db) > 0.9, `BITPIX ${bitpix}`);
  }
});

Deno.test("BSCALE applies and the bottom row is shown last", () => {
  const header = formatFitsHeader([
    ["SIMPLE", true],
    ["BITPIX", 16],
    ["NAXIS", 2],
    ["NAXIS1", 2],
    ["NAXIS2", 2],
    ["BSCALE", 2],
    ["BZERO", 10],
  ]);
  const data = new Uint8Array(2880);
  new DataView(data.buffer).setInt16(0, 1); // first stored row = bottom of the image
  const p = image(new Uint8Array([...header, ...data]));
  assert.deepEqual([...p.data], [10, 10, 12, 10]);
});

Deno.test("a cube shows its first plane; a 1-D file is a series", () => {
  const cube = image(starFieldFits(field, {}, 3));
  const flat = image(starFieldFits(field));
  assert.deepEqual(cube.data, flat.data);
  const d = readFitsData(spectrumFits(500, 1));
  assert.equal(d.kind, "series");
  assert.equal(d.kind === "series" && d.values.length, 500);
});

Deno.test("bad FITS are refused with a reason", () => {
  assert.throws(() => readFitsData(new Uint8Array(100)), /not a FITS file/);
  const short = starFieldFits(field).subarray(0, 4000);
  assert.throws(() => readFitsData(short), /shorter/);
  const empty = formatFitsHeader([["SIMPLE", true], ["BITPIX", 8], ["NAXIS", 0]]);
  assert.throws(() => readFitsData(empty), /no data/);
});

/** A 16-bit 5 × 3 frame (stored rows bottom first), BSCALE 2, BZERO 10, with extra cards. */
function small(values: number[], extra: [string, number][] = []): Uint8Array {
  const header = formatFitsHeader([
    ["SIMPLE", true],
    ["BITPIX", 16],
    ["NAXIS", 2],
    ["NAXIS1", 5],
    ["NAXIS2", 3],
    ["BSCALE", 2],
    ["BZERO", 10],
    ...extra,
  ]);
  const data = new Uint8Array(2880);
  values.forEach((v, i) => new DataView(data.buffer).setInt16(i * 2, v));
  return new Uint8Array([...header, ...data]);
}

Deno.test("binned to fit a long side: means of whole-factor boxes, edges and BLANK included", () => {
  // Stored bottom row first: rows 0..2 are 1 2 3 4 5 / 6 7 8 9 10 / 11 12 13 14 15.
  const values = Array.from({ length: 15 }, (_, i) => i + 1);
  const full = readFitsData(small(values));
  assert.equal(full.kind === "image" && full.plane.width, 5);
  // Long side 3 → factor 2: boxes of the top two shown rows (stored rows 2 and 1), then row 0.
  const d = readFitsData(small(values), 3);
  assert.ok(d.kind === "image");
  assert.deepEqual([d.plane.width, d.plane.height], [3, 2]);
  const phys = (...stored: number[]) =>
    Math.fround(10 + 2 * stored.reduce((a, b) => a + b) / stored.length);
  assert.deepEqual([...d.plane.data], [
    phys(11, 12, 6, 7),
    phys(13, 14, 8, 9),
    phys(15, 10),
    phys(1, 2),
    phys(3, 4),
    phys(5),
  ]);
  // With BLANK, a blank value is left out of its box's mean, and an all-blank box is NaN.
  const blanked = values.map((v) => (v === 11 || v === 5 ? -1 : v));
  const b = readFitsData(small(blanked, [["BLANK", -1]]), 3);
  assert.ok(b.kind === "image");
  assert.deepEqual([...b.plane.data].slice(0, 5), [
    phys(12, 6, 7),
    ...[...d.plane.data].slice(1, 5),
  ]);
  assert.ok(Number.isNaN(b.plane.data[5]));
});

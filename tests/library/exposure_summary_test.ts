import assert from "node:assert/strict";
import { formatExposureLine, summarizeExposures } from "../../src/library/exposure_summary.ts";
import { opticalFilter } from "../../src/library/optical_filter.ts";
import { objectName } from "../../src/library/catalog.ts";
import { fitsRecords } from "../fixtures/mod.ts";

Deno.test("frames and exposure per object and filter, from the real records", () => {
  // The records' frames of CD-43 14304 (name code 210006m423845), counted with grep: e 8, v 11,
  // d 7, i 4.
  const frames = fitsRecords().filter((r) => r.name.startsWith("210006m423845_")).map((r) => ({
    object: "CD-43 14304",
    filter: opticalFilter(r.name),
    exposureSeconds: r.exptime,
  }));
  const [o] = summarizeExposures(frames);
  assert.equal(o.frames, frames.length);
  assert.equal(o.totalSeconds, 45 * frames.length);
  assert.deepEqual(o.filters.map((f) => f.filter), [
    "Johnson B",
    "Johnson V",
    "Cousins Rc",
    "Cousins Ic",
  ]);
  assert.equal(
    formatExposureLine(o),
    "CD-43 14304  Johnson B 8×45 s  V 11×45 s  Rc 7×45 s  Ic 4×45 s",
  );
});

Deno.test("objects by total exposure; unknown lengths and unnamed letters are kept", () => {
  const m42 = objectName("Orion Nebula (M42)");
  const summary = summarizeExposures([
    ...Array(12).fill({ object: m42, filter: "Luminance", exposureSeconds: 50 }),
    ...Array(4).fill({ object: m42, filter: "Red", exposureSeconds: 20 }),
    { object: m42, filter: "Red", exposureSeconds: null },
    { object: m42, filter: "h", exposureSeconds: 300 },
    { object: "Saturn", filter: "Colour", exposureSeconds: 0.5 },
  ]);
  assert.deepEqual(summary.map((o) => [o.object, o.frames, o.totalSeconds]), [
    ["M42", 18, 980],
    ["Saturn", 1, 0.5],
  ]);
  assert.equal(formatExposureLine(summary[0]), "M42  L 12×50 s  R 4×20 s+1×? s  h 1×300 s");
  assert.equal(formatExposureLine(summary[1]), "Saturn  Colour 1×0.5 s");
});

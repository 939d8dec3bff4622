import assert from "node:assert/strict";
import { applyStretch, autoStretch, mtf, TARGET_BACKGROUND } from "../../src/gallery/stretch.ts";
import { readFitsData } from "../../src/gallery/fits_image.ts";
import { starFieldFits } from "../simulator/star_field.ts";

Deno.test("the midtones transfer function keeps the ends and sends m to one half", () => {
  assert.equal(mtf(0.2, 0), 0);
  assert.equal(mtf(0.2, 1), 1);
  assert.ok(Math.abs(mtf(0.2, 0.2) - 0.5) < 1e-12);
});

Deno.test("auto stretch puts a star field's background at 25 % and spreads the levels", () => {
  const d = readFitsData(starFieldFits({ width: 200, height: 150, seed: 9 }));
  assert.equal(d.kind, "image");
  if (d.kind !== "image") return;
  const s = autoStretch(d.plane.data);
  assert.ok(s.shadows > 0, "shadows clipped");
  const grey = applyStretch(d.plane.data, s);
  const sorted = [...grey].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1] / 255;
  assert.ok(Math.abs(median - TARGET_BACKGROUND) < 0.03, `median ${median}`);
  assert.ok(new Set(grey).size > 100, "many grey levels");
  assert.equal(sorted.at(-1), 255, "stars reach white");
});

Deno.test("flat or empty data never divides by zero", () => {
  const flat = applyStretch(
    new Float32Array(16).fill(7),
    autoStretch(new Float32Array(16).fill(7)),
  );
  assert.equal(flat.length, 16);
  const nan = autoStretch(new Float32Array([NaN, NaN]));
  assert.equal(nan.midtones, 0.5);
});

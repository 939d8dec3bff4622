import assert from "node:assert/strict";
import {
  applyStretch,
  autoStretch,
  median,
  mtf,
  TARGET_BACKGROUND,
} from "../../src/gallery/stretch.ts";
import { readFitsData } from "../../src/gallery/fits_image.ts";
import { starFieldFits } from "../simulator/star_field.ts";
import { mulberry32 } from "../simulator/account.ts";

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
  const grey = applyStretch(d.plane.data, s);
  const sorted = [...grey].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1] / 255;
  assert.ok(Math.abs(median - TARGET_BACKGROUND) < 0.03, `median ${median}`);
  assert.ok(new Set(grey).size > 100, "many grey levels");
  assert.equal(sorted.at(-1), 255, "stars reach white");
});

Deno.test("shadows are clipped at median − 2.8 × MADN of the normalised data", () => {
  const rng = mulberry32(4);
  const data = new Float32Array(10_002);
  for (let i = 0; i < 10_000; i++) {
    // Gaussian sky: median 1,000, sigma 10 (MADN estimates sigma).
    data[i] = 1000 + 10 * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  }
  data[10_000] = 0;
  data[10_001] = 2000;
  const s = autoStretch(data);
  assert.equal(s.low, 0);
  assert.equal(s.high, 2000);
  assert.ok(Math.abs(s.shadows - (1000 - 28) / 2000) < 0.002, `shadows ${s.shadows}`);
  // The midtones balance sends the sky to the target once the shadows are cut.
  assert.ok(
    Math.abs(mtf(s.midtones, (0.5 - s.shadows) / (1 - s.shadows)) - TARGET_BACKGROUND) < 0.01,
  );
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

Deno.test("the median by selection is the sorted middle, for odd, even and repeated values", () => {
  const random = mulberry32(7);
  for (const n of [1, 2, 3, 10, 101, 1000, 5001]) {
    for (const levels of [3, 1000, 1e9]) {
      const values = Float32Array.from({ length: n }, () => Math.floor(random() * levels));
      const sorted = values.slice().sort();
      const want = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      assert.equal(median(values), want, `n ${n}, ${levels} levels`);
    }
  }
});

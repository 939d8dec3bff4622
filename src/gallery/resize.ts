/**
 * Box downscaling: each output pixel is the mean of the source pixels it covers. For previews of
 * 3–10× reduction this is as sharp as a windowed filter and far cheaper, and averaging the
 * noise is what the stretch's statistics want.
 */
import type { Plane } from "./fits_image.ts";

/** An interleaved 8-bit raster (1 = grey, 3 = RGB, 4 = RGBA channels). */
export interface Raster {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/** Output size for a long side of at most `long` px (never upscaled). */
export function fitSize(width: number, height: number, long: number): [number, number] {
  const scale = Math.min(1, long / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

/** First source column (or row) of each output one, plus the end: `n + 1` bounds. */
function bounds(src: number, out: number): Int32Array {
  const b = new Int32Array(out + 1);
  for (let i = 0; i <= out; i++) b[i] = Math.min(src, Math.round((i * src) / out));
  return b;
}

/** Box-downscales a plane of values (NaN ignored) to fit `long` px. */
export function shrinkPlane(p: Plane, long: number): Plane {
  const [w, h] = fitSize(p.width, p.height, long);
  const xb = bounds(p.width, w);
  const yb = bounds(p.height, h);
  const colOf = new Int32Array(p.width);
  for (let x = 0; x < w; x++) colOf.fill(x, xb[x], xb[x + 1]);
  const sum = new Float64Array(w);
  const cnt = new Int32Array(w);
  const out = new Float32Array(w * h);
  const data = p.data;
  for (let y = 0; y < h; y++) {
    sum.fill(0);
    cnt.fill(0);
    // Rows are read in order, each value added to its box's column: one pass, no inner loops.
    for (let sy = yb[y]; sy < yb[y + 1]; sy++) {
      for (let sx = 0, at = sy * p.width; sx < p.width; sx++, at++) {
        const v = data[at];
        if (v === v) (sum[colOf[sx]] += v), cnt[colOf[sx]]++;
      }
    }
    for (let x = 0; x < w; x++) out[y * w + x] = cnt[x] > 0 ? sum[x] / cnt[x] : NaN;
  }
  return { width: w, height: h, data: out };
}

/** Box-downscales an 8-bit raster to fit `long` px, dropping alpha (composited over black). */
export function shrinkRaster(r: Raster, long: number): Raster {
  const [w, h] = fitSize(r.width, r.height, long);
  const xb = bounds(r.width, w);
  const yb = bounds(r.height, h);
  const colour = r.channels >= 3 ? 3 : 1;
  const alpha = r.channels === 4 || r.channels === 2;
  const sum = new Float64Array(w * colour);
  const out = new Uint8Array(w * h * colour);
  const colOf = new Int32Array(r.width);
  for (let x = 0; x < w; x++) colOf.fill(x, xb[x], xb[x + 1]);
  const data = r.data;
  for (let y = 0; y < h; y++) {
    sum.fill(0);
    for (let sy = yb[y]; sy < yb[y + 1]; sy++) {
      let at = sy * r.width * r.channels;
      if (r.channels === 3) {
        // The common case (RGB pictures) without the alpha and channel loops.
        for (let x = 0; x < w; x++) {
          let red = 0, green = 0, blue = 0;
          const end = at + (xb[x + 1] - xb[x]) * 3;
          for (; at < end; at += 3) {
            red += data[at];
            green += data[at + 1];
            blue += data[at + 2];
          }
          sum[x * 3] += red;
          sum[x * 3 + 1] += green;
          sum[x * 3 + 2] += blue;
        }
        continue;
      }
      for (let sx = 0; sx < r.width; sx++, at += r.channels) {
        const o = colOf[sx] * colour;
        const a = alpha ? data[at + r.channels - 1] / 255 : 1;
        for (let c = 0; c < colour; c++) sum[o + c] += data[at + c] * a;
      }
    }
    const rows = yb[y + 1] - yb[y];
    for (let x = 0; x < w; x++) {
      const n = rows * (xb[x + 1] - xb[x]);
      for (let c = 0; c < colour; c++) {
        out[(y * w + x) * colour + c] = Math.round(sum[x * colour + c] / n);
      }
    }
  }
  return { width: w, height: h, channels: colour, data: out };
}

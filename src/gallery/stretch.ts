/**
 * The automatic stretch of linear astronomical data, as PixInsight's screen transfer function
 * (STF) and Siril's autostretch compute it: normalise, clip shadows at median − 2.8 × MADN, and
 * pick the midtones balance that puts the median (the sky background) at 25 % grey.
 */

/** Shadows clipping point, in normalised MADs below the median (PixInsight's default). */
export const SHADOWS_CLIP = -2.8;
/** Where the background lands after the stretch (PixInsight's default 0.25). */
export const TARGET_BACKGROUND = 0.25;
/** MAD → standard deviation of a normal distribution. */
const MADN = 1.4826;

/** Parameters of a stretch, for data normalised to [0, 1] by `low` and `high`. */
export interface Stretch {
  low: number;
  high: number;
  /** Shadows clipping point in normalised units. */
  shadows: number;
  /** Midtones balance. */
  midtones: number;
}

/** The midtones transfer function: maps `m` to 0.5, keeps 0 and 1. */
export function mtf(m: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return ((m - 1) * x) / ((2 * m - 1) * x - m);
}

/** The k-th smallest value (0-based), moving values of `a` around (Hoare's quickselect). */
function select(a: Float32Array, k: number): number {
  let lo = 0, hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** The median, in linear time: a sort of the sample cost more than the rest of the stretch. */
export function median(values: Float32Array): number {
  const a = values.slice();
  const n = a.length;
  const upper = select(a, n >> 1);
  if (n % 2) return upper;
  // The lower middle is the largest value left of the upper one after the selection.
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/** Most values the statistics are computed on: a strided sample beyond that is as good. */
const SAMPLE = 20_000;

/** Finite values of a plane (NaN from BLANK or float data left out), at most SAMPLE of them. */
function finite(data: Float32Array): Float32Array {
  const step = Math.max(1, Math.floor(data.length / SAMPLE));
  let n = 0;
  const out = new Float32Array(Math.ceil(data.length / step));
  for (let i = 0; i < data.length; i += step) if (Number.isFinite(data[i])) out[n++] = data[i];
  return out.subarray(0, n);
}

/** The STF parameters of linear data, computed from (a downsampled copy of) the data itself. */
export function autoStretch(data: Float32Array): Stretch {
  const values = finite(data);
  if (values.length === 0) return { low: 0, high: 1, shadows: 0, midtones: 0.5 };
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  if (high <= low) return { low, high: low + 1, shadows: 0, midtones: 0.5 };
  const span = high - low;
  const norm = values.map((v) => (v - low) / span);
  const med = median(norm);
  const mad = median(norm.map((v) => Math.abs(v - med))) * MADN;
  const shadows = Math.min(1, Math.max(0, med + SHADOWS_CLIP * mad));
  // The midtones balance that sends the clipped median to the target: mtf(m, med') = target.
  const midtones = mtf(TARGET_BACKGROUND, (med - shadows) / (1 - shadows || 1));
  return { low, high, shadows, midtones };
}

/** Levels of the lookup table applyStretch maps through: finer than 8-bit output needs. */
const LUT_SIZE = 1 << 14;

/** Applies a stretch: linear values → 0..255 grey levels (through a lookup table). */
export function applyStretch(data: Float32Array, s: Stretch): Uint8Array {
  const lut = new Uint8Array(LUT_SIZE + 1);
  const range = 1 - s.shadows || 1;
  for (let i = 0; i <= LUT_SIZE; i++) {
    lut[i] = Math.round(mtf(s.midtones, (i / LUT_SIZE - s.shadows) / range) * 255);
  }
  const k = LUT_SIZE / (s.high - s.low);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const x = (data[i] - s.low) * k;
    // NaN fails both tests and stays black.
    if (x >= LUT_SIZE) out[i] = lut[LUT_SIZE];
    else if (x > 0) out[i] = lut[x | 0];
  }
  return out;
}

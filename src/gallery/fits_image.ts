/**
 * The data of a FITS primary HDU as physical values (BZERO + BSCALE × stored), for previews:
 * a 2-D image (the first plane of a cube) or a 1-D series (a spectrum).
 */
import { type CardValue, type FitsCards, parseFitsHeader } from "../fits/header.ts";

/** A 2-D plane of physical values, row 0 at the top as a viewer shows it. */
export interface Plane {
  width: number;
  height: number;
  data: Float32Array;
}

/** What a FITS file holds for a preview. */
export type FitsData =
  | { kind: "image"; plane: Plane; cards: FitsCards }
  | { kind: "series"; values: Float32Array; cards: FitsCards };

const num = (v: CardValue | undefined, fallback: number): number =>
  typeof v === "number" && Number.isFinite(v) ? v : fallback;

/**
 * Decodes the first image of a FITS file, binned `k` × `k` with `k` the least whole factor that
 * brings its long side within `long` px (a series is never binned); throws with a short reason
 * when it holds none.
 */
export function readFitsData(bytes: Uint8Array, long = Infinity): FitsData {
  const cards = parseFitsHeader(bytes);
  if (!cards) throw new Error("not a FITS file");
  const h = cards.values;
  const bitpix = num(h.get("BITPIX"), 0);
  const naxis = num(h.get("NAXIS"), 0);
  const axes = Array.from({ length: naxis }, (_, i) => num(h.get(`NAXIS${i + 1}`), 0));
  // Degenerate axes (NAXIS2 = 1) make a series of an image-shaped header.
  const sized = axes.filter((n) => n > 1);
  if (![8, 16, 32, -32, -64].includes(bitpix)) throw new Error(`unsupported BITPIX ${bitpix}`);
  if (sized.length === 0) throw new Error("no data in the primary HDU");
  const count = sized.length === 1 ? sized[0] : sized[0] * sized[1];
  const size = Math.abs(bitpix) / 8;
  if (cards.dataOffset + count * size > bytes.length) {
    throw new Error("data shorter than NAXIS says");
  }
  const width = sized[0];
  const rows = sized.length === 1 ? 1 : sized[1];
  const k = sized.length === 1 ? 1 : Math.max(1, Math.ceil(Math.max(width, rows) / long));
  const src = { bytes, offset: cards.dataOffset, width, rows, bitpix };
  const plane = binned(src, k, h);
  if (sized.length === 1) return { kind: "series", values: plane.data, cards };
  return { kind: "image", plane, cards };
}

/** Where a primary HDU's stored values are. */
interface Stored {
  bytes: Uint8Array;
  offset: number;
  width: number;
  rows: number;
  bitpix: number;
}

/** Stored big-endian values of file row `y` into `row`; BLANK and NaN become NaN. */
function decodeRow(s: Stored, view: DataView, y: number, blank: number, row: Float64Array) {
  const { bytes, width, bitpix } = s;
  const first = y * width;
  // One loop per BITPIX: a per-value reader function costs 5×.
  if (bitpix === 16) {
    for (let x = 0, at = s.offset + first * 2; x < width; x++, at += 2) {
      const v = ((bytes[at] << 24) >> 16) | bytes[at + 1];
      row[x] = v === blank ? NaN : v;
    }
  } else if (bitpix === 8) {
    for (let x = 0, at = s.offset + first; x < width; x++, at++) {
      const v = bytes[at];
      row[x] = v === blank ? NaN : v;
    }
  } else if (bitpix === 32) {
    for (let x = 0; x < width; x++) {
      const v = view.getInt32((first + x) * 4);
      row[x] = v === blank ? NaN : v;
    }
  } else if (bitpix === -32) {
    for (let x = 0; x < width; x++) row[x] = view.getFloat32((first + x) * 4);
  } else {
    for (let x = 0; x < width; x++) row[x] = view.getFloat64((first + x) * 8);
  }
}

/**
 * Physical values (BZERO + BSCALE × stored) of `k` × `k` boxes, averaged over their defined
 * values (NaN where none), rows in reverse order: FITS stores the bottom row first, a viewer
 * shows the top one first. One pass over the data: the full-size plane is never made. BZERO and
 * BSCALE are applied to each box's mean (they are linear).
 */
function binned(s: Stored, k: number, h: ReadonlyMap<string, CardValue>): Plane {
  const zero = num(h.get("BZERO"), 0);
  const scale = num(h.get("BSCALE"), 1);
  const blankCard = h.get("BLANK");
  const blank = s.bitpix > 0 && typeof blankCard === "number" ? blankCard : NaN;
  const w = Math.ceil(s.width / k);
  const height = Math.ceil(s.rows / k);
  const box = new Int32Array(s.width);
  for (let x = 0; x < s.width; x++) box[x] = (x / k) | 0;
  const out = new Float32Array(w * height);
  // Whole-number data without undefined values (real Slooh frames) is summed in integers.
  if (s.bitpix === 16 && Number.isNaN(blank) && k <= 128) {
    binned16(s, k, box, out, zero, scale);
    return { width: w, height, data: out };
  }
  const view = new DataView(
    s.bytes.buffer,
    s.bytes.byteOffset + s.offset,
    s.width * s.rows * (Math.abs(s.bitpix) / 8),
  );
  const row = new Float64Array(s.width);
  const sum = new Float64Array(w);
  const cnt = new Int32Array(w);
  for (let oy = 0; oy < height; oy++) {
    sum.fill(0);
    cnt.fill(0);
    for (let sy = oy * k, end = Math.min(s.rows, sy + k); sy < end; sy++) {
      decodeRow(s, view, s.rows - 1 - sy, blank, row);
      for (let x = 0; x < s.width; x++) {
        const v = row[x];
        if (v === v) (sum[box[x]] += v), cnt[box[x]]++;
      }
    }
    for (let x = 0, at = oy * w; x < w; x++, at++) {
      out[at] = cnt[x] > 0 ? zero + (scale * sum[x]) / cnt[x] : NaN;
    }
  }
  return { width: w, height, data: out };
}

/** binned() for 16-bit data with no BLANK: Int32 sums (k ≤ 128 keeps them below 2^31). */
function binned16(
  s: Stored,
  k: number,
  box: Int32Array,
  out: Float32Array,
  zero: number,
  scale: number,
): void {
  const { bytes, width, rows } = s;
  const w = Math.ceil(width / k);
  const sum = new Int32Array(w);
  const across = new Int32Array(w);
  for (let x = 0; x < width; x++) across[box[x]]++;
  for (let oy = 0, at = 0; oy < out.length / w; oy++) {
    sum.fill(0);
    const end = Math.min(rows, oy * k + k);
    for (let sy = oy * k; sy < end; sy++) {
      let p = s.offset + (rows - 1 - sy) * width * 2;
      for (let x = 0; x < width; x++, p += 2) {
        sum[box[x]] += ((bytes[p] << 24) >> 16) | bytes[p + 1];
      }
    }
    const down = end - oy * k;
    for (let x = 0; x < w; x++, at++) out[at] = zero + (scale * sum[x]) / (down * across[x]);
  }
}

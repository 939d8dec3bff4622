/**
 * The data of a FITS primary HDU as physical values (BZERO + BSCALE × stored), for previews:
 * a 2-D image (the first plane of a cube) or a 1-D series (a spectrum).
 */
import { type CardValue, parseFitsHeader } from "../fits/header.ts";

/** A 2-D plane of physical values, row 0 at the top as a viewer shows it. */
export interface Plane {
  width: number;
  height: number;
  data: Float32Array;
}

/** What a FITS file holds for a preview. */
export type FitsData =
  | { kind: "image"; plane: Plane; header: ReadonlyMap<string, CardValue> }
  | { kind: "series"; values: Float32Array; header: ReadonlyMap<string, CardValue> };

const num = (v: CardValue | undefined, fallback: number): number =>
  typeof v === "number" && Number.isFinite(v) ? v : fallback;

/** Decodes the first image of a FITS file; throws with a short reason when it holds none. */
export function readFitsData(bytes: Uint8Array): FitsData {
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
  // FITS stores the bottom row first (y grows upwards); images are shown top row first.
  const width = sized[0];
  const rows = sized.length === 1 ? 1 : sized[1];
  const values = physical(bytes, cards.dataOffset, width, rows, bitpix, h);
  if (sized.length === 1) return { kind: "series", values, header: h };
  return { kind: "image", plane: { width, height: rows, data: values }, header: h };
}

/**
 * Stored big-endian values → BZERO + BSCALE × value, rows in reverse order; undefined values
 * (BLANK, NaN) become NaN. One loop per BITPIX: a per-value reader function costs 5×.
 */
function physical(
  bytes: Uint8Array,
  offset: number,
  width: number,
  rows: number,
  bitpix: number,
  h: ReadonlyMap<string, CardValue>,
): Float32Array {
  const zero = num(h.get("BZERO"), 0);
  const scale = num(h.get("BSCALE"), 1);
  const blankCard = h.get("BLANK");
  const blank = bitpix > 0 && typeof blankCard === "number" ? blankCard : NaN;
  const size = Math.abs(bitpix) / 8;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, width * rows * size);
  const out = new Float32Array(width * rows);
  for (let y = 0; y < rows; y++) {
    const src = y * width;
    const dst = (rows - 1 - y) * width;
    for (let x = 0; x < width; x++) {
      const i = src + x;
      let v: number;
      if (bitpix === 16) {
        const at = offset + i * 2;
        v = ((bytes[at] << 24) >> 16) | bytes[at + 1];
      } else if (bitpix === 8) v = bytes[offset + i];
      else if (bitpix === 32) v = view.getInt32(i * 4);
      else if (bitpix === -32) v = view.getFloat32(i * 4);
      else v = view.getFloat64(i * 8);
      out[dst + x] = v === blank ? NaN : zero + scale * v;
    }
  }
  return out;
}

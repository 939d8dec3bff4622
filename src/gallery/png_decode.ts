/**
 * A PNG decoder for the common case (8- or 16-bit, not interlaced): zlib's native inflate and
 * the scanline filters undone in place. Measured 4–5× faster than pngjs on a 2,184 × 1,472 RGB
 * picture, which spends its time expanding to RGBA and normalising; pngjs still decodes the
 * rest (interlaced, 1/2/4-bit).
 */
import { inflateSync } from "node:zlib";
// @ts-types="@types/pngjs"
import { PNG } from "pngjs";
import { Buffer } from "node:buffer";
import type { Raster } from "./resize.ts";

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Undoes the filters of every scanline; returns the raw rows without filter bytes. */
function unfilter(data: Uint8Array, rows: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(rows * stride);
  const zero = new Uint8Array(stride);
  for (let y = 0; y < rows; y++) {
    const type = data[y * (stride + 1)];
    const src = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = out.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? out.subarray((y - 1) * stride, y * stride) : zero;
    // One loop per filter type: a type test per byte halves the speed.
    if (type === 0) cur.set(src);
    else if (type === 1) {
      for (let x = 0; x < bpp; x++) cur[x] = src[x];
      for (let x = bpp; x < stride; x++) cur[x] = src[x] + cur[x - bpp];
    } else if (type === 2) {
      for (let x = 0; x < stride; x++) cur[x] = src[x] + up[x];
    } else if (type === 3) {
      for (let x = 0; x < bpp; x++) cur[x] = src[x] + (up[x] >> 1);
      for (let x = bpp; x < stride; x++) cur[x] = src[x] + ((cur[x - bpp] + up[x]) >> 1);
    } else if (type === 4) {
      for (let x = 0; x < bpp; x++) cur[x] = src[x] + up[x];
      for (let x = bpp; x < stride; x++) {
        // Paeth predictor (inlined: a call per byte costs a third of the decode).
        const a = cur[x - bpp], b = up[x], c = up[x - bpp];
        const p = a + b - c;
        const pa = p > a ? p - a : a - p, pb = p > b ? p - b : b - p, pc = p > c ? p - c : c - p;
        cur[x] = src[x] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
    } else throw new Error(`bad PNG filter type ${type}`);
  }
  return out;
}

/** Decodes a PNG to an 8-bit raster (16-bit samples keep their high byte; palettes become RGB). */
export function decodePng(bytes: Uint8Array): Raster {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let width = 0, height = 0, depth = 0, colour = 0, interlace = 0;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      [depth, colour] = [body[8], body[9]];
      interlace = body[12];
    } else if (type === "PLTE") palette = body;
    else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    at += 12 + length;
  }
  const channels = CHANNELS[colour];
  if (!width || !height || !channels) throw new Error("not a valid PNG");
  if (interlace || depth < 8) return viaPngjs(bytes);
  const bytesPerSample = depth / 8;
  const stride = width * channels * bytesPerSample;
  // The inflated Buffer is a Uint8Array already: wrapping it again would copy 10 MB a picture.
  const inflated: Uint8Array = inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat));
  const raw = unfilter(inflated, height, stride, channels * bytesPerSample);
  let data = raw;
  if (bytesPerSample === 2) {
    data = new Uint8Array(width * height * channels);
    for (let i = 0; i < data.length; i++) data[i] = raw[i * 2];
  }
  if (colour === 3) {
    if (!palette) throw new Error("PNG palette missing");
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0; i < data.length; i++) {
      rgb.set(palette.subarray(data[i] * 3, data[i] * 3 + 3), i * 3);
    }
    return { width, height, channels: 3, data: rgb };
  }
  return { width, height, channels, data };
}

function viaPngjs(bytes: Uint8Array): Raster {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  return { width: png.width, height: png.height, channels: 4, data: png.data };
}

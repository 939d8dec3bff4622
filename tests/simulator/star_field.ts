/**
 * Realistic file bodies: deterministic star fields with noise and a nebula gradient, as real PNG
 * pictures (8-bit RGB, stretched like a processed picture) and FITS frames (16-bit linear data,
 * like a raw frame). The same seed gives the same stars in every filter of a mission set.
 */
// @ts-types="@types/pngjs"
import { PNG } from "pngjs";
import { Buffer } from "node:buffer";
import { type CardValue, FITS_BLOCK, formatFitsHeader } from "../../src/fits/header.ts";
import { mulberry32 } from "./account.ts";

/** What a field looks like. */
export interface FieldOptions {
  width: number;
  height: number;
  seed: number;
  /** Stars per megapixel (default 400). */
  density?: number;
  /** Weight of each colour channel [r, g, b] in the light (default [1, 1, 1]). */
  colour?: readonly [number, number, number];
}

/** A linear scene: photon counts above zero, one plane per channel. */
interface Scene {
  width: number;
  height: number;
  planes: Float32Array[];
}

interface Star {
  x: number;
  y: number;
  flux: number;
  sigma: number;
  tint: [number, number, number];
}

function stars(o: FieldOptions): Star[] {
  const rng = mulberry32(o.seed);
  const n = Math.round(((o.density ?? 400) * o.width * o.height) / 1e6);
  const out: Star[] = [];
  for (let i = 0; i < n; i++) {
    // Pareto fluxes: many faint stars, a few bright ones, as in any field.
    const flux = 300 / Math.pow(1 - rng() * 0.999, 1.3);
    const warm = rng();
    out.push({
      x: rng() * o.width,
      y: rng() * o.height,
      flux,
      sigma: 0.9 + rng() * 0.8,
      tint: [0.8 + 0.4 * warm, 1, 1.2 - 0.4 * warm],
    });
  }
  return out;
}

/** A gaussian sample from two uniforms (Box–Muller). */
function gauss(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Renders the linear scene of `channels` planes: sky, nebula, stars, shot and read noise. */
function scene(o: FieldOptions, channels: number): Scene {
  const { width: w, height: h } = o;
  const colour = o.colour ?? [1, 1, 1];
  const planes = Array.from({ length: channels }, () => new Float32Array(w * h));
  const rng = mulberry32(o.seed ^ 0x5bd1e995);
  const cx = w * (0.3 + 0.4 * rng());
  const cy = h * (0.3 + 0.4 * rng());
  const r2 = Math.pow(Math.min(w, h) * 0.3, 2);
  // Nebula tints: red (H-alpha) glow with a blue-green core.
  const nebula = [[1, 0.35, 0.45], [0.4, 0.8, 1], [0.6, 0.6, 0.6]];
  for (let c = 0; c < channels; c++) {
    const weight = channels === 1 ? 1 : colour[c];
    const p = planes[c];
    for (let y = 0; y < h; y++) {
      const gy = (y - cy) * (y - cy);
      for (let x = 0; x < w; x++) {
        const d = ((x - cx) * (x - cx) + gy) / r2;
        const glow = 900 * Math.exp(-d) * (channels === 1 ? 1 : nebula[0][c] + nebula[1][c] * 0.5);
        // Sky background with a gentle gradient across the frame (light pollution, moon).
        p[y * w + x] = (1000 + 150 * (x / w) + 80 * (y / h)) * weight + glow * weight;
      }
    }
  }
  for (const s of stars(o)) {
    const r = Math.ceil(s.sigma * 4);
    const x0 = Math.max(0, Math.floor(s.x - r));
    const x1 = Math.min(w - 1, Math.ceil(s.x + r));
    const y0 = Math.max(0, Math.floor(s.y - r));
    const y1 = Math.min(h - 1, Math.ceil(s.y + r));
    const k = s.flux / (2 * Math.PI * s.sigma * s.sigma);
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const v = k * Math.exp(-((x - s.x) ** 2 + (y - s.y) ** 2) / (2 * s.sigma * s.sigma));
        for (let c = 0; c < channels; c++) {
          planes[c][y * w + x] += v * (channels === 1 ? 1 : s.tint[c] * colour[c]);
        }
      }
    }
  }
  for (const p of planes) {
    for (let i = 0; i < p.length; i++) p[i] += Math.sqrt(p[i]) * gauss(rng) + 8 * gauss(rng);
  }
  return { width: w, height: h, planes };
}

/** A processed picture: an 8-bit RGB PNG, already stretched (asinh) as Slooh's pictures are. */
export function starFieldPng(o: FieldOptions, deflateLevel = 9): Uint8Array {
  const s = scene(o, 3);
  const png = new PNG({ width: o.width, height: o.height, colorType: 2, inputHasAlpha: false });
  const data = Buffer.alloc(o.width * o.height * 3);
  for (let c = 0; c < 3; c++) {
    const p = s.planes[c];
    for (let i = 0; i < p.length; i++) {
      const v = Math.asinh(Math.max(0, p[i] - 1060) / 25) / Math.asinh(20000 / 25);
      data[i * 3 + c] = Math.max(0, Math.min(255, Math.round(v * 255)));
    }
  }
  png.data = data;
  return new Uint8Array(PNG.sync.write(png, { colorType: 2, inputHasAlpha: false, deflateLevel }));
}

/** Header cards of a simulated raw frame; enough of them to fill two blocks, as real ones do. */
function frameCards(
  width: number,
  height: number,
  axes: number[],
  bitpix: number,
  facts: FrameFacts,
): [string, CardValue, string?][] {
  const cards: [string, CardValue, string?][] = [
    ["SIMPLE", true, "conforms to FITS standard"],
    ["BITPIX", bitpix, "array data type"],
    ["NAXIS", axes.length, "number of array dimensions"],
    ...axes.map((n, i) => [`NAXIS${i + 1}`, n] as [string, CardValue]),
  ];
  if (bitpix === 16) cards.push(["BZERO", 32768, "offset data range to that of unsigned short"]);
  if (bitpix === 16) cards.push(["BSCALE", 1, "default scaling factor"]);
  cards.push(
    ["OBJECT", facts.object ?? "M42", "object name"],
    ["TELESCOP", facts.telescope ?? "Canary Two", "telescope"],
    ["INSTRUME", "High-Mag Camera", "camera"],
    ["FILTER", facts.filter ?? "Luminance", "filter"],
    ["EXPTIME", facts.exposure ?? 60, "exposure time in seconds"],
    ["DATE-OBS", facts.dateObs ?? "2025-09-05T21:30:00", "UTC start of exposure"],
    ["XBINNING", 1],
    ["YBINNING", 1],
    ["CCD-TEMP", -20.5, "sensor temperature (C)"],
    ["GAIN", 1.4, "electrons per ADU"],
    ["XPIXSZ", 9, "pixel size (microns)"],
    ["YPIXSZ", 9, "pixel size (microns)"],
  );
  for (let i = 0; cards.length < 40; i++) cards.push([`HIST${i}`, `calibration step ${i}`]);
  void width, height;
  return cards;
}

/** What a simulated FITS frame says about itself. */
export interface FrameFacts {
  object?: string;
  telescope?: string;
  filter?: string;
  exposure?: number;
  dateObs?: string;
}

function withData(header: Uint8Array, data: Uint8Array): Uint8Array {
  const total = Math.ceil((header.length + data.length) / FITS_BLOCK) * FITS_BLOCK;
  const out = new Uint8Array(total);
  out.set(header);
  out.set(data, header.length);
  return out;
}

/** A raw frame: 16-bit unsigned linear data (BZERO 32768), one plane (or `planes` of a cube). */
export function starFieldFits(o: FieldOptions, facts: FrameFacts = {}, planes = 1): Uint8Array {
  const s = scene(o, 1);
  const axes = planes > 1 ? [o.width, o.height, planes] : [o.width, o.height];
  const data = new Uint8Array(o.width * o.height * 2 * planes);
  for (let k = 0; k < planes; k++) unsigned16(s.planes[0], k + 1, data, k * o.width * o.height);
  return withData(formatFitsHeader(frameCards(o.width, o.height, axes, 16, facts)), data);
}

/** The field as a frame's data unit: 16-bit unsigned (BZERO 32768), big-endian, unpadded. */
export function starFieldData(o: FieldOptions): Uint8Array {
  const data = new Uint8Array(o.width * o.height * 2);
  unsigned16(scene(o, 1).planes[0], 1, data, 0);
  return data;
}

/** Writes `plane` × `scale` as BZERO-shifted 16-bit values into `out` from value `at` on. */
function unsigned16(plane: Float32Array, scale: number, out: Uint8Array, at: number): void {
  const view = new DataView(out.buffer, out.byteOffset);
  for (let i = 0; i < plane.length; i++) {
    const v = Math.max(0, Math.min(65535, Math.round(plane[i] * scale)));
    view.setInt16((at + i) * 2, v - 32768);
  }
}

/** A frame with the same scene written as BITPIX 8, 32, -32 or -64 (for decoder tests). */
export function starFieldFitsAs(o: FieldOptions, bitpix: 8 | 32 | -32 | -64): Uint8Array {
  const s = scene(o, 1);
  const n = o.width * o.height;
  const bytes = Math.abs(bitpix) / 8;
  const data = new Uint8Array(n * bytes);
  const view = new DataView(data.buffer);
  for (let i = 0; i < n; i++) {
    const v = s.planes[0][i];
    if (bitpix === 8) view.setUint8(i, Math.max(0, Math.min(255, Math.round((v - 800) / 4))));
    else if (bitpix === 32) view.setInt32(i * 4, Math.round(v));
    else if (bitpix === -32) view.setFloat32(i * 4, v / 65535);
    else view.setFloat64(i * 8, v / 65535);
  }
  const header = formatFitsHeader(frameCards(o.width, o.height, [o.width, o.height], bitpix, {}));
  return withData(header, data);
}

/** A 1-D FITS (a spectrum): continuum with absorption lines, as the spectroscope writes. */
export function spectrumFits(length: number, seed: number): Uint8Array {
  const rng = mulberry32(seed);
  const data = new Uint8Array(length * 4);
  const view = new DataView(data.buffer);
  for (let i = 0; i < length; i++) {
    const t = i / length;
    const continuum = 1000 * Math.exp(-((t - 0.45) ** 2) / 0.08);
    const lines = 1 - 0.6 * Math.exp(-((t - 0.3) ** 2) / 1e-5) -
      0.4 * Math.exp(-((t - 0.7) ** 2) / 2e-5);
    view.setFloat32(i * 4, continuum * lines + 5 * gauss(rng));
  }
  return withData(formatFitsHeader(frameCards(length, 1, [length], -32, {})), data);
}

/** The filters of a colour mission set and the light each lets through. */
export const RGBL: readonly { filter: string; suffix: string; colour: [number, number, number] }[] =
  [
    { filter: "Red", suffix: "r", colour: [1, 0, 0] },
    { filter: "Green", suffix: "g", colour: [0, 1, 0] },
    { filter: "Blue", suffix: "b", colour: [0, 0, 1] },
    { filter: "Luminance", suffix: "l", colour: [1, 1, 1] },
  ];

/**
 * One frame of a colour set: the same stars and nebula (same seed) seen through `filter`, so the
 * R, G and B frames of a mission combine into a colour picture.
 */
export function starFieldFilterFits(
  o: FieldOptions,
  filter: (typeof RGBL)[number],
  facts: FrameFacts = {},
): Uint8Array {
  const s = scene({ ...o, colour: [1, 1, 1] }, 3);
  const n = o.width * o.height;
  const data = new Uint8Array(n * 2);
  const view = new DataView(data.buffer);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let c = 0; c < 3; c++) v += s.planes[c][i] * filter.colour[c];
    if (filter.suffix === "l") v /= 3;
    view.setInt16(i * 2, Math.max(0, Math.min(65535, Math.round(v))) - 32768);
  }
  const header = formatFitsHeader(
    frameCards(o.width, o.height, [o.width, o.height], 16, { ...facts, filter: filter.filter }),
  );
  return withData(header, data);
}

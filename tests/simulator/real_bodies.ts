/**
 * Real bodies for the simulator's files, so that a simulated library's gallery shows skies: each
 * mission's star field as an 8-bit RGB PNG picture (tinted by the picture's filter) or as a 16-bit
 * FITS frame carrying the file's own header cards. Each body is padded to the file's listed size
 * with the file's own noise (in a private PNG chunk before IEND; after the FITS data unit), so
 * sizes, versions and ranges behave as they do with noise bodies. A file listed smaller than its
 * image keeps the noise.
 */
import { crc32 } from "node:zlib";
import { FITS_BLOCK, formatFitsHeader } from "../../src/fits/header.ts";
import { fileSeed, fillFileBytes, fitsCardsFor, fnv1a } from "./bytes.ts";
import type { RealBodies } from "./sim_types.ts";
import { starFieldData, starFieldPng } from "./star_field.ts";

const PICTURE = { width: 320, height: 216 };
const FRAME = { width: 256, height: 256 };

/** Ancillary, private, safe to copy: a decoder skips it. */
const PAD_CHUNK = new TextEncoder().encode("slPd");

/** The light a picture's filter letter lets through (others: all of it). */
const TINTS: Record<string, [number, number, number]> = {
  r: [1, 0.25, 0.2],
  g: [0.25, 1, 0.3],
  b: [0.2, 0.35, 1],
  h: [1, 0.2, 0.3],
  o: [0.2, 0.85, 1],
  s: [1, 0.45, 0.2],
};

/**
 * The field of a file: its folder below the host, so that a mission's pictures and the frames of
 * the same camera show the same stars (`polaris2.slooh.com/…/0325_ngc1962/` and
 * `polaris.slooh.com/…/0325_ngc1962/`).
 */
function fieldSeed(path: string): number {
  return fnv1a(path.slice(0, path.lastIndexOf("/")).replace(/^\/[^/]+/, ""));
}

/**
 * A small least-recently-used map: a file is asked for again by a resume's range, a retry, and
 * the expected files' bytes and sha256.
 */
class Lru<V> {
  #map = new Map<string, V>();
  constructor(readonly limit: number) {}
  get(key: string): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): V {
    this.#map.set(key, v);
    if (this.#map.size > this.limit) this.#map.delete(this.#map.keys().next().value!);
    return v;
  }
}

/** Bodies are built whole: a file listed larger keeps the noise. */
const MAX_SIZE = 16 << 20;

const images = new Lru<Uint8Array>(64);
const bodies = new Lru<Uint8Array | null>(32);

/**
 * The real body of a file of exactly `size` bytes (shared: not to be changed), or null when `size`
 * cannot hold its image or is over 16 MiB.
 */
export const realBody: RealBodies = (path, kind, size, version) => {
  if (size > MAX_SIZE) return null;
  const key = `${path}#${version}#${size}`;
  const hit = bodies.get(key);
  if (hit !== undefined) return hit;
  const noise = fileSeed(path, version);
  return bodies.set(key, kind === "png" ? paddedPng(path, size, noise) : frame(path, size, noise));
};

function paddedPng(path: string, size: number, noise: number): Uint8Array | null {
  const letter = /_([a-z]+)\.png$/i.exec(path)?.[1]?.toLowerCase() ?? "";
  const colour = TINTS[letter] ?? [1, 1, 1];
  const seed = fieldSeed(path);
  const imageKey = `png#${seed}#${colour}`;
  const png = images.get(imageKey) ??
    images.set(imageKey, starFieldPng({ ...PICTURE, seed, colour }, 3));
  // Length, type and CRC of the padding chunk, then IEND (the image's last 12 bytes).
  const extra = size - png.length - 12;
  if (extra < 0) return null;
  const out = new Uint8Array(size);
  const at = png.length - 12;
  out.set(png.subarray(0, at));
  const view = new DataView(out.buffer);
  view.setUint32(at, extra);
  out.set(PAD_CHUNK, at + 4);
  fillFileBytes(noise, "png", at + 8, out.subarray(at + 8, at + 8 + extra));
  view.setUint32(at + 8 + extra, crc32(out.subarray(at + 4, at + 8 + extra)));
  out.set(png.subarray(at), at + 12 + extra);
  return out;
}

/** Cards a frame's data decides; the file's own (`fitsCardsFor`) give the rest. */
const STRUCTURAL = new Set(["SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "BZERO", "BSCALE"]);

function frame(path: string, size: number, noise: number): Uint8Array | null {
  const seed = fieldSeed(path);
  const imageKey = `fits#${seed}`;
  const data = images.get(imageKey) ?? images.set(imageKey, starFieldData({ ...FRAME, seed }));
  const header = formatFitsHeader([
    ["SIMPLE", true],
    ["BITPIX", 16],
    ["NAXIS", 2],
    ["NAXIS1", FRAME.width],
    ["NAXIS2", FRAME.height],
    ["BZERO", 32768],
    ["BSCALE", 1],
    ...fitsCardsFor(path).filter(([k]) => !STRUCTURAL.has(k)),
  ]);
  const unit = Math.ceil((header.length + data.length) / FITS_BLOCK) * FITS_BLOCK;
  if (size < unit) return null;
  const out = new Uint8Array(size);
  out.set(header);
  out.set(data, header.length);
  fillFileBytes(noise, "fits", unit, out.subarray(unit));
  return out;
}

/**
 * Deterministic file contents. Every byte is a pure function of (key, version, offset), so any
 * range of a 1 GiB file can be produced without holding the file in memory. A FITS file starts
 * with a header of its own, derived from its name the way real Slooh headers relate to theirs.
 */
import { createHash } from "node:crypto";
import { formatFitsHeader } from "../../src/fits/header.ts";
import { REAL_CAMERAS, REAL_EXPTIME, REAL_NAME_LAG } from "./real_shapes.ts";

/** Kind of hosted file. */
export type FileKind = "png" | "fits";

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function fitsHeader(): Uint8Array {
  const cards = [
    "SIMPLE  =                    T / conforms to FITS standard",
    "BITPIX  =                    8 / simulated frame",
    "NAXIS   =                    0",
    "END",
  ];
  // A FITS header is a whole 2880-byte block of 80-character cards.
  const text = cards.map((c) => c.padEnd(80, " ")).join("").padEnd(2880, " ");
  return new TextEncoder().encode(text);
}

const FITS_HEADER = fitsHeader();

/** The generic leading bytes of a file kind (PNG signature, a minimal FITS header block). */
export function fileHeader(kind: FileKind): Uint8Array {
  return kind === "png" ? PNG_SIGNATURE : FITS_HEADER;
}

/** The name's `_YYYYMMDD_HHMMSS_` as UTC milliseconds, or null. */
function nameTime(name: string): number | null {
  const m = /_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})_/.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * The header cards of a FITS file, from its key (`/…/{site}/{no}/{seg}/…/{name}`): `DATE-OBS`
 * 23–67 s before the name's time (two decimals, as Slooh writes it), `EXPTIME` and `FILTER`
 * (in the camera's real spelling) from the name's letter, `OBSERVER` from the URL's telescope.
 * Letters no record confirms (`h`, `o`, `s`, `m`) get no `FILTER` card.
 */
export function fitsCardsFor(urlOrKey: string): [string, string | number | boolean][] {
  const key = fileKey(urlOrKey);
  const name = key.slice(key.lastIndexOf("/") + 1);
  const letter = /_([a-z]+)(?:_cal)?\.fits?$/i.exec(name)?.[1]?.toLowerCase() ?? "";
  const [site, no, seg] = /\/(teide|chile|aus)\/(\d+)\/([a-z]+)\//.exec(key)?.slice(1) ?? [];
  const camera = REAL_CAMERAS.find((c) => c.site === site && c.no === Number(no) && c.seg === seg);
  const h = fnv1a(`${key}#header`);
  const cards: [string, string | number | boolean][] = [
    ["SIMPLE", true],
    ["BITPIX", 8],
    ["NAXIS", 0],
  ];
  const named = nameTime(name);
  if (named !== null) {
    const lagCs = REAL_NAME_LAG.min * 100 + (h % ((REAL_NAME_LAG.max - REAL_NAME_LAG.min) * 100));
    cards.push(["DATE-OBS", new Date(named - lagCs * 10).toISOString().slice(0, 22)]);
  }
  cards.push(["EXPTIME", REAL_EXPTIME[letter] ?? 60]);
  const filter = camera?.filters[letter] ?? (camera ? undefined : defaultSpelling(letter));
  if (filter !== undefined) cards.push(["FILTER", filter]);
  const telescope = site ? `${SITE_NAMES[site] ?? site} ${NUMBERS[Number(no)] ?? no}` : "";
  if (telescope) {
    cards.push(["OBSERVER", camera?.observer ?? `Slooh.com ${telescope} Telescope`]);
    cards.push(["TELESCOP", telescope]);
  }
  return cards;
}

/** The exposure start a FITS file's header gives (`DATE-OBS`), or null when it has none. */
export function fitsObservedAt(urlOrKey: string): Date | null {
  const value = fitsCardsFor(urlOrKey).find(([k]) => k === "DATE-OBS")?.[1];
  return typeof value === "string" ? new Date(`${value}Z`) : null;
}

const SITE_NAMES: Record<string, string> = { teide: "Canary", chile: "Chile", aus: "Australia" };
const NUMBERS = ["Zero", "One", "Two", "Three", "Four", "Five", "Six"];

/** The spelling of a letter on a camera the records do not show. */
function defaultSpelling(letter: string): string | undefined {
  return ({ l: "Luminance", r: "Red", g: "Green", b: "Blue" } as Record<string, string>)[letter];
}

/** A file's leading bytes: the PNG signature, or the FITS header made for this file's name. */
export function fileHeaderFor(urlOrKey: string, kind: FileKind): Uint8Array {
  return kind === "png" ? PNG_SIGNATURE : formatFitsHeader(fitsCardsFor(urlOrKey));
}

/** What fills a file: its seed and its leading bytes. */
export interface FileBody {
  seed: number;
  header: Uint8Array;
}

/** The body of a file, ready for fillFileBytes. */
export function fileBody(urlOrKey: string, kind: FileKind, version = 0): FileBody {
  return { seed: fileSeed(urlOrKey, version), header: fileHeaderFor(urlOrKey, kind) };
}

/**
 * FITS headers by seed, for callers that pass fillFileBytes a bare seed: fileSeed records the
 * header of every FITS-named key it seeds, so the bytes stay those of fileBody.
 */
const headersBySeed = new Map<number, Uint8Array>();

/** Accepts a full URL or a bare key; URLs map to their path so content ignores origin and query. */
export function fileKey(urlOrKey: string): string {
  if (/^https?:\/\//i.test(urlOrKey)) return new URL(urlOrKey).pathname;
  const q = urlOrKey.indexOf("?");
  return q >= 0 ? urlOrKey.slice(0, q) : urlOrKey;
}

/** FNV-1a, 32-bit: a stable seed from a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Seed of a file's pseudo-random body. */
export function fileSeed(urlOrKey: string, version = 0): number {
  const seed = fnv1a(`${fileKey(urlOrKey)}#${version}`);
  if (/\.fits?$/i.test(fileKey(urlOrKey)) && !headersBySeed.has(seed)) {
    if (headersBySeed.size >= 100_000) headersBySeed.clear();
    headersBySeed.set(seed, fileHeaderFor(urlOrKey, "fits"));
  }
  return seed;
}

/** Word i of the stream: a murmur3 finaliser over (seed, i), random-access by construction. */
function word(seed: number, i: number): number {
  let h = (seed ^ Math.imul(i, 0x9e3779b1)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Fills `out` with the file's bytes starting at absolute `offset`. */
export function fillFileBytes(
  source: number | FileBody,
  kind: FileKind,
  offset: number,
  out: Uint8Array,
): void {
  const seed = typeof source === "number" ? source : source.seed;
  const header = typeof source === "number"
    ? (kind === "fits" ? headersBySeed.get(seed) : undefined) ?? fileHeader(kind)
    : source.header;
  const n = out.length;
  let i = 0;
  let o = offset;
  while (i < n && (o & 3) !== 0) {
    out[i++] = (word(seed, Math.floor(o / 4)) >>> ((o & 3) * 8)) & 0xff;
    o++;
  }
  const words = Math.floor((n - i) / 4);
  if (words > 0) {
    const w0 = o / 4;
    if (LITTLE_ENDIAN && ((out.byteOffset + i) & 3) === 0) {
      const view = new Uint32Array(out.buffer, out.byteOffset + i, words);
      for (let k = 0; k < words; k++) view[k] = word(seed, w0 + k);
    } else {
      for (let k = 0; k < words; k++) {
        const w = word(seed, w0 + k);
        const j = i + k * 4;
        out[j] = w & 0xff;
        out[j + 1] = (w >>> 8) & 0xff;
        out[j + 2] = (w >>> 16) & 0xff;
        out[j + 3] = w >>> 24;
      }
    }
    i += words * 4;
    o += words * 4;
  }
  while (i < n) {
    out[i++] = (word(seed, Math.floor(o / 4)) >>> ((o & 3) * 8)) & 0xff;
    o++;
  }
  if (offset < header.length) {
    const end = Math.min(header.length, offset + n);
    out.set(header.subarray(offset, end), 0);
  }
}

/** The whole content of a (small) file. */
export function fileBytes(urlOrKey: string, size: number, kind: FileKind, version = 0): Uint8Array {
  const out = new Uint8Array(size);
  fillFileBytes(fileBody(urlOrKey, kind, version), kind, 0, out);
  return out;
}

/** sha256 hex of a file's content, computed in chunks so large files stay cheap in memory. */
export function fileSha256(urlOrKey: string, size: number, kind: FileKind, version = 0): string {
  const body = fileBody(urlOrKey, kind, version);
  const hash = createHash("sha256");
  const chunk = new Uint8Array(Math.min(size, 1 << 20));
  for (let off = 0; off < size; off += chunk.length) {
    const part = chunk.subarray(0, Math.min(chunk.length, size - off));
    fillFileBytes(body, kind, off, part);
    hash.update(part);
  }
  return hash.digest("hex");
}

/** Options of fileStream. */
export interface FileStreamOptions {
  /** First byte (inclusive), default 0. */
  start?: number;
  /** Last byte (exclusive), default size. */
  end?: number;
  chunkSize?: number;
}

/** A pull-based stream of the file's bytes in [start, end); nothing is buffered ahead. */
export function fileStream(
  urlOrKey: string,
  size: number,
  kind: FileKind,
  version = 0,
  opts: FileStreamOptions = {},
): ReadableStream<Uint8Array> {
  const body = fileBody(urlOrKey, kind, version);
  const end = Math.min(size, opts.end ?? size);
  const chunkSize = opts.chunkSize ?? 64 * 1024;
  let pos = Math.max(0, opts.start ?? 0);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pos >= end) {
        controller.close();
        return;
      }
      const chunk = new Uint8Array(Math.min(chunkSize, end - pos));
      fillFileBytes(body, kind, pos, chunk);
      pos += chunk.length;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
}

/**
 * Deterministic file contents. Every byte is a pure function of (key, version, offset), so any
 * range of a 1 GiB file can be produced without holding the file in memory.
 */
import { createHash } from "node:crypto";

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

/** The fixed leading bytes of a file kind (PNG signature, FITS header block). */
export function fileHeader(kind: FileKind): Uint8Array {
  return kind === "png" ? PNG_SIGNATURE : FITS_HEADER;
}

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
  return fnv1a(`${fileKey(urlOrKey)}#${version}`);
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
  seed: number,
  kind: FileKind,
  offset: number,
  out: Uint8Array,
): void {
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
  const header = fileHeader(kind);
  if (offset < header.length) {
    const end = Math.min(header.length, offset + n);
    out.set(header.subarray(offset, end), 0);
  }
}

/** The whole content of a (small) file. */
export function fileBytes(urlOrKey: string, size: number, kind: FileKind, version = 0): Uint8Array {
  const out = new Uint8Array(size);
  fillFileBytes(fileSeed(urlOrKey, version), kind, 0, out);
  return out;
}

/** sha256 hex of a file's content, computed in chunks so large files stay cheap in memory. */
export function fileSha256(urlOrKey: string, size: number, kind: FileKind, version = 0): string {
  const seed = fileSeed(urlOrKey, version);
  const hash = createHash("sha256");
  const chunk = new Uint8Array(Math.min(size, 1 << 20));
  for (let off = 0; off < size; off += chunk.length) {
    const part = chunk.subarray(0, Math.min(chunk.length, size - off));
    fillFileBytes(seed, kind, off, part);
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
  const seed = fileSeed(urlOrKey, version);
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
      fillFileBytes(seed, kind, pos, chunk);
      pos += chunk.length;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
}

/**
 * Reads a FITS header while the file streams in: the transfer hands over each chunk, and the
 * collector copies only the leading bytes until the `END` card has arrived, so a 1 GiB frame
 * costs one or two 2,880-byte blocks of copying and nothing after.
 */
import { CARD, FITS_BLOCK, isFitsStart, parseFitsHeader } from "./header.ts";
import { type FitsFacts, fitsFacts } from "./facts.ts";

/** Where a collector stands: still reading, done with facts, or done without (not FITS, too long). */
export type HeaderProgress =
  | { state: "reading" }
  | { state: "done"; facts: FitsFacts }
  | { state: "none"; reason: "not FITS" | "no END card" };

/**
 * Headers longer than this many blocks are given up on: Slooh writes one block, and the standard
 * allows any number, so the bound only protects memory from a file that is not what it claims.
 */
export const MAX_HEADER_BLOCKS = 36;

const END_CARD = "END".padEnd(CARD, " ");
const LATIN1 = new TextDecoder("latin1");

/** Collects the primary header of one FITS file from its chunks, in order, from byte 0. */
export class FitsHeaderCollector {
  #buffer = new Uint8Array(FITS_BLOCK);
  #length = 0;
  #progress: HeaderProgress = { state: "reading" };
  readonly #limit: number;

  constructor(maxBlocks = MAX_HEADER_BLOCKS) {
    this.#limit = maxBlocks * FITS_BLOCK;
  }

  /** What is known so far; after `done` or `none` it never changes. */
  get progress(): HeaderProgress {
    return this.#progress;
  }

  /** Takes the next chunk of the file and returns the progress; free once the header is read. */
  push(chunk: Uint8Array): HeaderProgress {
    if (this.#progress.state !== "reading") return this.#progress;
    // The usual case: the first chunk holds the whole header, which is read in place.
    if (this.#length === 0 && chunk.length >= FITS_BLOCK) {
      if (!isFitsStart(chunk)) return this.#finish({ state: "none", reason: "not FITS" });
      const cards = parseFitsHeader(chunk.subarray(0, Math.min(chunk.length, this.#limit)));
      if (cards !== null) return this.#finish({ state: "done", facts: fitsFacts(cards) });
    }
    const before = this.#length;
    const take = Math.min(chunk.length, this.#limit - this.#length);
    if (before + take > this.#buffer.length) {
      const grown = new Uint8Array(Math.min(this.#limit, Math.max(before + take, before * 2)));
      grown.set(this.#buffer.subarray(0, before));
      this.#buffer = grown;
    }
    this.#buffer.set(chunk.subarray(0, take), this.#length);
    this.#length += take;
    if (before < 30 && this.#length >= 30 && !isFitsStart(this.#buffer.subarray(0, 30))) {
      return this.#finish({ state: "none", reason: "not FITS" });
    }
    if (this.#endArrivedSince(before)) {
      const cards = parseFitsHeader(this.#buffer.subarray(0, this.#length));
      if (cards !== null) return this.#finish({ state: "done", facts: fitsFacts(cards) });
    }
    if (this.#length === this.#limit) {
      return this.#finish({ state: "none", reason: "no END card" });
    }
    return this.#progress;
  }

  /** Whether a whole `END` card lies among the cards completed by the bytes after `before`. */
  #endArrivedSince(before: number): boolean {
    const first = Math.floor(before / CARD) * CARD;
    for (let at = first; at + CARD <= this.#length; at += CARD) {
      // Cheap pre-check on the first byte before decoding the card.
      if (this.#buffer[at] !== 0x45) continue;
      if (LATIN1.decode(this.#buffer.subarray(at, at + CARD)) === END_CARD) return true;
    }
    return false;
  }

  #finish(progress: HeaderProgress): HeaderProgress {
    this.#progress = progress;
    this.#buffer = new Uint8Array(0);
    return progress;
  }
}

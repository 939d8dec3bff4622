/** The sha256 of a file on disk, read in cache-sized chunks (about twice as fast as its stream). */
import { createHash, type Hash } from "node:crypto";

/**
 * Bytes read per call. Measured on Linux over 2.5 GiB from the page cache: 1 MiB costs 0.4 s of
 * system time, 4 MiB 1.4 s (the copy no longer stays in the CPU's cache), the 64 KiB stream is
 * 45% slower in all; 256 KiB, which stays in a core's cache between the copy and the hash, took
 * `verify` from 1,153 to 1,467 MiB/s (4.0 → 2.6 s of CPU). Reads are synchronous: the hash runs
 * on this thread anyway, and an asynchronous read only adds a hop to another thread and back.
 */
const CHUNK = 256 << 10;

/** Chunks between two returns to the event loop, so timers (progress) run during a big file. */
const YIELD_EVERY = 32;

/**
 * Read buffers of finished files, reused: a new one per file is fresh memory the kernel must
 * fault in and zero (measured: about 25 ms of CPU on 64 files of 4 MiB read back after download).
 */
const spare: Uint8Array[] = [];
const MAX_SPARE = 8;

/** The file's bytes chunk by chunk, each a view valid until the next is asked for. */
export async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  using file = await Deno.open(path);
  const buf = spare.pop() ?? new Uint8Array(CHUNK);
  try {
    for (let i = 1;; i++) {
      const n = file.readSync(buf);
      if (n === null) return;
      yield buf.subarray(0, n);
      if (i % YIELD_EVERY === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    if (spare.length < MAX_SPARE) spare.push(buf);
  }
}

/** Feeds the file into `hash`, yielding the length of every chunk read (for progress). */
export async function* hashInto(path: string, hash: Hash): AsyncGenerator<number> {
  for await (const chunk of fileChunks(path)) {
    hash.update(chunk);
    yield chunk.length;
  }
}

/** The file's sha256 in hex. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const _ of hashInto(path, hash)) { /* read to the end */ }
  return hash.digest("hex");
}

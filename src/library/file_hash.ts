/** The sha256 of a file on disk, read in cache-sized chunks (about twice as fast as its stream). */
import { createHash, type Hash } from "node:crypto";

/**
 * Bytes read per call. Measured on Linux over 2.5 GiB from the page cache: 1 MiB costs 0.4 s of
 * system time, 4 MiB 1.4 s (the copy no longer stays in the CPU's cache), the 64 KiB stream is
 * 45% slower in all. Reads are synchronous: the hash runs on this thread anyway, and an
 * asynchronous read only adds a hop to another thread and back per chunk.
 */
const CHUNK = 1 << 20;

/** Chunks between two returns to the event loop, so timers (progress) run during a big file. */
const YIELD_EVERY = 32;

/** Feeds the file into `hash`, yielding the length of every chunk read (for progress). */
export async function* hashInto(path: string, hash: Hash): AsyncGenerator<number> {
  using file = await Deno.open(path);
  const buf = new Uint8Array(CHUNK);
  for (let i = 1;; i++) {
    const n = file.readSync(buf);
    if (n === null) return;
    hash.update(buf.subarray(0, n));
    yield n;
    if (i % YIELD_EVERY === 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** The file's sha256 in hex. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const _ of hashInto(path, hash)) { /* read to the end */ }
  return hash.digest("hex");
}

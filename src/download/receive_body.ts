/**
 * Writes a response body into the partial file, hashing it on the way. The body is read straight
 * into a write buffer (up to 1 MiB, sized to what is left), so each byte is handled once in
 * JavaScript and never read back from the file; a read's bytes stay in the buffer when a later
 * read fails, and reach the file before the error does.
 */
import { createHash } from "node:crypto";
import type { FitsFacts } from "../fits/facts.ts";
import { FitsHeaderCollector } from "../fits/header_stream.ts";
import { isDiskError } from "../disk_error.ts";
import type { BodySource } from "../net/file_host.ts";
import { extendHead, hashFile } from "./local_file.ts";
import { signatureProblem } from "./signature.ts";
import { networkError, TransferError } from "./transfer_error.ts";
import type { Watchdog } from "./watchdog.ts";

/** What the partial file holds once the body is in. */
export interface Received {
  /** Bytes in the partial file, those of an earlier attempt included. */
  size: number;
  sha256: string;
  /** Its first 16 bytes, for the signature check. */
  head: Uint8Array;
  /** The FITS header's facts when read on the way; undefined: read them from the file. */
  header: FitsFacts | null | undefined;
}

/** Where a body goes and what watches it. */
export interface BodyTarget {
  body: BodySource;
  file: Deno.FsFile;
  partPath: string;
  /** Checks the signature as soon as 16 bytes are in. */
  filename: string;
  fits: boolean;
  /** Bytes kept from an earlier attempt, which the body continues. */
  resumedFrom: number;
  /** Total length announced, null when unknown. */
  total: number | null;
  dog: Watchdog;
  signal: AbortSignal;
  outer?: AbortSignal;
  onBytes?: (n: number) => void;
}

/** Receives the body into the partial file; its size, hash, head and FITS facts. */
export async function receiveBody(b: BodyTarget): Promise<Received> {
  const whole = spare.pop() ?? new Uint8Array(WRITE_BUFFER);
  try {
    return await receiveInto(b, whole);
  } finally {
    spare.push(whole);
  }
}

/** The body read into `whole` (or as much of it as the body needs), flushed each time it fills. */
async function receiveInto(b: BodyTarget, whole: Uint8Array): Promise<Received> {
  const left = b.total === null ? Infinity : b.total - b.resumedFrom;
  const hash = createHash("sha256");
  let head: Uint8Array = new Uint8Array(0);
  let size = 0;
  // A resumed file's header is on disk already: it is read from there once the file is whole.
  const header = b.fits && b.resumedFrom === 0 ? new FitsHeaderCollector() : null;
  if (b.resumedFrom > 0) ({ head, size } = await hashFile(b.partPath, hash));
  // At least one byte: an empty body must still be read to its end.
  const buf = whole.subarray(0, Math.max(1, Math.min(whole.length, left)));
  // A body that fits the buffer is written once, synchronously; a larger one in writes that let
  // the other transfers run meanwhile.
  const write = left <= SYNC_WRITE ? writeInline : writeOffThread;
  let buffered = 0;
  // Bytes of the buffer already in the file: a flush that failed half-way never writes them twice.
  let written = 0;
  const flush = async () => {
    try {
      while (written < buffered) written += await write(b.file, buf.subarray(written, buffered));
    } catch (e) {
      if (isDiskError(e)) throw e;
      throw new TransferError(
        `cannot write the partial file: ${(e as Error)?.message ?? e}`,
        false,
      );
    }
    hash.update(buf.subarray(0, buffered));
    b.onBytes?.(buffered);
    buffered = written = 0;
  };
  try {
    for (;;) {
      if (buffered === buf.length) await flush();
      let n: number | null;
      try {
        n = await b.body.read(buf.subarray(buffered));
      } catch (e) {
        // What arrived before the failure goes to the file, for the next attempt to resume from.
        await flush().catch(() => {});
        throw networkError(e, b.signal, b.outer);
      }
      if (n === null) break;
      b.dog.progress++;
      b.dog.flowing = true;
      // The one place each received chunk is handled: FITS header, signature, write buffer.
      const chunk = buf.subarray(buffered, buffered + n);
      if (header?.progress.state === "reading") header.push(chunk);
      if (head.length < 16) {
        head = extendHead(head, chunk);
        const problem = head.length >= 16 || size + n === b.total
          ? signatureProblem(b.filename, head)
          : null;
        if (problem) throw new TransferError(problem, true, null, "discard");
      }
      buffered += n;
      size += n;
    }
    await flush();
  } catch (e) {
    b.body.cancel();
    throw e;
  }
  const progress = header?.progress;
  const facts = progress?.state === "done" ? progress.facts : b.resumedFrom > 0 ? undefined : null;
  return { size, sha256: hash.digest("hex"), head, header: facts };
}

// A write of at most 256 KiB into the page cache costs less synchronously than the hop to a
// worker thread and back, which every small file would pay (measured, 2,000 writes of 1 KiB, 8 at
// a time: 11.5 µs of CPU each against 28–35 asynchronously). Larger bodies write asynchronously
// so that the one thread keeps reading the other transfers' sockets while the kernel copies.
function writeInline(file: Deno.FsFile, data: Uint8Array): Promise<number> {
  return Promise.resolve(file.writeSync(data));
}

function writeOffThread(file: Deno.FsFile, data: Uint8Array): Promise<number> {
  return file.write(data);
}

/** Largest write; a body's buffer is sized to it or to what is left, whichever is less. */
const WRITE_BUFFER = 1 << 20;

/**
 * Write buffers of finished transfers, for the next ones: a new 1 MiB buffer costs its pages'
 * first touch in the kernel every time, and no more are ever in use than transfers at once.
 */
const spare: Uint8Array[] = [];

/** Bodies up to this size are written synchronously (see writeInline). */
const SYNC_WRITE = 256 * 1024;

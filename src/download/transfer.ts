/** One file transfer: stream to a partial file, verify, fsync, set mtime, rename into place. */
import { createHash } from "node:crypto";
import { dirname } from "node:path";
import type { FitsFacts } from "../fits/facts.ts";
import { readFitsFacts } from "../fits/file_facts.ts";
import { fileFormat } from "../library/file_format.ts";
import { isRetryableStatus, parseRetryAfter } from "../net/backoff.ts";
import type { FileHost, FileResponse } from "../net/file_host.ts";
import { hashFile, statSizeSync } from "./local_file.ts";
import { receiveBody } from "./receive_body.ts";
import { signatureProblem } from "./signature.ts";
import { networkError, TransferError } from "./transfer_error.ts";
import { type QuietLimits, Watchdog } from "./watchdog.ts";

export { type PartialFate, TransferError } from "./transfer_error.ts";

/** Where a transfer goes and what it must look like. */
export interface TransferTarget {
  url: string;
  /** Name used to check the signature (its extension says PNG, JPEG or FITS). */
  filename: string;
  partPath: string;
  destPath: string;
  /** Capture time set as the file's mtime (a FITS header's `DATE-OBS` wins); null leaves it. */
  mtime: Date | null;
  /** Validator of the partial file from an earlier attempt; resume is tried only with one. */
  resumeEtag: string | null;
}

/** Knobs and hooks of a transfer; past its quiet limits it is abandoned. */
export interface TransferOptions extends QuietLimits {
  /** The run's client of the file hosts. */
  host: FileHost;
  signal?: AbortSignal;
  /** Called once headers are in, before the body: record these to resume later. */
  onStart?: (remoteSize: number | null, etag: string | null) => void;
  /** Called once the partial file is whole and synced, before it is renamed into place. */
  beforeRename?: () => void;
  /** Called with the bytes the partial file grew by, a few times a second at most. */
  onBytes?: (n: number) => void;
}

/** Outcome of a finished transfer. */
export interface TransferResult {
  size: number;
  sha256: string;
  resumedFrom: number;
  /** What a FITS file's header says; null for other files and unreadable headers. */
  fits: FitsFacts | null;
}

/** Total length of a response: from Content-Range on 206, else Content-Length. */
function totalLength(res: FileResponse): number | null {
  const fromRange = rangeTotal(res);
  if (res.status === 206 && fromRange !== null) return fromRange;
  const len = res.headers.get("content-length");
  return len !== null && /^\d+$/.test(len) ? Number(len) : null;
}

const FRESH_HEADERS: Readonly<Record<string, string>> = { "User-Agent": "slooh-dl" };

/** Downloads one file safely; on success the destination holds exactly the verified bytes. */
export async function transfer(t: TransferTarget, o: TransferOptions): Promise<TransferResult> {
  const existing = t.resumeEtag ? statSizeSync(t.partPath) ?? 0 : 0;
  const controller = new AbortController();
  const signal = controller.signal;
  // The client only reads the headers it is given: one record serves every fresh transfer.
  const headers = existing > 0
    ? { ...FRESH_HEADERS, "Range": `bytes=${existing}-`, "If-Range": t.resumeEtag! }
    : FRESH_HEADERS;
  using dog = new Watchdog(controller, o, o.signal);
  try {
    let res: FileResponse;
    try {
      res = await o.host.get(t.url, headers, signal);
    } catch (e) {
      throw networkError(e, signal, o.signal);
    }
    dog.progress++;
    if (res.status === 416 && existing > 0) {
      res.body.cancel();
      // Killed after the last byte but before the rename: the partial file is already whole.
      if (rangeTotal(res) === existing) return await finishPart(t, existing, o);
      throw new TransferError(
        "partial file no longer matches the server; restarting",
        true,
        null,
        "discard",
      );
    }
    if (res.status !== 200 && res.status !== 206) {
      res.body.cancel();
      throw new TransferError(
        `HTTP ${res.status}${res.statusText ? " " + res.statusText : ""}`,
        isRetryableStatus(res.status),
        parseRetryAfter(res.headers.get("retry-after")),
      );
    }
    const etag = res.headers.get("etag");
    // A server that ignores If-Range could send the rest of a newer version: check it ourselves.
    const resumed = res.status === 206 && (etag === null || etag === t.resumeEtag) &&
      !!res.headers.get("content-range")?.startsWith(`bytes ${existing}-`);
    if (res.status === 206 && !resumed) {
      res.body.cancel();
      throw new TransferError("server answered an unexpected range", true, null, "discard");
    }
    const total = totalLength(res);
    using file = await openCreatingDir(t.partPath, {
      write: true,
      create: true,
      append: resumed,
      truncate: !resumed,
    });
    // Only now, with the partial file truncated or kept, may its new validator be recorded.
    o.onStart?.(total, etag);
    const got = await receiveBody({
      body: res.body,
      file,
      partPath: t.partPath,
      filename: t.filename,
      fits: isFits(t),
      resumedFrom: resumed ? existing : 0,
      total,
      dog,
      signal,
      outer: o.signal,
      onBytes: o.onBytes,
    });
    if (total !== null && got.size !== total) {
      throw new TransferError(`body ended after ${got.size} of ${total} bytes`, true);
    }
    const problem = signatureProblem(t.filename, got.head);
    if (problem) throw new TransferError(problem, true, null, "discard");
    const fits = got.header !== undefined ? got.header : await partFacts(t);
    await stampAndSync(file, t, fits);
    o.beforeRename?.();
    moveIntoPlace(t);
    return { size: got.size, sha256: got.sha256, resumedFrom: resumed ? existing : 0, fits };
  } catch (e) {
    // Whatever is left of the response goes now, not when the garbage collector finds it.
    controller.abort();
    // A bad body must not be resumed from; a cut-off good body may be.
    if (e instanceof TransferError && e.partial === "discard") {
      await Deno.remove(t.partPath).catch(() => {});
    }
    throw e;
  }
}

/** The total length in a `Content-Range: bytes *\/N` header, if any. */
function rangeTotal(res: FileResponse): number | null {
  const m = res.headers.get("content-range")?.match(/\/(\d+)\s*$/);
  return m ? Number(m[1]) : null;
}

function isFits(t: TransferTarget): boolean {
  return fileFormat(t.filename) === "FITS";
}

/** The header facts of a whole partial file, read from the file (null for other files). */
async function partFacts(t: TransferTarget): Promise<FitsFacts | null> {
  return isFits(t) ? await readFitsFacts(t.partPath) : null;
}

// The cheap metadata calls (utime, rename, mkdir) are synchronous: on a local disk each costs less
// than the hop to a worker thread and back, which thousands of small files repeat. Creating the
// partial file and fsync stay asynchronous: a create can take long (measured: on an ext4 without
// journal a create right after mass deletes took a quarter of the main thread when synchronous).

/**
 * Sets the capture time (a FITS frame's exposure start when its header gives one) through the
 * open file, so the one fsync makes it durable with the bytes, then syncs.
 */
async function stampAndSync(
  file: Deno.FsFile,
  t: TransferTarget,
  fits: FitsFacts | null,
): Promise<void> {
  const mtime = fits?.observedAt ?? t.mtime;
  if (mtime) file.utimeSync(mtime, mtime);
  await file.sync();
}

/** Renames the verified, synced partial file to its destination. */
function moveIntoPlace(t: TransferTarget): void {
  const dir = dirname(t.destPath);
  // Each folder is made (or found there) once a process: a rename into a missing folder would
  // fail, and the error costs more than the mkdir.
  if (!madeDirs.has(dir)) {
    Deno.mkdirSync(dir, { recursive: true });
    if (madeDirs.size >= 10_000) madeDirs.clear();
    madeDirs.add(dir);
  }
  try {
    Deno.renameSync(t.partPath, t.destPath);
  } catch (e) {
    // Removed since (a watch runs for days).
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    Deno.mkdirSync(dir, { recursive: true });
    Deno.renameSync(t.partPath, t.destPath);
  }
}

/** Folders this process has made or found, where files are renamed without a mkdir first. */
const madeDirs = new Set<string>();

/** Opens a file for writing, making its folder first if it is missing. */
async function openCreatingDir(path: string, options: Deno.OpenOptions): Promise<Deno.FsFile> {
  try {
    return await Deno.open(path, options);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  Deno.mkdirSync(dirname(path), { recursive: true });
  return await Deno.open(path, options);
}

/** Completes a transfer whose partial file already holds every byte. */
async function finishPart(
  t: TransferTarget,
  size: number,
  o: TransferOptions,
): Promise<TransferResult> {
  const hash = createHash("sha256");
  const { head } = await hashFile(t.partPath, hash);
  const problem = signatureProblem(t.filename, head);
  if (problem) throw new TransferError(problem, true, null, "discard");
  const fits = await partFacts(t);
  {
    using f = await Deno.open(t.partPath, { write: true });
    await stampAndSync(f, t, fits);
  }
  o.beforeRename?.();
  moveIntoPlace(t);
  return { size, sha256: hash.digest("hex"), resumedFrom: size, fits };
}

/** The fetch step: puts one planned job's file in place, by adopting what is there or transferring. */
import { filterContradiction, type FitsFacts } from "../fits/facts.ts";
import { readFitsFacts } from "../fits/file_facts.ts";
import { alternative } from "../library/layout.ts";
import { partPath } from "../library/library_dirs.ts";
import { opticalFilter } from "../library/optical_filter.ts";
import { resolveInside } from "../library/sanitize.ts";
import type { State } from "../library/state.ts";
import type { WriteBatch } from "../library/write_batch.ts";
import { isRetryableStatus } from "../net/backoff.ts";
import type { FileHost } from "../net/file_host.ts";
import { withRetry } from "../net/retry.ts";
import { diskError, isDiskError } from "../disk_error.ts";
import { readHead, sha256File, sizeIfAnySync } from "./local_file.ts";
import type { PathClaims, Planned } from "./plan.ts";
import type { Job, RunEvents } from "./run_types.ts";
import { signatureProblem } from "./signature.ts";
import { transfer, TransferError } from "./transfer.ts";

/** What the fetch step works with. */
export interface FetchContext {
  root: string;
  state: State;
  /** Where the run's item writes are grouped into few commits. */
  writes: WriteBatch;
  claims: PathClaims;
  /** The run's client of the file hosts. */
  host: FileHost;
  retries: number;
  retryBaseMs: number;
  idleTimeoutMs: number;
  stallTimeoutMs: number;
  adoptBySize: boolean;
  signal?: AbortSignal;
  events?: RunEvents;
}

/** A transfer set aside because its body stalled: resume it with `transferJob` when a slot frees. */
export interface Stalled {
  job: Job;
  /** Validator of the partial file it left. */
  etag: string | null;
  /** Tries used so far (the stall counted as one). */
  tries: number;
  /** Ticket of the job's path in the write batch when it must be committed before the rename. */
  pathTicket: number | null;
}

/** How a job ended (or, stalled, paused). */
export type Fetched =
  | { outcome: "adopted"; job: Job }
  | { outcome: "downloaded"; job: Job; bytes: number }
  | { outcome: "failed"; job: Job; error: string }
  | { outcome: "interrupted"; job: Job }
  | { outcome: "stalled"; stalled: Stalled };

/** Adopts or transfers the job's file and records the outcome; disk errors end the run. */
export async function fetchJob(c: FetchContext, p: Planned): Promise<Fetched> {
  let job = p.job;
  const key = job.item.key;
  const destSize = sizeIfAnySync(resolveInside(c.root, job.path));
  if (await adopt(c, p, destSize)) {
    c.events?.finished?.(job, "adopted");
    return { outcome: "adopted", job };
  }
  const beside = p.fresh && destSize !== null;
  if (beside) job = { ...job, path: besideForeign(c, job) };
  // A crash between the rename and the commit of a new file's path leaves the file where its
  // record has no path. The next run looks for it only at the item's first-choice path, and
  // takes it there only when it adopts by the server's length (skip_existing); anywhere else
  // it would download the image again beside it, so there the path is committed first.
  const durable = p.fresh && !(c.adoptBySize && p.firstChoice && !beside);
  const ticket = c.writes.later(() => c.state.assignPath(key, job.path));
  c.events?.started?.(job);
  return await transferJob(c, { job, etag: p.etag, tries: 0, pathTicket: durable ? ticket : null });
}

/**
 * Transfers with retries (a stalled one resumes from its partial file with the tries it has left)
 * and records the outcome. A stall is not retried in its slot: the job comes back as stalled
 * while tries are left, so the slot takes the next file at once.
 */
export async function transferJob(c: FetchContext, from: Stalled): Promise<Fetched> {
  const { pathTicket } = from;
  let { job, etag } = from;
  const key = job.item.key;
  let tries = from.tries;
  try {
    const result = await withRetry(() => {
      tries++;
      return transfer({
        url: job.item.url,
        filename: job.item.filename,
        partPath: partPath(c.root, key),
        destPath: resolveInside(c.root, job.path),
        mtime: job.item.capturedAt,
        resumeEtag: etag,
      }, {
        host: c.host,
        signal: c.signal,
        idleTimeoutMs: c.idleTimeoutMs,
        stallTimeoutMs: c.stallTimeoutMs,
        onStart: (remoteSize, newEtag) => {
          etag = newEtag;
          job = { ...job, size: remoteSize };
          // Lost to a crash, it costs a resume, or for a file already renamed into place a HEAD
          // to adopt it by (without skip_existing, its download again, into its own path).
          c.writes.later(() => c.state.setTransfer(key, remoteSize, newEtag));
        },
        beforeRename: pathTicket === null ? undefined : () => c.writes.commit(pathTicket),
        onBytes: (n) => c.events?.bytes?.(job, n),
      });
    }, {
      retries: c.retries - from.tries,
      baseMs: c.retryBaseMs,
      maxMs: 60_000,
      signal: c.signal,
      classify: (e) =>
        e instanceof TransferError && e.retryable && !e.stalled
          ? { reason: e.message, retryAfterMs: e.retryAfterMs }
          : null,
      onWait: (w) => c.events?.retrying?.(job, w),
    });
    // Done mark and header facts in one queued write: a crash losing both leaves a file the next
    // run adopts (and reads the header of) again.
    c.writes.later(() => {
      c.state.markDone(key, result.size, result.sha256);
      if (job.item.kind === "fits") c.state.recordFits(key, result.fits);
    });
    const contradiction = filterWarning(job.path, job.item.filename, result.fits);
    if (contradiction) c.events?.warn?.(contradiction);
    c.events?.finished?.(job, "downloaded");
    return { outcome: "downloaded", job, bytes: result.size - result.resumedFrom };
  } catch (e) {
    if (c.signal?.aborted) return { outcome: "interrupted", job };
    if (isDiskError(e)) throw diskError(e, c.root);
    if (e instanceof TransferError && e.stalled && tries <= c.retries) {
      const max = c.retries + 1;
      c.events?.retrying?.(job, { delayMs: 0, attempt: tries + 1, max, reason: e.message });
      return { outcome: "stalled", stalled: { job, etag, tries, pathTicket } };
    }
    const error = e instanceof TransferError ? e.message : String(e);
    c.writes.later(() => c.state.markFailed(key, error));
    c.events?.finished?.(job, "failed", error);
    return { outcome: "failed", job, error };
  }
}

/** The warning for a header whose `FILTER` names another filter than the file name, if so. */
export function filterWarning(
  path: string,
  filename: string,
  fits: FitsFacts | null,
): string | null {
  const letter = opticalFilter(filename);
  if (!fits?.filter || !filterContradiction(letter, fits.filter.label)) return null;
  return `${path}: its name says ${letter} but its header says FILTER = ${fits.filter.raw}; ` +
    "kept as named (`slooh-dl refile` files it by the header)";
}

/** A free path next to a foreign file sitting where the job's file would go: never overwrite it. */
function besideForeign(c: FetchContext, job: Job): string {
  const key = job.item.key;
  const taken = (p: string) =>
    sizeIfAnySync(resolveInside(c.root, p)) !== null || (c.claims.ownerOf(p) ?? key) !== key;
  let path = job.path;
  for (let i = 0; taken(path); i++) path = alternative(job.path, job.item, i);
  c.claims.claim(key, path);
  return path;
}

/** Adopts a file already at the destination when it is provably the server's file. */
async function adopt(c: FetchContext, p: Planned, size: number | null): Promise<boolean> {
  if (size === null) return false;
  const { job } = p;
  const dest = resolveInside(c.root, job.path);
  if (signatureProblem(job.item.filename, await readHead(dest))) return false;
  let expected = p.fresh ? null : job.size;
  if (expected === null && c.adoptBySize) expected = await remoteLength(c, job.item.url);
  if (expected !== size) return false;
  const sha256 = await sha256File(dest);
  const fits = job.item.kind === "fits" ? await readFitsFacts(dest) : null;
  c.writes.later(() => {
    c.state.assignPath(job.item.key, job.path);
    c.state.markDone(job.item.key, size, sha256);
    if (job.item.kind === "fits") c.state.recordFits(job.item.key, fits);
  });
  return true;
}

/**
 * The length the server announces for a URL (HEAD), or null when it does not say. A network error
 * or a busy server is asked again, as a transfer would be: giving up means downloading the image
 * again beside a file that may be its own (one renamed just before a crash).
 */
async function remoteLength(c: FetchContext, url: string): Promise<number | null> {
  const ask = async () => {
    const timeout = AbortSignal.timeout(c.idleTimeoutMs);
    const signal = c.signal ? AbortSignal.any([c.signal, timeout]) : timeout;
    const res = await c.host.get(url, {}, signal, "HEAD").catch((e) => {
      throw new TransferError(`HEAD: ${(e as Error)?.message ?? e}`, true);
    });
    res.body.cancel();
    if (isRetryableStatus(res.status)) throw new TransferError(`HEAD: HTTP ${res.status}`, true);
    const len = res.status >= 200 && res.status < 300 ? res.headers.get("content-length") : null;
    return len !== null ? Number(len) : null;
  };
  return await withRetry(ask, {
    retries: c.retries,
    baseMs: c.retryBaseMs,
    maxMs: 60_000,
    signal: c.signal,
    classify: (e) => e instanceof TransferError ? { reason: e.message, retryAfterMs: null } : null,
  }).catch(() => null);
}

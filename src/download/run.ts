/** A download run: scan Slooh, plan each item against the library, transfer what is missing. */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { FatalError } from "../errors.ts";
import { backoffDelay, sleep } from "../net/backoff.ts";
import { disambiguate, type Layout } from "../library/layout.ts";
import { resolveInside } from "../library/sanitize.ts";
import { type ItemRecord, recordToItem, State, STATE_DIR } from "../library/state.ts";
import type { PictureView, SloohClient } from "../slooh/client.ts";
import type { Item } from "../slooh/types.ts";
import type { PicturePage } from "../slooh/wire.ts";
import { isDiskError, sha256File, statSize, transfer, TransferError } from "./fetch_file.ts";
import { Pool } from "./pool.ts";
import { signatureProblem } from "./signature.ts";

/** Settings of one run. */
export interface RunOptions {
  root: string;
  layout: Layout;
  client: SloohClient;
  concurrency: number;
  /** File transfers started per minute; 0 = unlimited. */
  rateLimit: number;
  /** Extra tries per file after the first. */
  retries: number;
  retryBaseMs: number;
  idleTimeoutMs: number;
  /** Pictures asked per page (the server may send fewer). */
  pageSize: number;
  pictures: boolean;
  fits: boolean;
  /** Re-check everything: no early stop, FITS lists fetched again. */
  all: boolean;
  /** Adopt files already on disk that match the server's copy. */
  adoptExisting: boolean;
  missionId?: number;
  /** Client-side selection; FITS are tested with the metadata of their mission. */
  filter?: (item: Item) => boolean;
  /** Stop after planning this many transfers. */
  limit?: number;
  dryRun: boolean;
  /** Retry only these stored items (the `retry` command); no scan. */
  retryOnly?: boolean;
  signal?: AbortSignal;
  events?: RunEvents;
}

/** One planned transfer. */
export interface Job {
  item: Item;
  path: string;
  /** Bytes expected, when known before the transfer. */
  size: number | null;
}

/** What happened to an item. */
export type Outcome = "downloaded" | "adopted" | "skipped" | "failed";

/** Hooks for progress display and logs. */
export interface RunEvents {
  page?(seen: number, total: number): void;
  planned?(job: Job): void;
  started?(job: Job): void;
  bytes?(job: Job, n: number): void;
  finished?(job: Job, outcome: Outcome, detail?: string): void;
  warn?(message: string): void;
}

/** Result of a run. */
export interface RunSummary {
  downloaded: number;
  adopted: number;
  skipped: number;
  failed: number;
  bytes: number;
  durationMs: number;
  pageRequests: number;
  interrupted: boolean;
  /** In a dry run: what would be transferred. */
  plan: Job[];
  failures: { key: string; path: string; error: string }[];
  /** Whether the whole roll was accounted for (the run may serve as the next early-stop anchor). */
  complete: boolean;
}

interface Anchor {
  imageId: number;
  total: number;
  fits: boolean;
}

const ANCHOR_KEY = "anchor";

/** The i-th stable alternative to a taken path. */
function alternative(path: string, item: Item, i: number): string {
  const base = disambiguate(path, item);
  if (i === 0) return base;
  const dot = base.lastIndexOf(".");
  return dot > base.lastIndexOf("/")
    ? `${base.slice(0, dot)}-${i}${base.slice(dot)}`
    : `${base}-${i}`;
}

/** Where the partial file of an item lives. */
function partName(key: string): string {
  return /^[a-z]\d+$/.test(key)
    ? `${key}.part`
    : createHash("sha256").update(key).digest("hex").slice(0, 32) + ".part";
}

function statSizeSync(path: string): number | null {
  try {
    const st = Deno.statSync(path);
    return st.isFile ? st.size : null;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

async function readHead(path: string): Promise<Uint8Array> {
  using f = await Deno.open(path);
  const buf = new Uint8Array(16);
  const n = await f.read(buf);
  return buf.subarray(0, n ?? 0);
}

/** Opens the state a run needs: read-only (or empty) for a dry run, which must write nothing. */
export function openState(root: string, dryRun: boolean): State {
  if (!dryRun) return State.open(root);
  try {
    Deno.statSync(join(root, STATE_DIR, "state.db"));
    return State.open(root, { readOnly: true });
  } catch {
    return State.memory();
  }
}

/** Fails early, with the file system's own reason, when the library cannot be written. */
function probeWritable(root: string): void {
  const dir = join(root, STATE_DIR);
  Deno.mkdirSync(dir, { recursive: true });
  const probe = join(dir, `.probe-${Deno.pid}`);
  Deno.writeFileSync(probe, new Uint8Array(1));
  Deno.removeSync(probe);
}

/** Holds the library for one run, so two runs (overlapping cron jobs) never share partial files. */
async function lockLibrary(root: string): Promise<Deno.FsFile> {
  const file = await Deno.open(join(root, STATE_DIR, "lock"), { write: true, create: true });
  // Deno has no try-lock: a lock still pending after a moment means another run holds it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const held = await Promise.race([
    file.lock(true).then(() => true),
    new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(false), 250)),
  ]);
  clearTimeout(timer);
  if (!held) {
    throw new FatalError(`Another slooh-dl run is using ${root}; try again when it has finished.`);
  }
  return file;
}

/** Brings the library up to date (or, dry, says what that would take). */
export async function runDownload(o: RunOptions): Promise<RunSummary> {
  if (o.dryRun) return await runLocked(o);
  let lock: Deno.FsFile;
  try {
    probeWritable(o.root);
    lock = await lockLibrary(o.root);
  } catch (e) {
    throw isDiskError(e) ? diskError(e, o.root) : e;
  }
  try {
    return await runLocked(o);
  } finally {
    lock.close();
  }
}

async function runLocked(o: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  let state: State;
  try {
    state = openState(o.root, o.dryRun);
  } catch (e) {
    throw isDiskError(e) ? diskError(e, o.root) : e;
  }
  const summary: RunSummary = {
    downloaded: 0,
    adopted: 0,
    skipped: 0,
    failed: 0,
    bytes: 0,
    durationMs: 0,
    pageRequests: 0,
    interrupted: false,
    plan: [],
    failures: [],
    complete: false,
  };
  const runId = o.dryRun ? null : state.startRun(o.retryOnly ? "retry" : "download");
  const pool = new Pool(o.concurrency, o.rateLimit);
  const partDir = join(o.root, STATE_DIR, "partial");
  const planned = new Set<string>();
  const pathsThisRun = new Map<string, string>();
  const limitReached = () => o.limit !== undefined && summary.plan.length >= o.limit;

  const ownerOf = (path: string) => pathsThisRun.get(path.toLowerCase()) ?? state.pathOwner(path);
  // A new path is claimed in memory when planned, and recorded only once the transfer knows no
  // foreign file sits there: a run stopped in between must not leave a claim on someone's file.
  const claim = (key: string, path: string) => pathsThisRun.set(path.toLowerCase(), key);
  const record = (job: Job) => state.assignPath(job.item.key, job.path);

  /** Records a page's items in one transaction: one commit instead of one per item. */
  const seen = new Map<string, ItemRecord>();
  const seePage = (items: Item[]) => {
    if (o.dryRun || o.limit !== undefined) return;
    state.transaction(() => {
      for (const item of items) {
        if (!planned.has(item.key)) seen.set(item.key, state.see(item, runId));
      }
    });
  };
  const takeSeen = (key: string) => {
    const rec = seen.get(key);
    seen.delete(key);
    return rec;
  };

  /** Decides what an item needs; queues a transfer when it needs one. */
  const plan = async (item: Item): Promise<void> => {
    if (planned.has(item.key) || limitReached()) return;
    planned.add(item.key);
    const rec: ItemRecord | undefined = o.dryRun
      ? state.get(item.key)
      : takeSeen(item.key) ?? state.see(item, runId);
    if (rec?.status === "done" && rec.path) {
      // Synchronous: on a local disk a stat costs far less than the round trip to a thread.
      const size = statSizeSync(resolveInside(o.root, rec.path));
      if (size !== null && size === rec.size) {
        summary.skipped++;
        return;
      }
      o.events?.warn?.(
        `${rec.path} is ${
          size === null ? "missing" : "not the file downloaded earlier"
        }; fetching it again`,
      );
      if (!o.dryRun) state.markPending(item.key);
    }
    let path = rec?.path ?? null;
    let fresh = false;
    if (!path) {
      const wanted = o.layout.relativePath(item);
      path = wanted;
      for (let i = 0; ownerOf(path) && ownerOf(path) !== item.key; i++) {
        path = alternative(wanted, item, i);
      }
      fresh = true;
    }
    claim(item.key, path);
    const job: Job = { item, path, size: rec?.remoteSize ?? null };
    summary.plan.push(job);
    o.events?.planned?.(job);
    if (o.dryRun) return;
    await pool.submit(() => work(job, rec ?? null, fresh), o.signal);
    if (pool.error) throw pool.error;
  };

  /** Adopts a file already at the destination when it is provably the server's file. */
  const tryAdopt = async (
    job: Job,
    rec: ItemRecord | null,
    fresh: boolean,
    size: number | null,
  ): Promise<boolean> => {
    if (size === null) return false;
    const dest = resolveInside(o.root, job.path);
    if (signatureProblem(job.item.filename, await readHead(dest))) return false;
    let expected = !fresh ? rec?.remoteSize ?? null : null;
    if (expected === null && o.adoptExisting) {
      const timeout = AbortSignal.timeout(o.idleTimeoutMs);
      const res = await fetch(job.item.url, {
        method: "HEAD",
        signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout,
      }).catch(() => null);
      await res?.body?.cancel();
      const len = res?.ok ? res.headers.get("content-length") : null;
      expected = len !== null && len !== undefined ? Number(len) : null;
    }
    if (expected !== size) return false;
    const sha256 = await sha256File(dest);
    record(job);
    state.markDone(job.item.key, size, sha256);
    return true;
  };

  /** Transfers one file with retries; records the outcome. */
  const work = async (job: Job, rec: ItemRecord | null, fresh: boolean): Promise<void> => {
    const key = job.item.key;
    const destSize = await statSize(resolveInside(o.root, job.path));
    if (await tryAdopt(job, rec, fresh, destSize)) {
      summary.adopted++;
      o.events?.finished?.(job, "adopted");
      return;
    }
    if (fresh && destSize !== null) {
      // Someone else's file sits where ours would go: never overwrite it, go next to it.
      const taken = async (p: string) =>
        await statSize(resolveInside(o.root, p)) !== null || (ownerOf(p) ?? key) !== key;
      let path = job.path;
      for (let i = 0; await taken(path); i++) path = alternative(job.path, job.item, i);
      job.path = path;
      claim(key, path);
    }
    record(job);
    o.events?.started?.(job);
    let etag = rec?.etag ?? null;
    for (let attempt = 1;; attempt++) {
      try {
        const result = await transfer({
          url: job.item.url,
          filename: job.item.filename,
          partPath: join(partDir, partName(key)),
          destPath: resolveInside(o.root, job.path),
          mtime: job.item.capturedAt,
          resumeEtag: etag,
        }, {
          signal: o.signal,
          idleTimeoutMs: o.idleTimeoutMs,
          onStart: (remoteSize, newEtag) => {
            etag = newEtag;
            job.size = remoteSize;
            state.setTransfer(key, remoteSize, newEtag);
          },
          onBytes: (n) => o.events?.bytes?.(job, n),
        });
        state.markDone(key, result.size, result.sha256);
        summary.downloaded++;
        summary.bytes += result.size - result.resumedFrom;
        o.events?.finished?.(job, "downloaded");
        return;
      } catch (e) {
        if (o.signal?.aborted) return;
        if (isDiskError(e)) throw diskError(e, o.root);
        const err = e instanceof TransferError ? e : new TransferError(String(e), false);
        if (!err.retryable || attempt > o.retries) {
          state.markFailed(key, err.message);
          summary.failed++;
          summary.failures.push({ key, path: job.path, error: err.message });
          o.events?.finished?.(job, "failed", err.message);
          return;
        }
        await sleep(backoffDelay(attempt, o.retryBaseMs, 60_000, err.retryAfterMs), o.signal)
          .catch(() => {});
      }
    }
  };

  let fatal: unknown = null;
  let anchor: Anchor | null = null;
  try {
    if (o.retryOnly) {
      for (const rec of state.byStatus("failed")) await plan(recordToItem(rec));
      summary.complete = false;
    } else {
      const scanned = await scan(o, state, plan, summary, limitReached, seePage);
      summary.complete = scanned.complete;
      anchor = scanned.anchor;
    }
  } catch (e) {
    fatal = e;
  }
  try {
    await pool.idle();
  } catch (e) {
    fatal ??= e;
  }
  summary.interrupted = !!o.signal?.aborted;
  // Only a clean, whole pass may become the proof that lets later runs stop early: written after
  // the last transfer ended, so a kill, Ctrl-C or failure in the final transfers never moves it.
  if (
    anchor && !fatal && !summary.interrupted && summary.failed === 0 &&
    state.countByStatus().failed === 0
  ) {
    state.setMeta(ANCHOR_KEY, JSON.stringify(anchor));
  }
  if (fatal && !summary.interrupted) {
    finish(o, state, runId, summary, started, "aborted");
    throw isDiskError(fatal) && !(fatal instanceof FatalError) ? diskError(fatal, o.root) : fatal;
  }
  if (!o.dryRun) await cleanPartials(state, partDir);
  finish(o, state, runId, summary, started, summary.interrupted ? "interrupted" : "finished");
  return summary;
}

function finish(
  o: RunOptions,
  state: State,
  runId: number | null,
  summary: RunSummary,
  started: number,
  status: string,
): void {
  summary.durationMs = Math.round(performance.now() - started);
  let apiCalls = 0;
  for (const n of o.client.calls.values()) apiCalls += n;
  if (runId !== null) {
    try {
      state.finishRun(runId, status, summary, summary.durationMs, apiCalls);
    } catch {
      // A full disk may refuse even this; the items themselves are already recorded.
    }
  }
  state.close();
}

function diskError(e: unknown, root: string): FatalError {
  const msg = String((e as Error)?.message ?? e);
  if (/No space left|ENOSPC|quota|disk is full/i.test(msg)) {
    return new FatalError(`The disk holding ${root} is full; free some space and run again.`);
  }
  if (/Read-only|readonly/i.test(msg)) return new FatalError(`The library ${root} is read-only.`);
  return new FatalError(`Cannot write into the library ${root}: ${msg.split("\n")[0]}`);
}

/** Removes partial files that no unfinished item can resume from. */
async function cleanPartials(state: State, partDir: string): Promise<void> {
  const keep = new Set<string>();
  for (const r of [...state.byStatus("pending"), ...state.byStatus("failed")]) {
    if (r.etag) keep.add(partName(r.key));
  }
  try {
    for await (const e of Deno.readDir(partDir)) {
      if (!keep.has(e.name)) await Deno.remove(join(partDir, e.name)).catch(() => {});
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

/**
 * Walks the photo roll newest first, planning pictures and their missions' FITS. Says whether the
 * whole roll was accounted for (to its end or down to the previous anchor) and, when this pass may
 * serve as the next anchor, what that anchor would be.
 */
async function scan(
  o: RunOptions,
  state: State,
  plan: (item: Item) => Promise<void>,
  summary: RunSummary,
  limitReached: () => boolean,
  seePage: (items: Item[]) => void,
): Promise<{ complete: boolean; anchor: Anchor | null }> {
  const view: PictureView = o.missionId ? { kind: "mission", missionId: o.missionId } : {
    kind: "photoRoll",
  };
  const anchor = !o.all && view.kind === "photoRoll" ? readAnchor(state) : null;
  const missionsDone = new Set<number>();
  let top: Item | null = null;
  // Null when Slooh leaves totalCount empty: then only an empty page ends the walk, and the
  // position check that proves an early stop is impossible.
  let firstTotal: number | null = 0;
  let reachedAnchor = false;
  let first = 1;
  const isAnchor = (item: Item | null, position: number, total: number | null) =>
    !!anchor && total !== null && !!item && item.imageId === anchor.imageId &&
    (!o.fits || anchor.fits) &&
    total - (position - 1) === anchor.total;
  // The next page is asked for while this one is planned, unless this one ends the walk.
  let next: Promise<PicturePage> | null = null;
  const ask = (at: number) => {
    const p = o.client.picturesPage(view, at, o.pageSize);
    p.catch(() => {}); // its error is thrown where it is awaited
    return p;
  };
  try {
    for (;;) {
      o.signal?.throwIfAborted();
      const page = await (next ?? ask(first));
      next = null;
      summary.pageRequests++;
      if (first === 1) firstTotal = page.total;
      if (page.entries.length === 0) break;
      const end = page.entries.findIndex((item, i) => isAnchor(item, first + i, page.total));
      const after = first + page.entries.length;
      if (end < 0 && !ended(after, page.total) && o.limit === undefined) next = ask(after);
      seePage(
        page.entries.slice(0, end < 0 ? undefined : end).filter((item): item is Item =>
          !!item && o.pictures && (!o.filter || o.filter(item))
        ),
      );
      for (const [i, item] of page.entries.entries()) {
        if (!item) {
          o.events?.warn?.(`Slooh listed picture ${first + i} without an id or URL; skipped it`);
          continue;
        }
        top ??= item;
        if (i === end) {
          reachedAnchor = true;
          break;
        }
        const wanted = !o.filter || o.filter(item);
        if (o.pictures && wanted) await plan(item);
        // FITS inherit the picture's title, telescope and time: a filtered-out picture means
        // filtered-out FITS, so their list is not even fetched.
        if (o.fits && wanted && item.missionId > 0 && !missionsDone.has(item.missionId)) {
          missionsDone.add(item.missionId);
          await planFits(o, state, item, plan);
        }
        if (limitReached()) return { complete: false, anchor: null };
      }
      first += page.entries.length;
      o.events?.page?.(first - 1, page.total ?? first - 1);
      if (reachedAnchor || ended(first, page.total)) break;
    }
  } finally {
    // Never leave a page request running behind the run's back.
    await next?.catch(() => {});
  }
  const complete = reachedAnchor || firstTotal === null || first - 1 >= firstTotal;
  // Tell the display the scan is over, also when it stopped early at the anchor.
  if (complete) o.events?.page?.(first - 1, first - 1);
  const unfiltered = !o.filter && o.limit === undefined && !o.missionId && o.pictures;
  return {
    complete,
    anchor: !o.dryRun && complete && unfiltered && top?.imageId != null && firstTotal !== null
      ? { imageId: top.imageId, total: firstTotal, fits: o.fits }
      : null,
  };
}

/** Whether the picture at 1-based `next` lies past the end of a roll of `total` pictures. */
function ended(next: number, total: number | null): boolean {
  return total !== null && next - 1 >= total;
}

function readAnchor(state: State): Anchor | null {
  try {
    const a = JSON.parse(state.getMeta(ANCHOR_KEY) ?? "null");
    return a && typeof a.imageId === "number" && typeof a.total === "number" ? a : null;
  } catch {
    return null;
  }
}

/** Plans the FITS of a picture's mission: listed once from Slooh, afterwards from the state. */
async function planFits(
  o: RunOptions,
  state: State,
  picture: Item,
  plan: (item: Item) => Promise<void>,
): Promise<void> {
  const parent = {
    missionId: picture.missionId,
    title: picture.title,
    telescope: picture.telescope,
    capturedAt: picture.capturedAt,
  };
  let fits: Item[];
  if (o.all || !state.fitsListed(parent.missionId)) {
    fits = await o.client.missionFits(parent);
    if (!o.dryRun) {
      state.transaction(() => {
        for (const f of fits) state.see(f, null);
        // An empty list is asked again on later full passes: Slooh may publish FITS late.
        if (fits.length) state.markFitsListed(parent, fits.length);
      });
    }
  } else {
    fits = state.fitsOfMission(parent.missionId).map(recordToItem);
  }
  for (const f of fits) if (!o.filter || o.filter(f)) await plan(f);
}

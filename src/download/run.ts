/**
 * A download run as a one-way pipeline: the walk yields what Slooh lists, the planner turns each
 * item into a job or nothing, and a sink takes the jobs: the fetch step behind a pool (a real
 * run) or a list (a dry run, which writes nothing).
 */
import { FatalError } from "../errors.ts";
import { claimLibrary } from "../library/account_record.ts";
import { isLibrary } from "../library/library_dirs.ts";
import { lockLibrary, probeWritable } from "../library/library_lock.ts";
import { finishRun } from "../library/run_records.ts";
import { recordToItem, State } from "../library/state.ts";
import type { Item } from "../slooh/types.ts";
import { backfillFitsFacts } from "./header_backfill.ts";
import { diskError, isDiskError } from "../disk_error.ts";
import { checkRecordedFiles } from "./missing_files.ts";
import { PathClaims, Planner } from "./plan.ts";
import type { RunOptions, RunSummary, RunTimings } from "./run_types.ts";
import { FetchSink, ListSink } from "./sinks.ts";
import { walk, type WalkResult } from "./walk.ts";

export type { Job, Outcome, RunEvents, RunOptions, RunSummary } from "./run_types.ts";

/** Opens the state a run needs: read-only (or empty) for a dry run, which must write nothing. */
export function openState(root: string, dryRun: boolean): State {
  if (!dryRun) return State.open(root);
  try {
    if (isLibrary(root)) return State.open(root, { readOnly: true });
  } catch {
    // An unreadable state is as good as none for saying what a run would fetch.
  }
  return State.memory();
}

/** Brings the library up to date (or, dry, says what that would take). */
export async function runDownload(o: RunOptions): Promise<RunSummary> {
  // Logged in before anything is written: a refused login leaves no library behind.
  if (!o.client.account) await o.client.login();
  if (o.dryRun) return await runLocked(o);
  let lock: Deno.FsFile;
  probeWritable(o.root);
  try {
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

/** Whether a recorded item is within what this run was asked for. */
function wanted(o: RunOptions, item: Item): boolean {
  if (item.kind === "picture" ? !o.pictures : !o.fits) return false;
  if (o.missionId && item.missionId !== o.missionId) return false;
  return !o.filter || o.filter(item);
}

/** The summary of a run that has done nothing yet. */
export function emptySummary(): RunSummary {
  return {
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
    waitingForRetry: 0,
    complete: false,
    timings: { startupMs: 0, loginMs: 0, pagesMs: 0, missionSearchMs: 0, fileChecksMs: 0 },
  };
}

async function runLocked(o: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  let state: State;
  try {
    state = openState(o.root, o.dryRun);
  } catch (e) {
    throw isDiskError(e) ? diskError(e, o.root) : e;
  }
  try {
    const { userId } = o.client.account!;
    claimLibrary(state, o.root, { userId, username: o.client.username }, !o.dryRun);
  } catch (e) {
    state.close();
    throw e;
  }
  const summary = emptySummary();
  const planner = new Planner(o.root, o.layout, new PathClaims(state), o.limit);
  const sink = o.dryRun ? new ListSink(state, summary) : new FetchSink(o, state, planner, summary);
  const runId = sink instanceof FetchSink ? sink.runId : null;
  // The client's retry waits reach the run's events for as long as the run lasts.
  const clientWait = o.client.onWait;
  o.client.onWait = (w) => o.events?.retrying?.(null, w);

  /** Plans one item and hands its job, if any, to the sink; says whether the limit is reached. */
  const consider = async (item: Item): Promise<boolean> => {
    if (!planner.admit(item)) return planner.full;
    const checking = performance.now();
    const planned = planner.plan(item, sink.recordOf(item));
    summary.timings.fileChecksMs += performance.now() - checking;
    if (!planned) {
      summary.skipped++;
      return planner.full;
    }
    if (planned.stale) o.events?.warn?.(planned.stale);
    o.events?.planned?.(planned.job);
    await sink.take(planned);
    return planner.full;
  };

  let fatal: unknown = null;
  let walked: WalkResult | null = null;
  try {
    if (!o.dryRun) {
      // A refile killed halfway is completed first: the plan must see every file where it is.
      if (state.refileInterrupted()) {
        const { recoverRefile } = await import("../library/refile.ts");
        for (const f of (await recoverRefile(o.root, state)).failed) {
          o.events?.warn?.(`refile could not move ${f.step.from}: ${f.error}`);
        }
      }
      for (const w of (await backfillFitsFacts(o.root, state)).warnings) o.events?.warn?.(w);
    }
    if (o.retryOnly) {
      for (const rec of state.byStatus("failed")) await consider(recordToItem(rec));
    } else {
      const steps = walk({
        ...o,
        state,
        anchor: o.all ? null : state.anchor(),
        prefetch: o.limit === undefined,
      });
      let step = await steps.next();
      while (!step.done) {
        const s = step.value;
        let stop = false;
        if (s.kind === "page") {
          summary.pageRequests = s.pageRequests;
          sink.seenPage(s.items);
        } else if (s.kind === "fitsListed") sink.fitsListed(s.parent, s.items);
        else if (s.kind === "missionsListed") sink.missionsListed(s.missions);
        else if (s.kind === "item") stop = await consider(s.item);
        else if (s.kind === "progress") o.events?.page?.(s.seen, s.total);
        else o.events?.warn?.(s.message);
        step = await steps.next(stop);
      }
      walked = step.value;
      // Below the anchor the walk does not look: files deleted or cut short by hand there are
      // found by their records. A walk to the end saw every item still on Slooh already.
      if (walked.atAnchor && !planner.full) {
        const checking = performance.now();
        const check = checkRecordedFiles(o.root, state);
        summary.timings.fileChecksMs += performance.now() - checking;
        if (check.marks) sink.checkedFolders(check.marks);
        // So are the items a stopped run left pending there: a file it was fetching again, or
        // a transfer a kill or a full disk cut short (a whole pass leaves none pending).
        const below = [
          ...check.changed.map((key) => state.get(key)!),
          ...state.byStatus("pending"),
        ];
        for (const rec of below) {
          const item = recordToItem(rec);
          if (wanted(o, item) && await consider(item)) break;
        }
      }
    }
  } catch (e) {
    fatal = e;
  }
  try {
    await sink.drain();
  } catch (e) {
    fatal ??= e;
  } finally {
    o.client.onWait = clientWait;
  }
  summary.interrupted = !!o.signal?.aborted;
  summary.complete = walked?.complete ?? false;
  summary.pageRequests = walked?.pageRequests ?? summary.pageRequests;
  if (fatal && !summary.interrupted) {
    finish(o, state, runId, summary, started, "aborted");
    throw isDiskError(fatal) && !(fatal instanceof FatalError) ? diskError(fatal, o.root) : fatal;
  }
  await sink.settle(fatal ? null : walked?.anchor ?? null);
  summary.waitingForRetry = state.failedCount();
  finish(o, state, runId, summary, started, summary.interrupted ? "interrupted" : "finished");
  return summary;
}

/** The run's timings: start-up from the process's start, API time by kind of call. */
function runTimings(o: RunOptions, started: number, fileChecksMs: number): RunTimings {
  const t: RunTimings = { startupMs: started, ...o.client.apiTime(), fileChecksMs };
  for (const k of Object.keys(t) as (keyof RunTimings)[]) t[k] = Math.round(t[k]);
  return t;
}

/** Closes the run's record and the state. */
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
  summary.timings = runTimings(o, started, summary.timings.fileChecksMs);
  if (runId !== null) {
    try {
      finishRun(state, runId, status, summary, summary.durationMs, apiCalls);
    } catch {
      // A full disk may refuse even this; the items themselves are already recorded.
    }
  }
  state.close();
}

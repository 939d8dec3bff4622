/**
 * Where the planner's jobs go: a list (a dry run, which writes nothing) or the fetch step behind
 * a pool (a real run, which also records what the walk saw).
 */
import { type MarksUpdate, readFolderMarks, recordFolderMarks } from "../library/folder_marks.ts";
import { removePartialsExcept } from "../library/library_dirs.ts";
import { markFitsListed, recordMissionListed } from "../library/mission_records.ts";
import { startRun } from "../library/run_records.ts";
import type { Anchor, ItemRecord, State } from "../library/state.ts";
import { WriteBatch } from "../library/write_batch.ts";
import { type FileHost, openFileHost } from "../net/file_host.ts";
import type { Item } from "../slooh/types.ts";
import type { FitsParent } from "../slooh/wire.ts";
import {
  type FetchContext,
  type Fetched,
  fetchJob,
  type Stalled,
  transferJob,
} from "./fetch_job.ts";
import { checkRecordedFiles } from "./missing_files.ts";
import type { Planned, Planner } from "./plan.ts";
import { Pool } from "./pool.ts";
import type { RunOptions, RunSummary } from "./run_types.ts";

/** Where the planner's jobs go, and what a run records on the way. */
export interface Sink {
  /** Records a page of items in one transaction. */
  seenPage(items: Item[]): void;
  /** Records a mission's FITS as Slooh listed them. */
  fitsListed(parent: FitsParent, items: Item[]): void;
  /** Records the missions a finished pass over the mission list went through. */
  missionsListed(missions: FitsParent[]): void;
  /** Keeps the folder marks a check of the recorded files earned. */
  checkedFolders(marks: MarksUpdate): void;
  /** The library's record of an admitted item. */
  recordOf(item: Item): ItemRecord | undefined;
  /** Takes a planned job. */
  take(p: Planned): Promise<void>;
  /** Waits for every job taken to end. */
  drain(): Promise<void>;
  /** Ends a run that was not aborted: leaves the anchor a clean pass earned, tidies up. */
  settle(anchor: Anchor | null): Promise<void>;
}

/** A dry run: reads the state, lists the jobs, writes nothing. */
export class ListSink implements Sink {
  constructor(private readonly state: State, private readonly summary: RunSummary) {}
  seenPage(): void {}
  fitsListed(): void {}
  missionsListed(): void {}
  checkedFolders(): void {}
  recordOf(item: Item): ItemRecord | undefined {
    return this.state.get(item.key);
  }
  take(p: Planned): Promise<void> {
    this.summary.plan.push(p.job);
    return Promise.resolve();
  }
  drain(): Promise<void> {
    return Promise.resolve();
  }
  settle(): Promise<void> {
    return Promise.resolve();
  }
}

/** A real run: records what it sees and fetches the jobs, a few at a time. */
export class FetchSink implements Sink {
  readonly #pool: Pool;
  readonly #runId: number;
  /** Records of the current page, written in one transaction before its items are planned. */
  readonly #seen = new Map<string, ItemRecord>();
  /** Transfers whose body stalled, resumed once the walk has handed over every other job. */
  readonly #stalled: Stalled[] = [];
  readonly #writes: WriteBatch;
  /** The file hosts' client, open until the last transfer has ended. */
  readonly #host: FileHost = openFileHost();

  constructor(
    private readonly o: RunOptions,
    private readonly state: State,
    private readonly planner: Planner,
    private readonly summary: RunSummary,
  ) {
    this.#pool = new Pool(o.concurrency, o.rateLimit);
    this.#writes = new WriteBatch(state);
    this.#runId = startRun(state, o.retryOnly ? "retry" : "download");
  }

  get runId(): number {
    return this.#runId;
  }

  seenPage(items: Item[]): void {
    // A limited run records only what it plans: the rest stays unseen for the next run.
    if (this.o.limit !== undefined) return;
    this.state.transaction(() => {
      for (const item of items) {
        if (!this.planner.has(item.key)) {
          this.#seen.set(item.key, this.state.recordSeen(item, this.#runId));
        }
      }
    });
  }

  fitsListed(parent: FitsParent, items: Item[]): void {
    this.state.transaction(() => {
      for (const f of items) {
        // Kept like a page's records, so planning the FITS does not write each one again.
        if (!this.planner.has(f.key)) this.#seen.set(f.key, this.state.recordSeen(f, null));
      }
      // An empty list is asked again on later full passes: Slooh may publish FITS late.
      if (items.length) markFitsListed(this.state, parent, items.length);
    });
  }

  missionsListed(missions: FitsParent[]): void {
    this.state.transaction(() => {
      for (const m of missions) recordMissionListed(this.state, m);
    });
  }

  checkedFolders(marks: MarksUpdate): void {
    recordFolderMarks(this.state, this.o.root, marks);
  }

  recordOf(item: Item): ItemRecord | undefined {
    const rec = this.#seen.get(item.key);
    this.#seen.delete(item.key);
    return rec ?? this.state.recordSeen(item, this.#runId);
  }

  async take(p: Planned): Promise<void> {
    if (p.stale) this.state.markPending(p.job.item.key);
    await this.#submit((c) => fetchJob(c, p));
    if (this.#pool.error) throw this.#pool.error;
  }

  async drain(): Promise<void> {
    // Each stalled file takes the next free slot; a stall while resuming sets it aside again.
    const o = this.o;
    try {
      while (!o.signal?.aborted && !this.#pool.error) {
        const next = this.#stalled.shift();
        if (next) await this.#submit((c) => transferJob(c, next));
        else if (this.#pool.busy) await this.#pool.anyDone();
        else break;
      }
      await this.#pool.idle();
    } finally {
      this.#host.close();
      this.#writes.flush();
    }
  }

  /** Runs a fetch in the pool; a stalled one is set aside, any other outcome tallied. */
  #submit(fetch: (c: FetchContext) => Promise<Fetched>): Promise<void> {
    const context = {
      ...this.o,
      state: this.state,
      writes: this.#writes,
      claims: this.planner.claims,
      host: this.#host,
    };
    return this.#pool.submit(async () => {
      const f = await fetch(context);
      if (f.outcome === "stalled") this.#stalled.push(f.stalled);
      else tally(this.summary, f);
    }, this.o.signal);
  }

  async settle(anchor: Anchor | null): Promise<void> {
    // Only a clean, whole pass may become the proof that lets later runs stop early: written
    // after the last transfer ended, so a kill, Ctrl-C or failure in the final transfers never
    // moves it. A limited pass is never whole.
    const clean = !this.summary.interrupted && this.summary.failed === 0 &&
      this.state.failedCount() === 0;
    if (anchor && this.o.limit === undefined && clean) this.state.setAnchor(anchor);
    if (!this.summary.interrupted) this.#markFolders();
    // Partial files that no unfinished item can resume from go.
    const resumable = [...this.state.byStatus("pending"), ...this.state.byStatus("failed")];
    await removePartialsExcept(this.o.root, resumable.filter((r) => r.etag).map((r) => r.key));
  }

  /**
   * After a run that changed the recorded files, the folders it wrote to are checked and marked
   * now, while nothing else writes there, so the next routine run stats folders only.
   */
  #markFolders(): void {
    const marks = readFolderMarks(this.state);
    if (marks.tracksChanges === false || marks.generation === marks.markedGeneration) return;
    const check = checkRecordedFiles(this.o.root, this.state, marks);
    if (check.marks) recordFolderMarks(this.state, this.o.root, check.marks);
  }
}

/** Adds a job's outcome to the summary. */
function tally(s: RunSummary, f: Exclude<Fetched, { outcome: "stalled" }>): void {
  if (f.outcome === "adopted") s.adopted++;
  if (f.outcome === "downloaded") {
    s.downloaded++;
    s.bytes += f.bytes;
  }
  if (f.outcome === "failed") {
    s.failed++;
    s.failures.push({ key: f.job.item.key, path: f.job.path, error: f.error });
  }
}

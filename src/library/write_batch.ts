/**
 * Writes to the state grouped into few transactions: on thousands of small files a commit per
 * write costs more than the rest of the bookkeeping. A queued write may be lost to a crash, so
 * only writes the next run can redo belong in the queue; a write that must be durable before some
 * step (a path before its file is renamed there) is committed by `commit(ticket)` first, which
 * costs nothing when another slot's commit already took it along.
 */
import type { State } from "./state.ts";

/** Queues state writes and commits them together, at the latest `maxMs` after the first. */
export class WriteBatch {
  #queued: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failure: unknown = null;
  /** Writes queued since the start, and how many of them are committed (tickets are in order). */
  #queuedCount = 0;
  #committedCount = 0;

  // Each commit rewrites every page it touched, the random ones of the path index above all; on
  // 2,000 small files 100 ms instead of 25 halved the journal (13 → 7 MB) that the state's close
  // must then sync and fold in, and 300 ms made the run 2 % faster again. A crash loses at most
  // that much of marks the next run redoes (it adopts the files by their length).
  constructor(
    private readonly state: State,
    private readonly maxMs = 250,
    private readonly maxWrites = 4096,
  ) {}

  /** Queues a write a crash may lose (the next run redoes it); returns its ticket. */
  later(write: () => void): number {
    this.#rethrow();
    this.#queued.push(write);
    const ticket = ++this.#queuedCount;
    if (this.#queued.length >= this.maxWrites) this.flush();
    else if (this.#timer === undefined) {
      const timer = setTimeout(() => {
        // A timer has no caller to throw to: the next write or flush reports the failure.
        try {
          this.flush();
        } catch (e) {
          this.#failure = e;
        }
      }, this.maxMs);
      Deno.unrefTimer(timer);
      this.#timer = timer;
    }
    return ticket;
  }

  /** Makes the write with this ticket durable: commits the queue unless it was committed already. */
  commit(ticket: number): void {
    if (ticket > this.#committedCount) this.flush();
    else this.#rethrow();
  }

  /** Commits the queued writes; throws when a timed commit failed. */
  flush(): void {
    this.#rethrow();
    const upTo = this.#queuedCount;
    const writes = this.#take();
    if (writes.length) this.state.transaction(() => writes.forEach((w) => w()));
    this.#committedCount = upTo;
  }

  #take(): (() => void)[] {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const writes = this.#queued;
    this.#queued = [];
    return writes;
  }

  #rethrow(): void {
    if (this.#failure === null) return;
    const e = this.#failure;
    this.#failure = null;
    throw e;
  }
}

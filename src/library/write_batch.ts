/**
 * Writes to the state grouped into few transactions: on thousands of small files a commit per
 * write costs more than the rest of the bookkeeping. A queued write may be lost to a crash, so
 * only writes the next run can redo belong in the queue (it adopts a file renamed into place but
 * not marked done, by the length committed before the rename).
 */
import type { State } from "./state.ts";

/** Queues state writes and commits them together, at the latest `maxMs` after the first. */
export class WriteBatch {
  #queued: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failure: unknown = null;

  constructor(
    private readonly state: State,
    private readonly maxMs = 25,
    private readonly maxWrites = 256,
  ) {}

  /** Queues a write a crash may lose (the next run redoes it). */
  later(write: () => void): void {
    this.#rethrow();
    this.#queued.push(write);
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
  }

  /**
   * Commits the queued writes; throws when a timed commit failed. Also what must precede a
   * rename: it takes every slot's queued writes along (measured: committing on the next turn of
   * the event loop instead, to gather more, made small files slower, not faster).
   */
  flush(): void {
    this.#rethrow();
    const writes = this.#take();
    if (writes.length) this.state.transaction(() => writes.forEach((w) => w()));
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

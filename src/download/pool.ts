/** A bounded worker pool with optional pacing of task starts. */
import { sleep } from "../net/backoff.ts";

/** Runs at most `concurrency` tasks at once, starting at most `perMinute` a minute (0 = no cap). */
export class Pool {
  #running = new Set<Promise<void>>();
  #nextStart = 0;
  #errors: unknown[] = [];

  constructor(readonly concurrency: number, readonly perMinute = 0) {
    if (!(concurrency >= 1)) throw new RangeError("concurrency must be at least 1");
  }

  /** Waits for a free slot (back-pressure for the producer), then starts the task. */
  async submit(task: () => Promise<void>, signal?: AbortSignal): Promise<void> {
    while (this.#running.size >= this.concurrency) await Promise.race(this.#running);
    if (this.perMinute > 0) {
      // Reserve the start time before sleeping, so concurrent submitters never share a slot.
      const now = Date.now();
      const at = Math.max(now, this.#nextStart);
      this.#nextStart = at + 60_000 / this.perMinute;
      if (at > now) await sleep(at - now, signal);
    }
    signal?.throwIfAborted();
    const p: Promise<void> = task().catch((e) => {
      this.#errors.push(e);
    }).finally(() => this.#running.delete(p));
    this.#running.add(p);
  }

  /** Waits until every started task has ended; rethrows the first task error. */
  async idle(): Promise<void> {
    while (this.#running.size) await Promise.race(this.#running);
    if (this.#errors.length) throw this.#errors[0];
  }

  /** Whether a task is running. */
  get busy(): boolean {
    return this.#running.size > 0;
  }

  /** Waits until a running task ends (at once when none runs). */
  async anyDone(): Promise<void> {
    if (this.#running.size) await Promise.race(this.#running);
  }

  /** The first error a task threw, if any (lets the producer stop early). */
  get error(): unknown {
    return this.#errors[0];
  }
}

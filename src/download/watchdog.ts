/**
 * Ends a transfer that goes quiet (the idle limit until its body flows, the stall limit after) or
 * whose run stops.
 */

/** How long a transfer may be quiet. */
export interface QuietLimits {
  /** Connecting, the headers and the first body bytes may take this long. */
  idleTimeoutMs: number;
  /** Once the body flows, it may bring nothing for this long. */
  stallTimeoutMs: number;
}

/**
 * Nothing is done per chunk to detect silence: whoever receives counts (`progress`), and a timer
 * ticking a few times per limit sees whether the count moved since its last look. One timer
 * serves every transfer of the process: thousands of small files need no timer each.
 */
export class Watchdog implements Disposable {
  /** Any number that moves when the transfer shows life (reads, bytes on disk). */
  progress = 0;
  /** True once body bytes arrive: the stall limit applies from then on. */
  flowing = false;
  #seen = -1;
  #quietSince = performance.now();

  /** Watches the transfer that `controller` aborts; `outer` is the run's own signal. */
  constructor(
    private readonly controller: AbortController,
    private readonly limits: QuietLimits,
    private readonly outer?: AbortSignal,
  ) {
    if (outer?.aborted) controller.abort(outer.reason);
    else if (outer) follow(outer, this);
    watch(this, Math.min(MAX_TICK_MS, Math.min(limits.idleTimeoutMs, limits.stallTimeoutMs) / 4));
  }

  /** Aborts the transfer because its run stopped. */
  stop(reason: unknown): void {
    this.controller.abort(reason);
  }

  /** One look: aborts the transfer when its count has not moved for longer than its limit. */
  check(now: number): void {
    if (this.progress !== this.#seen) {
      this.#seen = this.progress;
      this.#quietSince = now;
    } else if (
      now - this.#quietSince >=
        (this.flowing ? this.limits.stallTimeoutMs : this.limits.idleTimeoutMs)
    ) {
      this.controller.abort(new Error(this.flowing ? "stalled" : "idle"));
    }
  }

  [Symbol.dispose](): void {
    unwatch(this);
    if (this.outer) unfollow(this.outer, this);
  }
}

/** The timer ticks at least this often (and four times per limit when a transfer's is shorter). */
const MAX_TICK_MS = 250;

const active = new Set<Watchdog>();
let timer: ReturnType<typeof setInterval> | undefined;
let period = Infinity;

function watch(dog: Watchdog, tickMs: number): void {
  active.add(dog);
  if (tickMs >= period) return;
  clearInterval(timer);
  period = tickMs;
  timer = setInterval(() => {
    const now = performance.now();
    for (const d of active) d.check(now);
  }, period);
}

function unwatch(dog: Watchdog): void {
  active.delete(dog);
  if (active.size > 0) return;
  clearInterval(timer);
  timer = undefined;
  period = Infinity;
}

/**
 * The watchdogs each run's signal stops. One listener per signal, not one per transfer: adding
 * and removing a listener costs about 20 µs, which thousands of small files would pay (a combined
 * signal per transfer, AbortSignal.any, costs more still).
 */
const followers = new Map<AbortSignal, { dogs: Set<Watchdog>; stop: () => void }>();

function follow(outer: AbortSignal, dog: Watchdog): void {
  let entry = followers.get(outer);
  if (!entry) {
    const dogs = new Set<Watchdog>();
    const stop = () => {
      followers.delete(outer);
      for (const d of dogs) d.stop(outer.reason);
    };
    entry = { dogs, stop };
    followers.set(outer, entry);
    outer.addEventListener("abort", stop);
  }
  entry.dogs.add(dog);
}

function unfollow(outer: AbortSignal, dog: Watchdog): void {
  const entry = followers.get(outer);
  if (!entry?.dogs.delete(dog) || entry.dogs.size > 0) return;
  followers.delete(outer);
  outer.removeEventListener("abort", entry.stop);
}

/** Ends a transfer that goes quiet: the idle limit until its body flows, the stall limit after. */

/** How long a transfer may be quiet. */
export interface QuietLimits {
  /** Connecting, the headers and the first body bytes may take this long. */
  idleTimeoutMs: number;
  /** Once the body flows, it may bring nothing for this long. */
  stallTimeoutMs: number;
}

/**
 * Nothing is done per chunk to detect silence: whoever receives counts (`progress`), and a timer
 * ticking a few times per limit sees whether the count moved since its last tick. A receiver that
 * cannot count (a body piped inside the runtime) gives `sample`, asked on each tick instead.
 */
export class Watchdog implements Disposable {
  /** Any number that moves when the transfer shows life (reads, bytes on disk). */
  progress = 0;
  /** True once body bytes arrive: the stall limit applies from then on. */
  flowing = false;
  /** Asked on each tick before the check, when set. */
  sample: (() => void) | null = null;
  readonly #timer: ReturnType<typeof setInterval>;
  #seen = -1;
  #quietSince = performance.now();

  constructor(controller: AbortController, limits: QuietLimits) {
    const tick = Math.min(MAX_TICK_MS, Math.min(limits.idleTimeoutMs, limits.stallTimeoutMs) / 4);
    this.#timer = setInterval(() => {
      this.sample?.();
      const now = performance.now();
      if (this.progress !== this.#seen) {
        this.#seen = this.progress;
        this.#quietSince = now;
      } else if (
        now - this.#quietSince >= (this.flowing ? limits.stallTimeoutMs : limits.idleTimeoutMs)
      ) {
        controller.abort(new Error(this.flowing ? "stalled" : "idle"));
      }
    }, tick);
  }

  [Symbol.dispose](): void {
    clearInterval(this.#timer);
  }
}

/**
 * The watchdog ticks at least this often (and four times per limit when shorter); a piped body's
 * progress is reported at this pace too.
 */
const MAX_TICK_MS = 250;

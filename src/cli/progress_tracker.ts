/** The numbers behind the progress display: counts, rate and ETA, fed by a run's events. */
import type { Job, RunEvents } from "../download/run_types.ts";
import type { RetryWait } from "../net/retry.ts";

/** A retry wait still running: what the display counts down. */
export interface PendingWait {
  /** Time left before the next attempt. */
  inMs: number;
  attempt: number;
  max: number;
  reason: string;
}

/** One transfer in flight. */
export interface ActiveTransfer {
  name: string;
  received: number;
  /** Length announced by the server, once known. */
  size: number | null;
  /** The transfer waits before its next attempt. */
  wait: PendingWait | null;
}

/** No byte for this long while transfers are in flight: the display says "stalled". */
export const STALL_MS = 5000;

/** What the display shows at one instant. */
export interface ProgressSnapshot {
  /** Transfers planned so far (grows while the roll is being scanned). */
  planned: number;
  done: number;
  failed: number;
  bytes: number;
  /** Recent transfer rate, bytes per second. */
  rate: number;
  etaMs: number | null;
  /** Photo-roll pictures scanned and in the roll; total 0 when no scan (retry). */
  scanned: number;
  total: number;
  active: ActiveTransfer[];
  /** An API call (listing, login) waits before its next attempt. */
  wait: PendingWait | null;
  /** Transfers are in flight but no byte came for STALL_MS or more. */
  stalled: boolean;
}

/** "retrying in 4 s (2/5): HTTP 503" */
export function waitText(w: PendingWait): string {
  return `retrying in ${
    Math.max(1, Math.ceil(w.inMs / 1000))
  } s (${w.attempt}/${w.max}): ${w.reason}`;
}

/** Whether more transfers may still be planned. */
export function scanning(s: ProgressSnapshot): boolean {
  return s.total > 0 && s.scanned < s.total;
}

/** Counts events of a run and turns them into snapshots (rate over a sliding window, ETA). */
export class ProgressTracker {
  planned = 0;
  done = 0;
  failed = 0;
  bytes = 0;
  scanned = 0;
  total = 0;
  /** Transfers in flight by item key: a job's value changes as its size becomes known. */
  readonly active = new Map<string, { job: Job; received: number; wait?: Wait }>();
  #samples: { at: number; bytes: number }[] = [];
  #start: number;
  /** When a byte last arrived or a transfer started. */
  #lastActivity: number;
  #apiWait: Wait | null = null;
  /** Time spent waiting on Slooh, which the ETA leaves out; and when the current wait began. */
  #pausedMs = 0;
  #pauseStart: number | null = null;
  #frozen: { rate: number; etaMs: number | null } = { rate: 0, etaMs: null };

  constructor(private readonly now: () => number = () => performance.now()) {
    this.#start = now();
    this.#lastActivity = this.#start;
  }

  /** The run's hooks that feed this tracker. */
  events(): RunEvents {
    return {
      page: (seen, total) => {
        this.scanned = seen;
        this.total = total;
      },
      planned: () => void this.planned++,
      started: (job) => {
        this.#lastActivity = this.now();
        this.active.set(job.item.key, { job, received: 0 });
      },
      bytes: (job, n) => {
        this.#lastActivity = this.now();
        this.bytes += n;
        const received = (this.active.get(job.item.key)?.received ?? 0) + n;
        this.active.set(job.item.key, { job, received });
      },
      retrying: (job, w) => {
        const wait = { until: this.now() + w.delayMs, ...w };
        this.#pauseStart ??= this.now();
        if (!job) this.#apiWait = wait;
        else {
          const a = this.active.get(job.item.key);
          // A retry starts over from the partial file's end, as `bytes` will report again.
          if (a) this.active.set(job.item.key, { job, received: a.received, wait });
        }
      },
      finished: (job, outcome) => {
        this.active.delete(job.item.key);
        if (outcome === "failed") this.failed++;
        else this.done++;
      },
    };
  }

  /**
   * The state now; the rate is measured over the last ten seconds. While Slooh does not answer
   * (a retry wait, or no byte for STALL_MS) rate and ETA stay as they were, and that time is left
   * out of the ETA afterwards: waiting is not the pace of the run.
   */
  snapshot(): ProgressSnapshot {
    const t = this.now();
    const pending = (w: Wait | null | undefined): PendingWait | null =>
      w && w.until > t
        ? { inMs: w.until - t, attempt: w.attempt, max: w.max, reason: w.reason }
        : null;
    const active = [...this.active.values()].map(({ job, received, wait }) => ({
      name: job.path.slice(job.path.lastIndexOf("/") + 1),
      received,
      size: job.size,
      wait: pending(wait),
    }));
    const stalled = active.length > 0 && t - this.#lastActivity >= STALL_MS;
    const wait = pending(this.#apiWait);
    const held = stalled || wait !== null || active.some((a) => a.wait);
    const s: ProgressSnapshot = {
      planned: this.planned,
      done: this.done,
      failed: this.failed,
      bytes: this.bytes,
      rate: this.#frozen.rate,
      etaMs: this.#frozen.etaMs,
      scanned: this.scanned,
      total: this.total,
      active,
      wait,
      stalled,
    };
    if (held) {
      // A stall began with the last byte; a wait when it was announced (set by the event).
      this.#pauseStart ??= stalled ? this.#lastActivity : t;
      return s;
    }
    if (this.#pauseStart !== null) {
      // It ended with the first byte after it, or (a wait that ran out) now.
      const end = this.#lastActivity > this.#pauseStart ? this.#lastActivity : t;
      this.#pausedMs += end - this.#pauseStart;
      this.#pauseStart = null;
      // The samples before the wait would count the wait as slow transfer.
      this.#samples = [];
    }
    this.#samples.push({ at: t, bytes: this.bytes });
    while (this.#samples.length > 2 && t - this.#samples[1].at >= 10_000) this.#samples.shift();
    const first = this.#samples[0];
    if (t - first.at >= 500) s.rate = ((this.bytes - first.bytes) * 1000) / (t - first.at);
    else if (this.#pausedMs === 0) s.rate = 0;
    s.etaMs = estimateEta(s, t - this.#start - this.#pausedMs);
    this.#frozen = { rate: s.rate, etaMs: s.etaMs };
    return s;
  }
}

/** A retry wait and when it ends. */
type Wait = RetryWait & { until: number };

/**
 * Time left, or null when there is no honest guess yet. While the roll is scanned, the planner
 * waits for free transfer slots, so the share of the roll scanned is the share of the work done;
 * afterwards only the transfers in flight remain.
 */
export function estimateEta(s: ProgressSnapshot, elapsedMs: number): number | null {
  if (elapsedMs < 3000) return null;
  if (scanning(s)) {
    if (s.scanned <= 0) return null;
    return (elapsedMs * (s.total - s.scanned)) / s.scanned;
  }
  const remaining = s.planned - s.done - s.failed;
  if (remaining <= 0) return null;
  const left = s.active.reduce((a, t) => a + (t.size ? Math.max(0, t.size - t.received) : 0), 0);
  if (s.rate > 0 && left > 0 && s.active.every((t) => t.size) && remaining <= s.active.length) {
    return (left / s.rate) * 1000;
  }
  const finished = s.done + s.failed;
  return finished > 0 ? (elapsedMs / finished) * remaining : null;
}

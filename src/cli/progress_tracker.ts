/** The numbers behind the progress display: counts, rate and ETA, fed by a run's events. */
import type { Job, RunEvents } from "../download/run_types.ts";

/** One transfer in flight. */
export interface ActiveTransfer {
  name: string;
  received: number;
  /** Length announced by the server, once known. */
  size: number | null;
}

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
  readonly active = new Map<string, { job: Job; received: number }>();
  #samples: { at: number; bytes: number }[] = [];
  #start: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.#start = now();
  }

  /** The run's hooks that feed this tracker. */
  events(): RunEvents {
    return {
      page: (seen, total) => {
        this.scanned = seen;
        this.total = total;
      },
      planned: () => void this.planned++,
      started: (job) => void this.active.set(job.item.key, { job, received: 0 }),
      bytes: (job, n) => {
        this.bytes += n;
        const received = (this.active.get(job.item.key)?.received ?? 0) + n;
        this.active.set(job.item.key, { job, received });
      },
      finished: (job, outcome) => {
        this.active.delete(job.item.key);
        if (outcome === "failed") this.failed++;
        else this.done++;
      },
    };
  }

  /** The state now; the rate is measured over the last ten seconds. */
  snapshot(): ProgressSnapshot {
    const t = this.now();
    this.#samples.push({ at: t, bytes: this.bytes });
    while (this.#samples.length > 2 && t - this.#samples[1].at >= 10_000) this.#samples.shift();
    const first = this.#samples[0];
    const rate = t - first.at >= 500 ? ((this.bytes - first.bytes) * 1000) / (t - first.at) : 0;
    const s: ProgressSnapshot = {
      planned: this.planned,
      done: this.done,
      failed: this.failed,
      bytes: this.bytes,
      rate,
      etaMs: null,
      scanned: this.scanned,
      total: this.total,
      active: [...this.active.values()].map(({ job, received }) => ({
        name: job.path.slice(job.path.lastIndexOf("/") + 1),
        received,
        size: job.size,
      })),
    };
    s.etaMs = estimateEta(s, t - this.#start);
    return s;
  }
}

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

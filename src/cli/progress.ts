/** Progress of a download run: a live line on a terminal, a plain line now and then elsewhere. */
import type { Job, Outcome, RunEvents } from "../download/run.ts";
import { formatBytes, formatDuration } from "./format.ts";
import type { Output } from "./output.ts";

/** Counters shown while a run goes on. */
export interface ProgressCounts {
  planned: number;
  done: number;
  failed: number;
  bytes: number;
  plannedBytes: number;
  active: Set<Job>;
  seen: number;
  total: number;
}

/** One status line for the counts, fitted to `width` columns. */
export function statusLine(c: ProgressCounts, elapsedMs: number, width: number): string {
  const rate = elapsedMs > 0 ? c.bytes / (elapsedMs / 1000) : 0;
  const parts = [
    `${c.done + c.failed}/${c.planned} files`,
    formatBytes(c.bytes),
    `${formatBytes(rate)}/s`,
  ];
  if (c.total && c.seen < c.total) parts.push(`scanned ${c.seen}/${c.total}`);
  const remaining = c.plannedBytes - c.bytes;
  if (rate > 0 && remaining > 0 && c.seen >= c.total) {
    parts.push(`ETA ${formatDuration((remaining / rate) * 1000)}`);
  }
  if (c.failed) parts.push(`${c.failed} failed`);
  const current = [...c.active].map((j) => j.path.split("/").pop()).join(", ");
  let line = parts.join(" · ");
  if (current) line += ` · ${current}`;
  // Never wider than the terminal: a wrapped line cannot be redrawn in place.
  return line.length > width - 1 ? line.slice(0, Math.max(0, width - 2)) + "…" : line;
}

/** Builds the run hooks that keep the user informed. */
export function progressReporter(out: Output, live: boolean): RunEvents & { stop(): void } {
  const c: ProgressCounts = {
    planned: 0,
    done: 0,
    failed: 0,
    bytes: 0,
    plannedBytes: 0,
    active: new Set(),
    seen: 0,
    total: 0,
  };
  const start = performance.now();
  let drawn = false;
  const width = () => {
    try {
      return Deno.consoleSize().columns;
    } catch {
      return 80;
    }
  };
  const draw = () => {
    if (out.opts.quiet) return;
    const line = statusLine(c, performance.now() - start, live ? width() : 200);
    if (live) {
      out.raw("\r\x1b[2K" + line);
      drawn = true;
    } else out.err(line);
  };
  const clear = () => {
    if (live && drawn) out.raw("\r\x1b[2K");
    drawn = false;
  };
  const timer = setInterval(draw, live ? 200 : 5000);
  return {
    page(seen, total) {
      c.seen = seen;
      c.total = total;
    },
    planned(job) {
      c.planned++;
      if (job.size) c.plannedBytes += job.size;
    },
    started(job) {
      c.active.add(job);
    },
    bytes(_job, n) {
      c.bytes += n;
    },
    finished(job: Job, outcome: Outcome, detail?: string) {
      c.active.delete(job);
      if (outcome === "failed") {
        c.failed++;
        clear();
        out.warn(`${job.path}: ${detail}`);
      } else c.done++;
      if (outcome !== "skipped") {
        clear();
        out.debug(`${outcome} ${job.path}`);
      }
    },
    warn(message) {
      clear();
      out.warn(message);
    },
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}

/**
 * What a run did so far, counted from its events: the run throws when aborted (Slooh down, disk
 * full) and returns no summary then, yet the user still deserves to know what was done.
 */
import type { Job, Outcome, RunEvents } from "../download/run.ts";

/** The counts an aborted run is reported with. */
export interface Tally {
  downloaded: number;
  adopted: number;
  failed: number;
  bytes: number;
  failures: { key: string; path: string; error: string }[];
}

/** Events that count into `tally` and pass everything on to `inner`. */
export function tallying(inner: RunEvents): { events: RunEvents; tally: Tally } {
  const tally: Tally = { downloaded: 0, adopted: 0, failed: 0, bytes: 0, failures: [] };
  const events: RunEvents = {
    ...inner,
    bytes(job: Job, n: number) {
      tally.bytes += n;
      inner.bytes?.(job, n);
    },
    finished(job: Job, outcome: Outcome, detail?: string) {
      if (outcome === "downloaded") tally.downloaded++;
      else if (outcome === "adopted") tally.adopted++;
      else if (outcome === "failed") {
        tally.failed++;
        tally.failures.push({ key: job.item.key, path: job.path, error: detail ?? "" });
      }
      inner.finished?.(job, outcome, detail);
    },
  };
  return { events, tally };
}

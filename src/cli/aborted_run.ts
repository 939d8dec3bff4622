/**
 * A run that ended with exit 4 (Slooh stopped answering, disk full) returns no summary: it throws.
 * What it did up to then is counted from its events, and reported as after any run.
 */
import type { Config } from "../config/config.ts";
import type { Job, Outcome, RunEvents } from "../download/run.ts";
import type { DownloadChoice, DownloadReport } from "./commands/download.ts";
import type { CliContext } from "./context.ts";
import { formatBytes, formatDuration, plural } from "./format.ts";
import { commandHint } from "./hint.ts";
import type { RunLog } from "./run_log.ts";

/** The counts an aborted run is reported with. */
export interface Tally {
  downloaded: number;
  adopted: number;
  failed: number;
  bytes: number;
  failures: { key: string; path: string; error: string }[];
}

/**
 * Events that count into `tally` and pass everything on to `inner`. Bytes count once their file
 * is in place, as in a finished run's summary: a transfer cut off by the abort adds none.
 */
export function tallying(inner: RunEvents): { events: RunEvents; tally: Tally } {
  const tally: Tally = { downloaded: 0, adopted: 0, failed: 0, bytes: 0, failures: [] };
  const received = new Map<Job, number>();
  const events: RunEvents = {
    ...inner,
    bytes(job: Job, n: number) {
      received.set(job, (received.get(job) ?? 0) + n);
      inner.bytes?.(job, n);
    },
    finished(job: Job, outcome: Outcome, detail?: string) {
      if (outcome === "downloaded") tally.bytes += received.get(job) ?? 0;
      received.delete(job);
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

/** What `--json` prints when the run was aborted (exit 4): the counts up to the abort. */
export type AbortedReport =
  & Pick<DownloadReport, "library" | "dryRun" | "log">
  & Tally
  & { aborted: true; error: string; durationMs: number };

/** Reports a run that ended with exit 4: the JSON on stdout, the summary on stderr. */
export function reportAborted(
  ctx: CliContext,
  choice: DownloadChoice,
  cfg: Config,
  done: Tally & { durationMs: number; error: string },
  log: RunLog | null,
): void {
  const out = ctx.out;
  if (choice.json) {
    const report: AbortedReport = {
      library: cfg.library,
      dryRun: choice.dryRun,
      log: log?.path ?? null,
      aborted: true,
      ...done,
    };
    out.data(JSON.stringify(report));
  }
  const parts = [
    `Aborted after downloading ${plural(done.downloaded, "file")}` +
    ` (${formatBytes(done.bytes)})`,
  ];
  if (done.adopted) parts.push(`adopted ${done.adopted} already on disk`);
  parts.push(`${done.failed} failed`);
  out.always(`${parts.join(", ")} in ${formatDuration(done.durationMs)}.`);
}

/** After an aborted run that no watch repeats: how to run it again. */
export function rerunHint(ctx: CliContext, choice: DownloadChoice): void {
  ctx.out.always(`Run \`${commandHint(choice.command, choice.given)}\` again once that is fixed.`);
}

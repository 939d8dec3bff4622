/** What a download or retry was asked to do, and how its outcome is reported. */
import type { RunSummary } from "../download/run.ts";
import type { Selection } from "../library/selection.ts";
import type { CliContext } from "./context.ts";
import type { Config } from "../config/config.ts";
import { formatBytes, formatDuration, plural } from "./format.ts";
import { commandHint, type GivenPlaces } from "./hint.ts";
import type { RunLog } from "./run_log.ts";

/** What one run was asked to do. */
export interface DownloadChoice {
  command: "download" | "retry";
  all: boolean;
  missionId?: number;
  pictures: boolean;
  selection?: Selection;
  limit?: number;
  dryRun: boolean;
  json: boolean;
  retryOnly: boolean;
  /** The --config and -d the user typed, repeated in the hints. */
  given: GivenPlaces;
}

/** What `download --json` and `retry --json` print on stdout. */
export type DownloadReport =
  & Pick<
    RunSummary,
    | "downloaded"
    | "adopted"
    | "skipped"
    | "failed"
    | "bytes"
    | "durationMs"
    | "pageRequests"
    | "interrupted"
    | "failures"
    | "waitingForRetry"
    | "timings"
  >
  & {
    library: string;
    dryRun: boolean;
    /** The run's log file, if one was written. */
    log: string | null;
    /** Dry runs only: what would be downloaded. */
    files?: { path: string; url: string; size: number | null }[];
  };

/** The one-line outcome printed after every run. */
export function summaryLine(s: RunSummary, dryRun: boolean): string {
  if (dryRun) {
    const known = s.plan.reduce((a, j) => a + (j.size ?? 0), 0);
    return `Dry run: ${plural(s.plan.length, "file")} would be downloaded` +
      (known ? ` (at least ${formatBytes(known)})` : "") + `, ${s.skipped} already present.`;
  }
  if (!s.interrupted && s.downloaded + s.adopted + s.failed === 0) {
    return `Up to date: nothing new to download` +
      (s.skipped ? ` (${s.skipped} files checked and present)` : "") +
      ` in ${formatDuration(s.durationMs)}.`;
  }
  const parts = [`Downloaded ${plural(s.downloaded, "file")} (${formatBytes(s.bytes)})`];
  if (s.adopted) parts.push(`adopted ${s.adopted} already on disk`);
  parts.push(`${s.skipped} already present`);
  parts.push(`${s.failed} failed`);
  return `${parts.join(", ")} in ${formatDuration(s.durationMs)}` +
    (s.interrupted ? " (interrupted)" : "") + ".";
}

/** The `--json` report of a run. */
export function downloadReport(
  cfg: Config,
  dryRun: boolean,
  summary: RunSummary,
  log: RunLog | null,
): DownloadReport {
  return {
    library: cfg.library,
    dryRun,
    downloaded: summary.downloaded,
    adopted: summary.adopted,
    skipped: summary.skipped,
    failed: summary.failed,
    bytes: summary.bytes,
    durationMs: summary.durationMs,
    pageRequests: summary.pageRequests,
    interrupted: summary.interrupted,
    failures: summary.failures,
    waitingForRetry: summary.waitingForRetry,
    timings: summary.timings,
    log: log?.path ?? null,
    ...(dryRun
      ? { files: summary.plan.map((j) => ({ path: j.path, url: j.item.url, size: j.size })) }
      : {}),
  };
}

/** Prints what a run did: the dry run's list or the JSON on stdout, the summary on stderr. */
export function report(
  ctx: CliContext,
  choice: DownloadChoice,
  cfg: Config,
  summary: RunSummary,
  log: RunLog | null,
): void {
  const out = ctx.out;
  if (choice.dryRun && !choice.json) {
    for (const job of summary.plan) {
      out.data(job.size ? `${job.path}\t${formatBytes(job.size)}` : job.path);
    }
  }
  if (choice.json) out.data(JSON.stringify(downloadReport(cfg, choice.dryRun, summary, log)));
  // With --quiet a run that changed nothing says nothing, so cron mails only news and errors.
  const news = choice.dryRun || summary.interrupted || summary.waitingForRetry > 0 ||
    summary.downloaded + summary.adopted + summary.failed > 0;
  if (news || !out.opts.quiet) out.always(summaryLine(summary, choice.dryRun));
  else log?.write(summaryLine(summary, choice.dryRun));
  // Earlier runs' failures count too: a routine run never tries them, and files may be missing.
  const waiting = Math.max(summary.failed, summary.waitingForRetry);
  if (waiting) {
    out.always(
      `Run \`${commandHint("retry", choice.given)}\` to try the ${
        plural(waiting, "failed item")
      } again.`,
    );
  }
}

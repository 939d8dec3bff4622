/** `stats`: what the library holds, from its state alone (no login, no network). */
import { objectName } from "../../library/catalog.ts";
import { fileFormat } from "../../library/file_format.ts";
import {
  formatExposureLine,
  type ObjectExposure,
  summarizeExposures,
} from "../../library/exposure_summary.ts";
import { exposedFrames, type PresentFile, presentFiles } from "../../library/report_queries.ts";
import { lastRuns, type RunRecord } from "../../library/run_records.ts";
import type { State } from "../../library/state.ts";
import type { CliContext } from "../context.ts";
import type { StatsOptions } from "../definitions/stats.ts";
import { formatBytes, formatDuration, formatUtc, plural } from "../format.ts";
import { stdoutColumns } from "../output.ts";
import { formatTable } from "../table.ts";
import { commandHint } from "../hint.ts";
import { openRecordedState, readerConfig } from "../library_folder.ts";

/** Files and bytes of one group. */
export interface GroupTotal {
  name: string;
  files: number;
  bytes: number;
}

/** The totals of the present files. */
export interface FileTotals {
  files: number;
  bytes: number;
  pictures: number;
  fits: number;
  byFormat: GroupTotal[];
  byTelescope: GroupTotal[];
  topObjects: GroupTotal[];
  firstCapture: Date | null;
  lastCapture: Date | null;
}

function groupBy(files: readonly PresentFile[], key: (f: PresentFile) => string): GroupTotal[] {
  const groups = new Map<string, GroupTotal>();
  for (const f of files) {
    const name = key(f);
    const g = groups.get(name) ?? { name, files: 0, bytes: 0 };
    g.files++;
    g.bytes += f.size;
    groups.set(name, g);
  }
  // Most files first; ties by size, then name, so the order never depends on the database's.
  return [...groups.values()].sort((a, b) =>
    b.files - a.files || b.bytes - a.bytes || a.name.localeCompare(b.name)
  );
}

/** Totals by format, telescope and object (objects as the library files them: "M42"). */
export function computeTotals(files: readonly PresentFile[], topObjects = 10): FileTotals {
  let first: number | null = null;
  let last: number | null = null;
  for (const f of files) {
    const t = f.capturedAt?.getTime();
    if (t === undefined || Number.isNaN(t)) continue;
    if (first === null || t < first) first = t;
    if (last === null || t > last) last = t;
  }
  return {
    files: files.length,
    bytes: files.reduce((a, f) => a + f.size, 0),
    pictures: files.filter((f) => f.kind === "picture").length,
    fits: files.filter((f) => f.kind === "fits").length,
    byFormat: groupBy(files, (f) => fileFormat(f.filename)),
    byTelescope: groupBy(files, (f) => f.telescope || "Unknown"),
    topObjects: groupBy(files, (f) => objectName(f.title)).slice(0, topObjects),
    firstCapture: first === null ? null : new Date(first),
    lastCapture: last === null ? null : new Date(last),
  };
}

function runJson(r: RunRecord) {
  return {
    id: r.id,
    command: r.command,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    status: r.status,
    downloaded: r.downloaded,
    skipped: r.skipped,
    failed: r.failed,
    bytes: r.bytes,
    durationMs: r.durationMs,
  };
}

/** Runs `stats` with the options its command line parsed. */
export async function statsAction(ctx: CliContext, opts: StatsOptions): Promise<void> {
  const out = ctx.out;
  const cfg = await readerConfig(ctx, opts);
  const state = openRecordedState(cfg);
  let totals: FileTotals;
  let counts: ReturnType<State["countByStatus"]>;
  let failed: ReturnType<State["byStatus"]>;
  let runs: RunRecord[];
  let exposures: ObjectExposure[];
  try {
    totals = computeTotals(presentFiles(state), opts.top ?? 10);
    exposures = summarizeExposures([...exposedFrames(state).values()].flat());
    counts = state.countByStatus();
    failed = state.byStatus("failed");
    runs = lastRuns(state, opts.runs ?? 5);
  } finally {
    state.close();
  }
  if (opts.json) {
    const group = (g: GroupTotal[], key: string) =>
      g.map((x) => ({ [key]: x.name, files: x.files, bytes: x.bytes }));
    out.data(JSON.stringify({
      library: cfg.library,
      files: totals.files,
      bytes: totals.bytes,
      pictures: totals.pictures,
      fits: totals.fits,
      byFormat: group(totals.byFormat, "format"),
      byTelescope: group(totals.byTelescope, "telescope"),
      topObjects: group(totals.topObjects, "object"),
      exposures,
      firstCapture: totals.firstCapture?.toISOString() ?? null,
      lastCapture: totals.lastCapture?.toISOString() ?? null,
      pending: counts.pending,
      failed: failed.map((r) => ({
        key: r.key,
        path: r.path,
        url: r.url,
        error: r.lastError,
        attempts: r.attempts,
      })),
      runs: runs.map(runJson),
    }));
    return;
  }
  const width = stdoutColumns();
  const lines: string[] = [
    `Library: ${cfg.library}`,
    `Files:   ${plural(totals.files, "file")}, ${formatBytes(totals.bytes)} ` +
    `(${plural(totals.pictures, "picture")}, ${totals.fits} FITS)`,
    `Captured: ${formatUtc(totals.firstCapture, false)} to ` +
    `${formatUtc(totals.lastCapture, false)} (UTC)`,
  ];
  if (counts.failed) {
    lines.push(
      `Waiting for retry: ${plural(counts.failed, "failed item")} (run \`${
        commandHint("retry", {
          config: ctx.globals().config,
          directory: opts.directory ?? opts.library,
        })
      }\`)`,
    );
    for (const r of failed.slice(0, 10)) {
      lines.push(`  ${r.path ?? r.filename}: ${r.lastError ?? "unknown error"}`);
    }
    if (failed.length > 10) lines.push(`  … and ${failed.length - 10} more (see --json)`);
  }
  if (counts.pending) lines.push(`Not downloaded yet: ${plural(counts.pending, "item")}`);
  const groupTable = (title: string, groups: GroupTotal[]) => {
    lines.push("");
    lines.push(...formatTable(
      [
        { header: title, shrink: true },
        { header: "FILES", align: "right" },
        { header: "SIZE", align: "right" },
      ],
      groups.map((g) => [g.name, String(g.files), formatBytes(g.bytes)]),
      width,
    ));
  };
  groupTable("FORMAT", totals.byFormat);
  groupTable("TELESCOPE", totals.byTelescope);
  groupTable("TOP OBJECTS", totals.topObjects);
  if (exposures.length) {
    lines.push("", "FITS EXPOSURE (frames × seconds, by object and filter)");
    for (const o of exposures.slice(0, opts.top ?? 10)) {
      lines.push(`  ${formatExposureLine(o)}`);
    }
    if (exposures.length > (opts.top ?? 10)) {
      lines.push(`  … and ${exposures.length - (opts.top ?? 10)} more objects (see --json)`);
    }
  }
  lines.push("");
  lines.push(...formatTable(
    [
      { header: "RUN STARTED (UTC)" },
      { header: "COMMAND" },
      { header: "STATUS" },
      { header: "NEW", align: "right" },
      { header: "PRESENT", align: "right" },
      { header: "FAILED", align: "right" },
      { header: "SIZE", align: "right" },
      { header: "DURATION", align: "right" },
    ],
    runs.map((r) => [
      formatUtc(r.startedAt),
      r.command,
      r.status,
      String(r.downloaded),
      String(r.skipped),
      String(r.failed),
      formatBytes(r.bytes),
      r.durationMs === null ? "-" : formatDuration(r.durationMs),
    ]),
    width,
  ));
  for (const l of lines) out.data(l);
}

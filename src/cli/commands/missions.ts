/** `missions`: the account's missions, newest first, with what the library holds of each. */
import { isLibrary } from "../../library/library_dirs.ts";
import {
  type ExposedFrame,
  formatExposureLine,
  type ObjectExposure,
  summarizeExposures,
} from "../../library/exposure_summary.ts";
import {
  exposedFrames,
  type MissionProgress,
  missionProgress,
} from "../../library/report_queries.ts";
import { State } from "../../library/state.ts";
import type { Mission } from "../../slooh/types.ts";
import type { CliContext } from "../context.ts";
import type { MissionsOptions } from "../definitions/missions.ts";
import { displayWidth, formatUtc, plural } from "../format.ts";
import { stdoutColumns } from "../output.ts";
import { requireLibrary } from "../library_folder.ts";
import { loadPermittedConfig } from "../permissions.ts";
import { ensureCredentials, makeClient } from "../session.ts";
import { type Column, formatTable } from "../table.ts";

/** How much of a mission the library holds. */
export type LocalStatus = "complete" | "partial" | "none";

/**
 * "complete" when every picture Slooh counts and every FITS it listed is present, "none" when
 * no file is, "partial" otherwise (a run with --no-fits leaves FITS missions partial).
 */
export function localStatus(m: Mission, p: MissionProgress | undefined): LocalStatus {
  if (!p || p.picturesDone + p.fitsDone === 0) return "none";
  const pictures = p.picturesDone >= m.imageCount;
  const fits = !m.fitsAvailable || (p.fitsListed !== null && p.fitsDone >= p.fitsListed);
  return pictures && fits ? "complete" : "partial";
}

/** Newest first; undated missions last, then by id (Slooh's ids grow over time). */
export function newestFirst(a: Mission, b: Mission): number {
  const ta = a.capturedAt?.getTime() ?? -Infinity;
  const tb = b.capturedAt?.getTime() ?? -Infinity;
  return tb - ta || b.id - a.id;
}

/** What the library at `root` holds of each mission (files, FITS frames), or null without one. */
export function readMissionProgress(
  root: string,
): { progress: Map<number, MissionProgress>; frames: Map<number, ExposedFrame[]> } | null {
  if (!root) return null;
  if (!isLibrary(root)) return { progress: new Map(), frames: new Map() };
  const state = State.open(root, { readOnly: true });
  try {
    return { progress: missionProgress(state), frames: exposedFrames(state) };
  } finally {
    state.close();
  }
}

/** Missions per API page asked for (the server caps pages itself). */
const PAGE = 50;

/** Runs `missions` with the options its command line parsed. */
export async function missionsAction(ctx: CliContext, opts: MissionsOptions): Promise<void> {
  const out = ctx.out;
  const cfg = await loadPermittedConfig(
    { configFile: ctx.globals().config, library: opts.directory ?? opts.library },
    "missions",
  );
  if (cfg.library) requireLibrary(cfg);
  await ensureCredentials(cfg, ctx.prompter());
  const client = makeClient(cfg, out);
  const missions: Mission[] = [];
  let total = 0;
  for (let first = 1;;) {
    const want = opts.limit === undefined ? PAGE : Math.min(PAGE, opts.limit - missions.length);
    const page = await client.missionsPage(first, want);
    total = page.total;
    missions.push(...page.missions);
    first += page.received;
    if (page.received === 0 || first > total) break;
    if (opts.limit !== undefined && missions.length >= opts.limit) break;
  }
  const shown = missions.slice(0, opts.limit).sort(newestFirst);
  const library = readMissionProgress(cfg.library);
  const rows = shown.map((m) => {
    const p = library?.progress.get(m.id);
    const exposure: ObjectExposure[] = summarizeExposures(library?.frames.get(m.id) ?? []);
    return {
      mission: m,
      local: library === null ? null : {
        status: localStatus(m, p),
        pictures: p?.picturesDone ?? 0,
        fits: p?.fitsDone ?? 0,
        fitsListed: p?.fitsListed ?? null,
        exposure,
      },
    };
  });
  if (opts.json) {
    out.data(JSON.stringify({
      total,
      library: cfg.library || null,
      missions: rows.map(({ mission: m, local }) => ({
        id: m.id,
        title: m.title,
        capturedAt: m.capturedAt?.toISOString() ?? null,
        telescope: m.telescope,
        instrument: m.instrument,
        images: m.imageCount,
        fitsAvailable: m.fitsAvailable,
        local,
      })),
    }));
    return;
  }
  const table = missionTable(rows, stdoutColumns());
  for (const line of table) out.data(line);
  out.info(`${plural(shown.length, "mission")} shown of ${total}.`);
}

/** Titles keep this many columns however narrow the window: enough to tell missions apart. */
const TITLE_MIN = 24;

/**
 * The missions as table lines at most `width` wide. In a narrow window (80 columns) the time of
 * day goes first, then the exposure column (`--json` and `stats` keep it), and the telescope is
 * cut before the title, which is what tells missions apart.
 */
export function missionTable(
  rows: { mission: Mission; local: { status: LocalStatus; exposure: ObjectExposure[] } | null }[],
  width: number,
): string[] {
  const columns: Column[] = [
    { header: "DATE (UTC)" },
    { header: "MISSION", align: "right" },
    { header: "TITLE", shrink: true, minWidth: TITLE_MIN },
    { header: "TELESCOPE", shrink: true },
    { header: "IMAGES", align: "right" },
    { header: "FITS" },
    { header: "LOCAL" },
  ];
  // The title column names the object already: filters and frames only.
  const exposures = rows.map(({ local }) =>
    local?.exposure.map((o) => formatExposureLine(o).slice(o.object.length + 2)).join("; ") ?? ""
  );
  const cells = (withTime: boolean, withExposure: boolean) =>
    rows.map(({ mission: m, local }, i) => [
      formatUtc(m.capturedAt, withTime),
      String(m.id),
      m.title || "Unknown",
      m.telescope || "Unknown",
      String(m.imageCount),
      m.fitsAvailable ? "yes" : "no",
      local?.status ?? "-",
      ...(withExposure ? [exposures[i]] : []),
    ]);
  const anyExposure = exposures.some((e) => e !== "");
  const choices = [[true, true], [false, true], [true, false], [false, false]]
    .filter(([, e]) => anyExposure || !e);
  // The richest layout that fits once titles and telescopes are cut to what stays readable: one
  // long title costs itself some characters, not every row its time and exposure.
  for (const [withTime, withExposure] of choices) {
    const cols = withExposure ? [...columns, { header: "EXPOSURE" }] : columns;
    const lines = formatTable(cols, cells(withTime, withExposure), width);
    if (lines.every((l) => displayWidth(l) <= width)) return lines;
  }
  return formatTable(columns, cells(false, false), width);
}

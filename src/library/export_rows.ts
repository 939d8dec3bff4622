/**
 * The library as a table, one row per file present: what `slooh-dl export` writes as CSV
 * (RFC 4180), JSON, or the lines `sha256sum -c` checks when run inside the library.
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import type { ItemKind } from "../slooh/types.ts";
import { filingFilter } from "../fits/facts.ts";
import { catalogDesignation, objectName } from "./catalog.ts";
import { opticalFilter } from "./optical_filter.ts";

/** What a row is built from: a present file as the state records it. */
export interface ExportSource {
  path: string;
  kind: ItemKind;
  title: string;
  telescope: string;
  instrument: string;
  filename: string;
  capturedAt: Date | null;
  missionId: number;
  /** The mission's own title, when the state knows it. */
  missionTitle: string | null;
  size: number;
  sha256: string;
  /** What the FITS header said, when it was read: exposure (s) and its filter's label. */
  exposure: number | null;
  headerFilter: string | null;
}

/** One exported file. */
export interface ExportRow {
  path: string;
  object: string;
  designation: string;
  title: string;
  telescope: string;
  instrument: string;
  filter: string;
  /** Seconds, or null where unknown. */
  exposure: number | null;
  capturedAt: string | null;
  missionId: number | null;
  missionTitle: string;
  kind: ItemKind;
  size: number;
  sha256: string;
}

/** The columns, in order, as the CSV header names them. */
export const COLUMNS: readonly (keyof ExportRow)[] = [
  "path",
  "object",
  "designation",
  "title",
  "telescope",
  "instrument",
  "filter",
  "exposure",
  "capturedAt",
  "missionId",
  "missionTitle",
  "kind",
  "size",
  "sha256",
];

/**
 * The row of one file. `object` is what `{object}` files it under; a picture outside any
 * mission has no mission id. A FITS or picture whose mission the state never listed takes its
 * own title as the mission's: Slooh gives both the mission's title.
 */
export function exportRow(s: ExportSource): ExportRow {
  const at = s.capturedAt !== null && !Number.isNaN(s.capturedAt.getTime()) ? s.capturedAt : null;
  const inMission = s.missionId > 0;
  return {
    path: s.path,
    object: objectName(s.title),
    designation: catalogDesignation(s.title) ?? "",
    title: s.title,
    telescope: s.telescope,
    instrument: s.instrument,
    // The filter the library files the frame under: the header's, where it contradicts the name.
    filter: filingFilter(
      opticalFilter(s.filename),
      s.headerFilter === null ? null : { raw: s.headerFilter, label: s.headerFilter },
    ),
    exposure: s.exposure,
    capturedAt: at?.toISOString() ?? null,
    missionId: inMission ? s.missionId : null,
    missionTitle: inMission ? s.missionTitle ?? s.title : "",
    kind: s.kind,
    size: s.size,
    sha256: s.sha256,
  };
}

/** Every present file of the state, by path. */
export function exportSources(db: DatabaseSync): ExportSource[] {
  const rows = db.prepare(
    `SELECT i.path, i.kind, i.title, i.telescope, i.instrument, i.filename, i.captured_at,
       i.mission_id, m.title AS mission_title, i.size, i.sha256, i.exptime, i.filter_label
     FROM items i LEFT JOIN missions m ON m.id = i.mission_id
     WHERE i.status = 'done' AND i.path IS NOT NULL AND i.sha256 IS NOT NULL
     ORDER BY i.path`,
  ).all() as Record<string, SQLInputValue>[];
  return rows.map((r) => ({
    path: String(r.path),
    kind: r.kind as ItemKind,
    title: String(r.title),
    telescope: String(r.telescope),
    instrument: String(r.instrument),
    filename: String(r.filename),
    capturedAt: r.captured_at === null ? null : new Date(Number(r.captured_at)),
    missionId: Number(r.mission_id),
    missionTitle: r.mission_title === null || r.mission_title === ""
      ? null
      : String(r.mission_title),
    size: Number(r.size ?? 0),
    sha256: String(r.sha256),
    exposure: r.exptime === null ? null : Number(r.exptime),
    headerFilter: r.filter_label === null ? null : String(r.filter_label),
  }));
}

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(v: string | number | null): string {
  const s = v === null ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The rows as CSV with a header row, CRLF line ends. */
export function toCsv(rows: readonly ExportRow[]): string {
  const lines = [COLUMNS.join(",")];
  for (const r of rows) lines.push(COLUMNS.map((c) => csvField(r[c])).join(","));
  return lines.join("\r\n") + "\r\n";
}

/**
 * The rows as `sha256sum` lines ("<hash>  <path>"). A path holding a backslash or a newline
 * is escaped the way GNU sha256sum writes and reads it: the line starts with a backslash.
 */
export function toSha256sum(rows: readonly ExportRow[]): string {
  return rows.map((r) => {
    if (!/[\\\n]/.test(r.path)) return `${r.sha256}  ${r.path}\n`;
    const escaped = r.path.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
    return `\\${r.sha256}  ${escaped}\n`;
  }).join("");
}

/** The rows as a JSON array of objects. */
export function toJson(rows: readonly ExportRow[]): string {
  return JSON.stringify(rows, null, 2) + "\n";
}

/** The read-only queries of `stats` and `missions` over a library's state. */
import { filingFilter } from "../fits/facts.ts";
import type { ItemKind } from "../slooh/types.ts";
import { objectName } from "./catalog.ts";
import type { ExposedFrame } from "./exposure_summary.ts";
import { opticalFilter } from "./optical_filter.ts";
import type { Row, State } from "./state.ts";

/** A file present in the library, as `stats` sees it. */
export interface PresentFile {
  kind: ItemKind;
  missionId: number;
  title: string;
  telescope: string;
  filename: string;
  path: string | null;
  size: number;
  capturedAt: Date | null;
}

/** What the library holds of one mission. */
export interface MissionProgress {
  picturesKnown: number;
  picturesDone: number;
  fitsKnown: number;
  fitsDone: number;
  /** FITS count Slooh listed for the mission, or null when its FITS were never listed. */
  fitsListed: number | null;
}

/** Every file the library holds (status done), with what reports group them by. */
export function presentFiles(state: State): PresentFile[] {
  return (state.q(
    `SELECT kind, mission_id, title, telescope, filename, path, size, captured_at
     FROM items WHERE status = 'done'`,
  ).all() as Row[]).map((r) => ({
    kind: r.kind as ItemKind,
    missionId: Number(r.mission_id),
    title: String(r.title),
    telescope: String(r.telescope),
    filename: String(r.filename),
    path: r.path === null ? null : String(r.path),
    size: Number(r.size ?? 0),
    capturedAt: r.captured_at === null ? null : new Date(Number(r.captured_at)),
  }));
}

/** The FITS frames present, by mission: object, filter as filed, and `EXPTIME` once read. */
export function exposedFrames(state: State): Map<number, ExposedFrame[]> {
  const out = new Map<number, ExposedFrame[]>();
  for (
    const r of state.q(
      `SELECT mission_id, title, filename, exptime, filter_header, filter_label FROM items
       WHERE status = 'done' AND kind = 'fits'`,
    ).all() as Row[]
  ) {
    const header = r.filter_header === null
      ? null
      : { raw: String(r.filter_header), label: String(r.filter_label) };
    const id = Number(r.mission_id);
    const list = out.get(id) ?? [];
    out.set(id, list);
    list.push({
      object: objectName(String(r.title)),
      filter: filingFilter(opticalFilter(String(r.filename)), header),
      exposureSeconds: r.exptime === null ? null : Number(r.exptime),
    });
  }
  return out;
}

/** For every mission the library knows: its items by kind, and how many are present. */
export function missionProgress(state: State): Map<number, MissionProgress> {
  const out = new Map<number, MissionProgress>();
  const entry = (id: number) => {
    let m = out.get(id);
    if (!m) {
      m = { picturesKnown: 0, picturesDone: 0, fitsKnown: 0, fitsDone: 0, fitsListed: null };
      out.set(id, m);
    }
    return m;
  };
  for (
    const r of state.q(
      `SELECT mission_id, kind, COUNT(*) AS n, SUM(status = 'done') AS done
       FROM items WHERE mission_id > 0 GROUP BY mission_id, kind`,
    ).all() as Row[]
  ) {
    const m = entry(Number(r.mission_id));
    if (r.kind === "fits") {
      m.fitsKnown = Number(r.n);
      m.fitsDone = Number(r.done);
    } else {
      m.picturesKnown = Number(r.n);
      m.picturesDone = Number(r.done);
    }
  }
  for (
    const r of state.q(
      "SELECT id, fits_count FROM missions WHERE fits_listed_at IS NOT NULL",
    ).all() as Row[]
  ) {
    entry(Number(r.id)).fitsListed = Number(r.fits_count ?? 0);
  }
  return out;
}

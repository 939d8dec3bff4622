/** The read-only queries of `stats` and `missions` over a library's state. */
import type { ItemKind } from "../slooh/types.ts";
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

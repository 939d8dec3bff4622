/** What the state knows of each mission: when its FITS were listed, when a pass went through it. */
import type { Row, State } from "./state.ts";
import { MISSIONS_LISTED_FROM, schemaVersion } from "./state_schema.ts";

/** A mission as the listings name it. */
export interface MissionRef {
  missionId: number;
  title: string;
  telescope: string;
  capturedAt: Date | null;
}

/** Whether a mission's FITS list was already fetched. */
export function fitsListed(state: State, missionId: number): boolean {
  const r = state.q("SELECT fits_listed_at FROM missions WHERE id = ?").get(missionId) as
    | Row
    | undefined;
  return !!r && r.fits_listed_at !== null;
}

/**
 * Whether a mission needs nothing more: a finished pass over the mission list went through it,
 * and every FITS the library recorded for it is present.
 */
export function missionSettled(state: State, missionId: number): boolean {
  // A read-only state of an older schema (a dry run) has no pass over the mission list yet.
  if (schemaVersion(state.db) < MISSIONS_LISTED_FROM) return false;
  const r = state.q(
    `SELECT EXISTS (SELECT 1 FROM missions WHERE id = ?1 AND listed_at IS NOT NULL) AS seen,
       EXISTS (SELECT 1 FROM items WHERE mission_id = ?1 AND kind = 'fits'
         AND status != 'done') AS open`,
  ).get(missionId) as Row;
  return Number(r.seen) === 1 && Number(r.open) === 0;
}

/** Records that a finished pass over the mission list went through a mission. */
export function recordMissionListed(state: State, m: MissionRef): void {
  state.q(
    `INSERT INTO missions (id, title, telescope, captured_at, listed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET listed_at = excluded.listed_at`,
  ).run(m.missionId, m.title, m.telescope, m.capturedAt?.getTime() ?? null, Date.now());
}

/** Records that a mission's FITS were listed. */
export function markFitsListed(state: State, m: MissionRef, count: number): void {
  state.q(
    `INSERT INTO missions (id, title, telescope, captured_at, fits_listed_at, fits_count)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET fits_listed_at = excluded.fits_listed_at,
       fits_count = excluded.fits_count`,
  ).run(m.missionId, m.title, m.telescope, m.capturedAt?.getTime() ?? null, Date.now(), count);
}

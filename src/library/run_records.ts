/** The record of each run in a library's state: started, finished with its counts, listed. */
import type { Row, State } from "./state.ts";

/** Counts of one run. */
export interface RunCounts {
  downloaded: number;
  skipped: number;
  failed: number;
  bytes: number;
}

/** A past run. */
export interface RunRecord extends RunCounts {
  id: number;
  command: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: string;
  durationMs: number | null;
}

/** Starts a run record; returns its id. */
export function startRun(state: State, command: string): number {
  const r = state.q("INSERT INTO runs (command, started_at) VALUES (?, ?) RETURNING id")
    .get(command, Date.now()) as Row;
  return Number(r.id);
}

/** Closes a run record with its outcome. */
export function finishRun(
  state: State,
  id: number,
  status: string,
  counts: RunCounts,
  durationMs: number,
  apiCalls: number,
): void {
  state.q(
    `UPDATE runs SET finished_at = ?, status = ?, downloaded = ?, skipped = ?, failed = ?,
       bytes = ?, duration_ms = ?, api_calls = ? WHERE id = ?`,
  ).run(
    Date.now(),
    status,
    counts.downloaded,
    counts.skipped,
    counts.failed,
    counts.bytes,
    durationMs,
    apiCalls,
    id,
  );
}

/** The most recent runs, newest first. */
export function lastRuns(state: State, limit: number): RunRecord[] {
  return (state.q("SELECT * FROM runs ORDER BY id DESC LIMIT ?").all(limit) as Row[]).map((
    r,
  ) => ({
    id: Number(r.id),
    command: String(r.command),
    startedAt: new Date(Number(r.started_at)),
    finishedAt: r.finished_at === null ? null : new Date(Number(r.finished_at)),
    status: String(r.status),
    downloaded: Number(r.downloaded),
    skipped: Number(r.skipped),
    failed: Number(r.failed),
    bytes: Number(r.bytes),
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
  }));
}

/**
 * The library's memory of its items and the anchor, in SQLite inside the library (what it knows
 * of missions: mission_records.ts; of runs: run_records.ts).
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { FitsFacts } from "../fits/facts.ts";
import type { Item } from "../slooh/types.ts";
import { factsValues, SET_FITS } from "./fits_columns.ts";
import { type ItemRecord, type ItemStatus, newRecord, type Row, toRecord } from "./item_record.ts";
import { pathKey } from "./path_key.ts";
import { type Anchor, legacyAnchor, migrate, openStateDb, schemaVersion } from "./state_schema.ts";

export type { Anchor } from "./state_schema.ts";

export { type ItemRecord, type ItemStatus, recordToItem, type Row } from "./item_record.ts";

/** The state database of one library. */
export class State {
  readonly db: DatabaseSync;
  #stmts = new Map<string, StatementSync>();

  readonly #writable: boolean;

  private constructor(db: DatabaseSync, writable: boolean) {
    this.db = db;
    this.#writable = writable;
  }

  /** Opens (creating when allowed) the state of the library at `root`. */
  static open(root: string, opts: { readOnly?: boolean } = {}): State {
    return new State(openStateDb(root, !!opts.readOnly), !opts.readOnly);
  }

  /** An empty in-memory state (dry runs on a library that has none yet). */
  static memory(): State {
    const db = new DatabaseSync(":memory:");
    migrate(db);
    return new State(db, false);
  }

  /** Closes the database. */
  close(): void {
    // Back to a rollback journal at rest: a reader under a fenced --allow-read cannot use the
    // immutable open, and its plain read-only open of a WAL database would leave -wal and -shm.
    // Another connection still open keeps WAL; that is only a missed tidy-up.
    if (this.#writable) {
      try {
        this.db.exec("PRAGMA journal_mode=DELETE;");
      } catch { /* busy: keep WAL */ }
    }
    this.db.close();
  }

  /** A prepared statement, cached: the queries of a run repeat thousands of times. */
  q(sql: string): StatementSync {
    let s = this.#stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.#stmts.set(sql, s);
    }
    return s;
  }

  /** Runs fn in one transaction. */
  transaction<T>(fn: () => T): T {
    this.db.exec("BEGIN");
    try {
      const out = fn();
      this.db.exec("COMMIT");
      return out;
    } catch (e) {
      // SQLite may have rolled back already (disk full, I/O error): keep the original error.
      if (this.db.isTransaction) this.db.exec("ROLLBACK");
      throw e;
    }
  }

  /** The record of one item. */
  get(key: string): ItemRecord | undefined {
    const r = this.q("SELECT * FROM items WHERE key = ?").get(key) as Row | undefined;
    return r && toRecord(r);
  }

  /** Records an item as seen, refreshing its metadata but never its path or status. */
  recordSeen(item: Item, runId: number | null): ItemRecord {
    const capturedAt = item.capturedAt?.getTime() ?? null;
    // A new item's record is what the insert wrote: no need to read the row back.
    const inserted = this.q(
      `INSERT INTO items (key, kind, image_id, mission_id, title, telescope, instrument, captured_at,
         url, filename, first_seen_run, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(key) DO NOTHING`,
    ).run(
      item.key,
      item.kind,
      item.imageId,
      item.missionId,
      item.title,
      item.telescope,
      item.instrument,
      capturedAt,
      item.url,
      item.filename,
      runId,
      Date.now(),
    );
    if (inserted.changes > 0) return newRecord(item);
    const row = this.q(
      `UPDATE items SET url = ?, filename = ?, title = ?, telescope = ?, instrument = ?,
         captured_at = COALESCE(date_obs, ?, captured_at), mission_id = ?
       WHERE key = ? RETURNING *`,
    ).get(
      item.url,
      item.filename,
      item.title,
      item.telescope,
      item.instrument,
      capturedAt,
      item.missionId,
      item.key,
    ) as Row;
    return toRecord(row);
  }

  /** Whether any item has a path yet (a first download's library has none). */
  hasPaths(): boolean {
    return this.q("SELECT 1 FROM items WHERE path_key IS NOT NULL LIMIT 1").get() !== undefined;
  }

  /** The key of the item that owns a path (case-insensitively), if any. */
  pathOwner(path: string): string | undefined {
    const r = this.q("SELECT key FROM items WHERE path_key = ?").get(pathKey(path)) as
      | Row
      | undefined;
    return r ? String(r.key) : undefined;
  }

  /** Gives an item its path for good. */
  assignPath(key: string, path: string): void {
    this.q("UPDATE items SET path = ?, path_key = ?, updated_at = ? WHERE key = ?")
      .run(path, pathKey(path), Date.now(), key);
  }

  /** Remembers what the server announced for a transfer, so a later run can resume it. */
  setTransfer(key: string, remoteSize: number | null, etag: string | null): void {
    this.q("UPDATE items SET remote_size = ?, etag = ?, updated_at = ? WHERE key = ?")
      .run(remoteSize, etag, Date.now(), key);
  }

  /** Marks an item present and verified. */
  markDone(key: string, size: number, sha256: string): void {
    this.q(
      `UPDATE items SET status = 'done', size = ?, sha256 = ?, last_error = NULL,
         attempts = attempts + 1, updated_at = ? WHERE key = ?`,
    ).run(size, sha256, Date.now(), key);
  }

  /**
   * Keeps what a FITS header says; its `DATE-OBS` becomes the capture time (`{date}`, `--since`),
   * which later listings then leave as it is.
   */
  recordFits(key: string, facts: FitsFacts | null): void {
    this.q(
      `UPDATE items SET ${SET_FITS}, captured_at = COALESCE(?, captured_at), updated_at = ?
       WHERE key = ?`,
    ).run(
      ...factsValues(facts),
      Date.now(),
      facts?.observedAt?.getTime() ?? null,
      Date.now(),
      key,
    );
  }

  /** FITS recorded as present whose header was never read (libraries from before the headers). */
  fitsWithoutFacts(): ItemRecord[] {
    return (this.q(
      "SELECT * FROM items WHERE kind = 'fits' AND status = 'done' AND header_read_at IS NULL",
    ).all() as Row[]).map(toRecord);
  }

  /** Marks an item failed with a reason. */
  markFailed(key: string, error: string): void {
    this.q(
      `UPDATE items SET status = 'failed', last_error = ?, attempts = attempts + 1,
         updated_at = ? WHERE key = ?`,
    ).run(error, Date.now(), key);
  }

  /** Forgets that an item was present (its file vanished or changed). */
  markPending(key: string): void {
    this.q("UPDATE items SET status = 'pending', updated_at = ? WHERE key = ?")
      .run(Date.now(), key);
  }

  /** Whether a refile was stopped before all its renames were done (see refile.ts). */
  refileInterrupted(): boolean {
    return this.q("SELECT 1 FROM refile_steps LIMIT 1").get() !== undefined;
  }

  /** Items by status. */
  byStatus(status: ItemStatus): ItemRecord[] {
    return (this.q("SELECT * FROM items WHERE status = ? ORDER BY captured_at DESC").all(
      status,
    ) as Row[])
      .map(toRecord);
  }

  /** Path and size of every file recorded as present, in one cheap query (no metadata). */
  donePaths(): { key: string; path: string; size: number }[] {
    return (this.q(
      "SELECT key, path, size FROM items WHERE status = 'done' AND path IS NOT NULL",
    ).all() as Row[]).map((r) => ({
      key: String(r.key),
      path: String(r.path),
      size: Number(r.size),
    }));
  }

  /** The FITS already known for a mission. */
  fitsOfMission(missionId: number): ItemRecord[] {
    return (this.q("SELECT * FROM items WHERE mission_id = ? AND kind = 'fits' ORDER BY key")
      .all(missionId) as Row[]).map(toRecord);
  }

  /** How many items failed and wait for `retry`: an index seek, where the counts scan it all. */
  failedCount(): number {
    return Number(
      (this.q("SELECT COUNT(*) AS n FROM items WHERE status = 'failed'").get() as Row).n,
    );
  }

  /** Number of items by status. */
  countByStatus(): Record<ItemStatus, number> {
    const out: Record<ItemStatus, number> = { pending: 0, done: 0, failed: 0 };
    for (
      const r of this.q("SELECT status, COUNT(*) AS n FROM items GROUP BY status").all() as Row[]
    ) {
      out[r.status as ItemStatus] = Number(r.n);
    }
    return out;
  }

  /** The early-stop anchor of the last clean, whole pass, if any. */
  anchor(): Anchor | null {
    // A read-only open cannot migrate: an unversioned library still keeps it in `meta`.
    if (schemaVersion(this.db) === 0) return legacyAnchor(this.db);
    const r = this.q("SELECT image_id, total, fits FROM anchor WHERE id = 1").get() as
      | Row
      | undefined;
    return r ? { imageId: Number(r.image_id), total: Number(r.total), fits: !!r.fits } : null;
  }

  /** Makes `a` the anchor later runs may stop at. */
  setAnchor(a: Anchor): void {
    this.q(
      `INSERT INTO anchor (id, image_id, total, fits) VALUES (1, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET image_id = excluded.image_id, total = excluded.total,
         fits = excluded.fits`,
    ).run(a.imageId, a.total, a.fits ? 1 : 0);
  }
}

/** The library's memory: items, missions, runs and markers, in SQLite inside the library. */
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { join } from "node:path";
import type { Item, ItemKind } from "../slooh/types.ts";

/** Name of the state folder inside the library. */
export const STATE_DIR = ".slooh-dl";

/** Where an item stands. */
export type ItemStatus = "pending" | "done" | "failed";

/** An item as the library remembers it. */
export interface ItemRecord {
  key: string;
  kind: ItemKind;
  imageId: number | null;
  missionId: number;
  title: string;
  telescope: string;
  instrument: string;
  capturedAt: Date | null;
  url: string;
  filename: string;
  path: string | null;
  size: number | null;
  sha256: string | null;
  status: ItemStatus;
  attempts: number;
  lastError: string | null;
  /** Length and validator the server announced for the transfer in progress (for resume). */
  remoteSize: number | null;
  etag: string | null;
}

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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS items (
  key TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  image_id INTEGER,
  mission_id INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL DEFAULT '',
  telescope TEXT NOT NULL DEFAULT '',
  instrument TEXT NOT NULL DEFAULT '',
  captured_at INTEGER,
  url TEXT NOT NULL,
  filename TEXT NOT NULL,
  path TEXT,
  path_key TEXT UNIQUE,
  size INTEGER,
  sha256 TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  remote_size INTEGER,
  etag TEXT,
  first_seen_run INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS items_status ON items(status);
CREATE INDEX IF NOT EXISTS items_mission ON items(mission_id);
CREATE TABLE IF NOT EXISTS missions (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL DEFAULT '',
  telescope TEXT NOT NULL DEFAULT '',
  captured_at INTEGER,
  fits_listed_at INTEGER,
  fits_count INTEGER
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  command TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL DEFAULT 'running',
  downloaded INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  duration_ms INTEGER,
  api_calls INTEGER
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** The key under which paths are unique: case and Unicode form folded, as macOS and Windows do. */
export function pathKey(path: string): string {
  return path.normalize("NFC").toLowerCase();
}

type Row = Record<string, SQLInputValue>;

function toRecord(r: Row): ItemRecord {
  const n = (v: SQLInputValue) => v === null ? null : Number(v);
  return {
    key: String(r.key),
    kind: r.kind as ItemKind,
    imageId: n(r.image_id),
    missionId: Number(r.mission_id),
    title: String(r.title),
    telescope: String(r.telescope),
    instrument: String(r.instrument),
    capturedAt: r.captured_at === null ? null : new Date(Number(r.captured_at)),
    url: String(r.url),
    filename: String(r.filename),
    path: r.path === null ? null : String(r.path),
    size: n(r.size),
    sha256: r.sha256 === null ? null : String(r.sha256),
    status: r.status as ItemStatus,
    attempts: Number(r.attempts),
    lastError: r.last_error === null ? null : String(r.last_error),
    remoteSize: n(r.remote_size),
    etag: r.etag === null ? null : String(r.etag),
  };
}

/** Turns a stored record back into the item it describes. */
export function recordToItem(r: ItemRecord): Item {
  return {
    key: r.key,
    kind: r.kind,
    imageId: r.imageId,
    customerImageId: null,
    missionId: r.missionId,
    title: r.title,
    telescope: r.telescope,
    instrument: r.instrument,
    capturedAt: r.capturedAt,
    url: r.url,
    filename: r.filename,
  };
}

/** The state database of one library. */
export class State {
  readonly db: DatabaseSync;
  #stmts = new Map<string, StatementSync>();

  private constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** Opens (creating when allowed) the state of the library at `root`. */
  static open(root: string, opts: { readOnly?: boolean } = {}): State {
    const file = join(root, STATE_DIR, "state.db");
    if (opts.readOnly) return State.#openReadOnly(file);
    Deno.mkdirSync(join(root, STATE_DIR), { recursive: true });
    const db = new DatabaseSync(file);
    // WAL keeps every committed write across a kill -9; NORMAL skips an fsync per commit.
    db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
    db.exec(SCHEMA);
    return new State(db);
  }

  /** An empty in-memory state (dry runs on a library that has none yet). */
  static memory(): State {
    const db = new DatabaseSync(":memory:");
    db.exec(SCHEMA);
    return new State(db);
  }

  close(): void {
    this.db.close();
  }

  #q(sql: string): StatementSync {
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
    const r = this.#q("SELECT * FROM items WHERE key = ?").get(key) as Row | undefined;
    return r && toRecord(r);
  }

  /** Records an item as seen, refreshing its metadata but never its path or status. */
  see(item: Item, runId: number | null): ItemRecord {
    this.#q(
      `INSERT INTO items (key, kind, image_id, mission_id, title, telescope, instrument, captured_at,
         url, filename, first_seen_run, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET url = excluded.url, filename = excluded.filename,
         title = excluded.title,
         telescope = excluded.telescope, instrument = excluded.instrument,
         captured_at = COALESCE(excluded.captured_at, items.captured_at),
         mission_id = excluded.mission_id`,
    ).run(
      item.key,
      item.kind,
      item.imageId,
      item.missionId,
      item.title,
      item.telescope,
      item.instrument,
      item.capturedAt?.getTime() ?? null,
      item.url,
      item.filename,
      runId,
      Date.now(),
    );
    return this.get(item.key)!;
  }

  /** The key of the item that owns a path (case-insensitively), if any. */
  pathOwner(path: string): string | undefined {
    const r = this.#q("SELECT key FROM items WHERE path_key = ?").get(pathKey(path)) as
      | Row
      | undefined;
    return r ? String(r.key) : undefined;
  }

  /** Gives an item its path for good. */
  assignPath(key: string, path: string): void {
    this.#q("UPDATE items SET path = ?, path_key = ?, updated_at = ? WHERE key = ?")
      .run(path, pathKey(path), Date.now(), key);
  }

  /** Remembers what the server announced for a transfer, so a later run can resume it. */
  setTransfer(key: string, remoteSize: number | null, etag: string | null): void {
    this.#q("UPDATE items SET remote_size = ?, etag = ?, updated_at = ? WHERE key = ?")
      .run(remoteSize, etag, Date.now(), key);
  }

  /** Marks an item present and verified. */
  markDone(key: string, size: number, sha256: string): void {
    this.#q(
      `UPDATE items SET status = 'done', size = ?, sha256 = ?, last_error = NULL,
         attempts = attempts + 1, updated_at = ? WHERE key = ?`,
    ).run(size, sha256, Date.now(), key);
  }

  /** Marks an item failed with a reason. */
  markFailed(key: string, error: string): void {
    this.#q(
      `UPDATE items SET status = 'failed', last_error = ?, attempts = attempts + 1,
         updated_at = ? WHERE key = ?`,
    ).run(error, Date.now(), key);
  }

  /** Forgets that an item was present (its file vanished or changed). */
  markPending(key: string): void {
    this.#q("UPDATE items SET status = 'pending', updated_at = ? WHERE key = ?")
      .run(Date.now(), key);
  }

  /** Items by status. */
  byStatus(status: ItemStatus): ItemRecord[] {
    return (this.#q("SELECT * FROM items WHERE status = ? ORDER BY captured_at DESC").all(
      status,
    ) as Row[])
      .map(toRecord);
  }

  /** The FITS already known for a mission. */
  fitsOfMission(missionId: number): ItemRecord[] {
    return (this.#q("SELECT * FROM items WHERE mission_id = ? AND kind = 'fits' ORDER BY key")
      .all(missionId) as Row[]).map(toRecord);
  }

  /** Number of items by status. */
  countByStatus(): Record<ItemStatus, number> {
    const out: Record<ItemStatus, number> = { pending: 0, done: 0, failed: 0 };
    for (
      const r of this.#q("SELECT status, COUNT(*) AS n FROM items GROUP BY status").all() as Row[]
    ) {
      out[r.status as ItemStatus] = Number(r.n);
    }
    return out;
  }

  /** Whether a mission's FITS list was already fetched. */
  fitsListed(missionId: number): boolean {
    const r = this.#q("SELECT fits_listed_at FROM missions WHERE id = ?").get(missionId) as
      | Row
      | undefined;
    return !!r && r.fits_listed_at !== null;
  }

  /** Records that a mission's FITS were listed. */
  markFitsListed(
    m: { missionId: number; title: string; telescope: string; capturedAt: Date | null },
    count: number,
  ): void {
    this.#q(
      `INSERT INTO missions (id, title, telescope, captured_at, fits_listed_at, fits_count)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET fits_listed_at = excluded.fits_listed_at,
         fits_count = excluded.fits_count`,
    ).run(m.missionId, m.title, m.telescope, m.capturedAt?.getTime() ?? null, Date.now(), count);
  }

  /** Starts a run record. */
  startRun(command: string): number {
    const r = this.#q("INSERT INTO runs (command, started_at) VALUES (?, ?) RETURNING id")
      .get(command, Date.now()) as Row;
    return Number(r.id);
  }

  /** Closes a run record with its outcome. */
  finishRun(
    id: number,
    status: string,
    counts: RunCounts,
    durationMs: number,
    apiCalls: number,
  ): void {
    this.#q(
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
  lastRuns(limit: number): RunRecord[] {
    return (this.#q("SELECT * FROM runs ORDER BY id DESC LIMIT ?").all(limit) as Row[]).map((
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

  /** Reads a marker. */
  getMeta(key: string): string | undefined {
    const r = this.#q("SELECT value FROM meta WHERE key = ?").get(key) as Row | undefined;
    return r ? String(r.value) : undefined;
  }

  /** Writes a marker. */
  setMeta(key: string, value: string): void {
    this.#q(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
      .run(key, value);
  }

  /** Removes a marker. */
  deleteMeta(key: string): void {
    this.#q("DELETE FROM meta WHERE key = ?").run(key);
  }

  // --- Queries of `stats` and `missions` (read-only) ---

  /** Every file the library holds (status done), with what reports group them by. */
  presentFiles(): PresentFile[] {
    return (this.#q(
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
  missionProgress(): Map<number, MissionProgress> {
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
      const r of this.#q(
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
      const r of this.#q(
        "SELECT id, fits_count FROM missions WHERE fits_listed_at IS NOT NULL",
      ).all() as Row[]
    ) {
      entry(Number(r.id)).fitsListed = Number(r.fits_count ?? 0);
    }
    return out;
  }

  /**
   * Opens the database for reading without creating anything beside it. A plain read-only open
   * of a WAL database creates its -wal and -shm files, and a dry run must write nothing. With no
   * WAL content to honour, SQLite's `immutable` mode reads the file alone; otherwise (a crashed
   * or running writer left a WAL) the normal read-only open sees those commits.
   */
  static #openReadOnly(file: string): State {
    let walSize = 0;
    try {
      walSize = Deno.statSync(`${file}-wal`).size;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    if (walSize > 0) return new State(new DatabaseSync(file, { readOnly: true }));
    const url = new URL("file:///");
    url.pathname = (file.startsWith("/") ? "" : "/") + file.replaceAll("\\", "/");
    url.searchParams.set("mode", "ro");
    url.searchParams.set("immutable", "1");
    return new State(new DatabaseSync(url.href, { readOnly: true }));
  }
}

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

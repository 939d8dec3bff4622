/**
 * The state database's file: how it is opened, its schema and that schema's migrations. `PRAGMA user_version` says how many steps of
 * MIGRATIONS a database has taken; opening runs the missing ones, each in its own transaction.
 * To change the schema, append one step (e.g. `(db) => db.exec("ALTER TABLE items ADD ...")`):
 * never edit a step that has shipped, since libraries out there already took it.
 */
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { isDiskError } from "../disk_error.ts";
import { ConfigError, FatalError } from "../errors.ts";
import { stateDbPath, stateDir } from "./library_dirs.ts";
import { ADD_FITS_COLUMNS } from "./fits_columns.ts";

/** The tables as slooh-dl made them before the schema had a version (user_version 0). */
const UNVERSIONED = `
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

/** The early-stop anchor: the newest picture and the roll's length when a clean pass ended. */
export interface Anchor {
  imageId: number;
  total: number;
  /** Whether that pass included the FITS. */
  fits: boolean;
}

/** The anchor as unversioned libraries kept it: JSON under the key "anchor" of `meta`. */
export function legacyAnchor(db: DatabaseSync): Anchor | null {
  try {
    const r = db.prepare("SELECT value FROM meta WHERE key = 'anchor'").get() as
      | Record<string, SQLInputValue>
      | undefined;
    const a = JSON.parse(String(r?.value ?? "null"));
    return a && typeof a.imageId === "number" && typeof a.total === "number"
      ? { imageId: a.imageId, total: a.total, fits: !!a.fits }
      : null;
  } catch {
    return null;
  }
}

/** The schema version from which missions record a finished pass over the mission list. */
export const MISSIONS_LISTED_FROM = 3;

/** MIGRATIONS[i] takes a database from user_version i to i + 1. Append only. */
export const MIGRATIONS: readonly ((db: DatabaseSync) => void)[] = [
  // 0 → 1: the unversioned tables (kept as they are), and a typed anchor instead of `meta`.
  (db) => {
    db.exec(UNVERSIONED);
    db.exec(`CREATE TABLE anchor (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      image_id INTEGER NOT NULL,
      total INTEGER NOT NULL,
      fits INTEGER NOT NULL
    )`);
    const a = legacyAnchor(db);
    if (a) {
      db.prepare("INSERT INTO anchor (id, image_id, total, fits) VALUES (1, ?, ?, ?)")
        .run(a.imageId, a.total, a.fits ? 1 : 0);
    }
    db.exec("DROP TABLE meta");
  },
  // 1 → 2: what each FITS header says (read as the file streams in, or from the file on disk).
  (db) => db.exec(ADD_FITS_COLUMNS),
  // 2 → 3: the renames of a `refile` in progress, written before the first, so a kill is undone;
  // when a finished pass over the mission list last went through a mission.
  (db) =>
    db.exec(`CREATE TABLE refile_steps (
      seq INTEGER PRIMARY KEY,
      key TEXT NOT NULL,
      from_path TEXT NOT NULL,
      to_path TEXT NOT NULL
    );
    ALTER TABLE missions ADD COLUMN listed_at INTEGER;`),
  // 3 → 4: the Slooh account whose images the library holds (see account_record.ts).
  (db) => {
    db.exec(`CREATE TABLE account (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      user_id TEXT NOT NULL,
      username TEXT NOT NULL
    )`);
  },
  // 4 → 5: each folder's mtime when its recorded files were last all found (folder_marks.ts),
  // and a counter the triggers move on every change to the set of files recorded as present.
  (db) =>
    db.exec(`CREATE TABLE folder_marks (
      folder TEXT PRIMARY KEY,
      mtime_ms REAL NOT NULL
    );
    CREATE TABLE folder_check (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      generation INTEGER NOT NULL,
      marked_generation INTEGER,
      tracks_changes INTEGER
    );
    INSERT INTO folder_check (id, generation) VALUES (1, 0);
    CREATE TRIGGER done_added AFTER INSERT ON items WHEN NEW.status = 'done'
    BEGIN UPDATE folder_check SET generation = generation + 1; END;
    CREATE TRIGGER done_changed AFTER UPDATE OF status, path, size ON items
    WHEN (OLD.status = 'done') <> (NEW.status = 'done') OR (NEW.status = 'done' AND
      (OLD.path IS NOT NEW.path OR OLD.size IS NOT NEW.size))
    BEGIN UPDATE folder_check SET generation = generation + 1; END;
    CREATE TRIGGER done_removed AFTER DELETE ON items WHEN OLD.status = 'done'
    BEGIN UPDATE folder_check SET generation = generation + 1; END;`),
];

/** The schema version a database is at. */
export function schemaVersion(db: DatabaseSync): number {
  return Number((db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version);
}

/** Brings a writable database up to the current schema, one step per transaction. */
export function migrate(db: DatabaseSync): void {
  let version = schemaVersion(db);
  if (version > MIGRATIONS.length) {
    throw new FatalError(
      `This library's state (schema ${version}) comes from a newer slooh-dl; update slooh-dl.`,
    );
  }
  for (; version < MIGRATIONS.length; version++) {
    db.exec("BEGIN IMMEDIATE");
    try {
      MIGRATIONS[version](db);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec("COMMIT");
    } catch (e) {
      if (db.isTransaction) db.exec("ROLLBACK");
      throw e;
    }
  }
}

/**
 * Opens the database for reading without creating anything beside it. A plain read-only open
 * of a WAL database creates its -wal and -shm files, and a dry run must write nothing. With no
 * WAL content to honour, SQLite's `immutable` mode reads the file alone; otherwise (a crashed
 * or running writer left a WAL) the normal read-only open sees those commits.
 */
export function openReadOnly(file: string): DatabaseSync {
  let walSize = 0;
  try {
    walSize = Deno.statSync(`${file}-wal`).size;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  if (walSize > 0) return new DatabaseSync(file, { readOnly: true });
  const url = new URL("file:///");
  url.pathname = (file.startsWith("/") ? "" : "/") + file.replaceAll("\\", "/");
  url.searchParams.set("mode", "ro");
  url.searchParams.set("immutable", "1");
  try {
    return new DatabaseSync(url.href, { readOnly: true });
  } catch {
    // Under a fenced --allow-read Deno takes the URL for a relative path. A database closed by
    // slooh-dl is in rollback-journal mode, which a plain read-only open leaves untouched.
    return new DatabaseSync(file, { readOnly: true });
  }
}

/**
 * What SQLite's refusals mean to the user, as one line naming the state file: damaged, or held by
 * another program. Disk errors pass unchanged, for the caller to say which disk.
 */
function stateError(e: unknown, file: string): unknown {
  if (e instanceof FatalError || isDiskError(e)) return e;
  const msg = String((e as Error)?.message ?? e).split("\n")[0];
  if (/not a database|malformed|corrupt/i.test(msg)) {
    return new FatalError(
      `The library's state ${file} is damaged (${msg}). Move it aside and run a download: ` +
        "the files already in the library are taken back, not fetched again.",
    );
  }
  if (/database is locked|database is busy/i.test(msg)) {
    return new FatalError(
      `The library's state ${file} is locked by another program; close it and try again.`,
    );
  }
  return e;
}

/**
 * The state database of the library at `root`: read-only, or created and brought up to the
 * schema. What SQLite refuses (a damaged or locked file) is one line naming the file.
 */
export function openStateDb(root: string, readOnly: boolean): DatabaseSync {
  const file = stateDbPath(root);
  try {
    return readOnly ? openReader(root, file) : openWriter(root, file);
  } catch (e) {
    throw stateError(e, file);
  }
}

function openReader(root: string, file: string): DatabaseSync {
  const db = openReadOnly(file);
  if (!db.prepare("SELECT 1 AS one FROM sqlite_master WHERE name = 'items'").get()) {
    db.close();
    // A state file made empty (or never filled): nothing is recorded.
    throw new ConfigError(`${root} has no records yet (${file} is empty); run a download`);
  }
  return db;
}

function openWriter(root: string, file: string): DatabaseSync {
  Deno.mkdirSync(stateDir(root), { recursive: true });
  const db = new DatabaseSync(file);
  // WAL keeps every committed write across a kill -9; NORMAL skips an fsync per commit. A
  // checkpoint every 8,192 pages (32 MiB) instead of SQLite's 1,000: on thousands of small
  // files the checkpoints cost more than half as much again as the commits (measured on a state
  // of 41,805 items, four files a commit: 130 → 80 µs of state writes per file).
  db.exec(
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; " +
      "PRAGMA wal_autocheckpoint=8192;",
  );
  migrate(db);
  return db;
}

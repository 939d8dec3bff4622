/** Schema versions: libraries made before versions keep their anchor; steps run once, in order. */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { FatalError } from "../../src/errors.ts";
import { stateDbPath } from "../../src/library/library_dirs.ts";
import { State } from "../../src/library/state.ts";
import { MIGRATIONS, schemaVersion } from "../../src/library/state_schema.ts";
import { assertLibraryMatches, scenario, tempDir } from "../helpers.ts";

/** The schema SQL of slooh-dl before state.db had a version (copied from that code). */
const UNVERSIONED_SQL = `
CREATE TABLE IF NOT EXISTS items (
  key TEXT PRIMARY KEY, kind TEXT NOT NULL, image_id INTEGER,
  mission_id INTEGER NOT NULL DEFAULT 0, title TEXT NOT NULL DEFAULT '',
  telescope TEXT NOT NULL DEFAULT '', instrument TEXT NOT NULL DEFAULT '', captured_at INTEGER,
  url TEXT NOT NULL, filename TEXT NOT NULL, path TEXT, path_key TEXT UNIQUE, size INTEGER,
  sha256 TEXT, status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT, remote_size INTEGER, etag TEXT, first_seen_run INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS items_status ON items(status);
CREATE INDEX IF NOT EXISTS items_mission ON items(mission_id);
CREATE TABLE IF NOT EXISTS missions (
  id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '', telescope TEXT NOT NULL DEFAULT '',
  captured_at INTEGER, fits_listed_at INTEGER, fits_count INTEGER
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, command TEXT NOT NULL, started_at INTEGER NOT NULL,
  finished_at INTEGER, status TEXT NOT NULL DEFAULT 'running',
  downloaded INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0, bytes INTEGER NOT NULL DEFAULT 0, duration_ms INTEGER,
  api_calls INTEGER
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Replaces the library's state by an unversioned database holding the same rows and anchor. */
function downgrade(lib: string): { imageId: number; total: number; fits: boolean } {
  const file = stateDbPath(lib);
  const old = `${file}.old`;
  const db = new DatabaseSync(old);
  db.exec(UNVERSIONED_SQL);
  db.exec(`ATTACH DATABASE '${file}' AS cur`);
  // The unversioned tables have fewer columns: copy those they have.
  for (const table of ["items", "missions", "runs"]) {
    const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
      .map((c) => c.name).join(", ");
    db.exec(`INSERT INTO ${table} SELECT ${columns} FROM cur.${table}`);
  }
  const a = db.prepare("SELECT image_id, total, fits FROM cur.anchor").get()!;
  const anchor = { imageId: Number(a.image_id), total: Number(a.total), fits: !!a.fits };
  db.prepare("INSERT INTO meta (key, value) VALUES ('anchor', ?)").run(JSON.stringify(anchor));
  db.exec("DETACH DATABASE cur");
  db.close();
  Deno.removeSync(file);
  for (const f of [`${file}-wal`, `${file}-shm`]) {
    try {
      Deno.removeSync(f);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  Deno.renameSync(old, file);
  return anchor;
}

Deno.test("a library made before schema versions keeps its anchor: one page next time", async () => {
  const t = await scenario({ accountOptions: { seed: 61, pictures: 120 } });
  try {
    const first = await t.download();
    assert.equal(first.failed, 0);
    const anchor = downgrade(t.lib);
    const probe = new DatabaseSync(stateDbPath(t.lib), { readOnly: true });
    assert.equal(schemaVersion(probe), 0, "the downgraded library has no version");
    probe.close();

    // A dry run cannot migrate (it writes nothing) but still reads the old anchor.
    const dry = await t.download({ dryRun: true });
    assert.equal(dry.pageRequests, 1);
    assert.equal(dry.plan.length, 0);

    t.sim.resetCounts();
    const again = await t.download();
    assert.equal(again.pageRequests, 1, "the routine run stopped at the migrated anchor");
    assert.equal(t.sim.counts.getMyPictures, 1);
    assert.equal(again.downloaded + again.failed, 0);
    const state = State.open(t.lib);
    assert.equal(schemaVersion(state.db), MIGRATIONS.length);
    assert.deepEqual(state.anchor(), anchor);
    assert.equal(state.countByStatus().done, t.sim.expectedFiles().length, "no item was lost");
    state.close();
    await assertLibraryMatches(t.lib, t.sim);
  } finally {
    await t.dispose();
  }
});

Deno.test("migrations run once each; a state from a newer slooh-dl is refused", async () => {
  const root = await tempDir();
  try {
    const s = State.open(root);
    assert.equal(schemaVersion(s.db), MIGRATIONS.length);
    assert.equal(s.anchor(), null);
    s.setAnchor({ imageId: 5, total: 9, fits: true });
    s.close();
    const reopened = State.open(root);
    assert.deepEqual(reopened.anchor(), { imageId: 5, total: 9, fits: true });
    reopened.db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    reopened.close();
    assert.throws(() => State.open(root), FatalError);
    assert.ok(Deno.statSync(join(root, ".slooh-dl", "state.db")).isFile);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

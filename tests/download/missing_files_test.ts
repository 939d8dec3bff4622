/** A routine run notices files deleted or cut short by hand, also below the anchor. */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { checkRecordedFiles } from "../../src/download/missing_files.ts";
import {
  folderOf,
  NO_MARKS,
  readFolderMarks,
  recordFolderMarks,
  UNSETTLED,
} from "../../src/library/folder_marks.ts";
import { State } from "../../src/library/state.ts";
import { assertLibraryMatches, withScenario } from "../helpers.ts";

Deno.test("a routine run fetches again files deleted, and cut short beside them, below the anchor", async () => {
  await withScenario({ accountOptions: { seed: 7, pictures: 30 } }, async (t) => {
    const first = await t.download();
    assert.equal(first.failed, 0);
    const state = State.open(t.lib);
    const done = state.donePaths();
    state.close();
    assert.ok(done.length > 10);
    // The oldest files lie far below the anchor: the walk stops on its first page. The deletion
    // moves the folder's mtime, so its files are looked at, and the one cut short is seen too.
    const beside = (d: { path: string }) =>
      done.findLast((o) => o !== d && folderOf(o.path) === folderOf(d.path));
    const gone = done.findLast((d) => beside(d))!;
    const cut = beside(gone)!;
    assert.ok(gone && done.indexOf(gone) > 20, "two old files in one folder");
    await Deno.remove(join(t.lib, gone.path));
    await Deno.truncate(join(t.lib, cut.path), 5);
    t.sim.resetCounts();

    const dry = await t.download({ dryRun: true });
    assert.deepEqual(dry.plan.map((j) => j.path).sort(), [gone.path, cut.path].sort());
    t.sim.resetCounts();

    const r = await t.download();
    assert.equal(t.sim.counts.getMyPictures, 1, "the walk still stopped at the anchor");
    assert.equal(r.downloaded, 2);
    await assertLibraryMatches(t.lib, t.sim);
    const again = await t.download();
    assert.equal(again.downloaded, 0);
  });
});

Deno.test("the check keeps to the run's selection", async () => {
  await withScenario({ accountOptions: { seed: 7, pictures: 30 } }, async (t) => {
    await t.download();
    const state = State.open(t.lib);
    const fits = state.byStatus("done").find((r) => r.kind === "fits")!;
    state.close();
    await Deno.remove(join(t.lib, fits.path!));
    assert.equal((await t.download({ fits: false })).downloaded, 0);
    assert.equal((await t.download()).downloaded, 1);
  });
});

Deno.test("without marks: every missing file and every file of another size", async () => {
  await withScenario({ accountOptions: { seed: 3, pictures: 5 } }, async (t) => {
    await t.download();
    const state = State.open(t.lib);
    try {
      const changed = () => checkRecordedFiles(t.lib, state, NO_MARKS).changed.sort();
      assert.deepEqual(changed(), []);
      const [a, b, c] = state.donePaths();
      await Deno.remove(join(t.lib, a.path));
      await Deno.writeFile(join(t.lib, b.path), new Uint8Array(b.size + 1));
      // Same size, other bytes: that is verify's to find, not this cheap check's.
      await Deno.writeFile(join(t.lib, c.path), new Uint8Array(c.size));
      assert.deepEqual(changed(), [a.key, b.key].sort());
    } finally {
      state.close();
    }
  });
});

/** Sets every folder holding a recorded file an hour back, as if last changed long ago. */
function ageFolders(lib: string, state: State): void {
  const old = new Date(Date.now() - 3_600_000);
  for (const f of new Set(state.donePaths().map((d) => dirname(join(lib, d.path))))) {
    Deno.utimeSync(f, old, old);
  }
}

Deno.test("with marks, only folders whose mtime moved have their files looked at", async () => {
  await withScenario({ accountOptions: { seed: 5, pictures: 12 } }, async (t) => {
    await t.download();
    const state = State.open(t.lib);
    try {
      const folders = new Set(state.donePaths().map((d) => folderOf(d.path)));
      assert.ok(folders.size >= 3, "the scenario spreads files over folders");
      const written = readFolderMarks(state);
      assert.equal(written.tracksChanges, true, "this file system moves a folder's mtime");
      assert.equal(written.markedGeneration, written.generation, "the download marked them");
      assert.deepEqual(new Set(written.folders.keys()), folders);

      ageFolders(t.lib, state);
      const first = checkRecordedFiles(t.lib, state);
      assert.deepEqual(first.changed, []);
      assert.equal(first.marks?.replace, false, "only the folders that moved are looked at");
      assert.deepEqual(new Set(first.marks?.set.keys()), folders);
      recordFolderMarks(state, t.lib, first.marks!);
      const marks = readFolderMarks(state);
      assert.ok([...marks.folders.values()].every((m) => m < Date.now() - 3_000_000));

      // Nothing moved: no file looked at, nothing to record.
      assert.deepEqual(checkRecordedFiles(t.lib, state), { changed: [], marks: null });
      // Cut short in place, its folder as it was: not this check's to see (--all and verify do).
      const [cut, gone, other] = pickInThreeFolders(state.donePaths());
      await Deno.truncate(join(t.lib, cut.path), 3);
      assert.deepEqual(checkRecordedFiles(t.lib, state).changed, []);
      assert.deepEqual(checkRecordedFiles(t.lib, state, NO_MARKS).changed, [cut.key]);

      // A deletion moves the folder's mtime: that folder is checked file by file, and only it.
      await Deno.remove(join(t.lib, gone.path));
      const after = checkRecordedFiles(t.lib, state);
      assert.deepEqual(after.changed, [gone.key]);
      assert.equal(after.marks?.replace, false);
      assert.deepEqual([...after.marks!.set], [[folderOf(gone.path), UNSETTLED]]);
      recordFolderMarks(state, t.lib, after.marks!);
      assert.equal(readFolderMarks(state).folders.get(folderOf(gone.path)), UNSETTLED);
      assert.equal(
        readFolderMarks(state).folders.get(folderOf(other.path)),
        marks.folders.get(folderOf(other.path)),
      );
      assert.deepEqual(checkRecordedFiles(t.lib, state).changed, [gone.key], "until it is back");
    } finally {
      state.close();
    }
  });
});

/** A downloaded library whose folders were marked an hour after they last changed. */
async function withMarkedLibrary(
  pictures: number,
  fn: (lib: string, state: State) => Promise<void> | void,
): Promise<void> {
  await withScenario({ accountOptions: { seed: 5, pictures } }, async (t) => {
    await t.download();
    const state = State.open(t.lib);
    try {
      ageFolders(t.lib, state);
      recordFolderMarks(state, t.lib, checkRecordedFiles(t.lib, state).marks!);
      await fn(t.lib, state);
    } finally {
      state.close();
    }
  });
}

Deno.test("marks hold only for the recorded files they were taken for", async () => {
  await withMarkedLibrary(12, (lib, state) => {
    const before = readFolderMarks(state);
    assert.equal(before.markedGeneration, before.generation);
    // The state forgets a file was present (as a run does when it sets one aside).
    const [a] = state.donePaths();
    state.markPending(a.key);
    const moved = readFolderMarks(state);
    assert.notEqual(moved.generation, before.generation, "the trigger counted the change");
    const check = checkRecordedFiles(lib, state);
    assert.equal(check.marks?.replace, true, "every folder listed again");
    assert.deepEqual(check.changed, []);
    // Folders changed just now keep no mark: a change in the same tick could hide behind it.
    const fresh = join(lib, state.donePaths()[0].path);
    const now = new Date();
    Deno.utimeSync(dirname(fresh), now, now);
    const again = checkRecordedFiles(lib, state, readFolderMarks(state));
    assert.equal(again.marks?.set.get(folderOf(state.donePaths()[0].path)), UNSETTLED);
  });
});

Deno.test("on a disk that keeps no folder mtimes, every file is checked every time", async () => {
  await withMarkedLibrary(6, async (lib, state) => {
    // What the probe records where adding an entry leaves the folder's mtime as it was.
    state.db.exec("UPDATE folder_check SET tracks_changes = 0");
    const [cut] = state.donePaths();
    await Deno.truncate(join(lib, cut.path), 3);
    const check = checkRecordedFiles(lib, state);
    assert.deepEqual(check.changed, [cut.key], "found although its folder did not move");
    recordFolderMarks(state, lib, check.marks!);
    assert.equal(readFolderMarks(state).folders.size, 0, "no marks kept");
    assert.equal(readFolderMarks(state).tracksChanges, false);
  });
});

/** Three recorded files in three different folders. */
function pickInThreeFolders<T extends { path: string }>(files: T[]): [T, T, T] {
  const seen = new Map<string, T>();
  for (const f of files) if (!seen.has(folderOf(f.path))) seen.set(folderOf(f.path), f);
  const [a, b, c] = [...seen.values()];
  assert.ok(c, "three folders");
  return [a, b, c];
}

Deno.test("a file deleted by hand whose image Slooh no longer lists is not fetched again", async () => {
  await withScenario({ accountOptions: { seed: 8, pictures: 12 } }, async (t) => {
    await t.download({ fits: false });
    const gone = t.sim.account.pictures.splice(8, 1)[0];
    t.sim.reindex();
    const state = State.open(t.lib);
    const rec = state.byStatus("done").find((r) => r.imageId === gone.imageId)!;
    state.close();
    await Deno.remove(join(t.lib, rec.path!));
    t.sim.resetCounts();
    const r = await t.download({ fits: false });
    assert.equal(t.sim.counts.fileGets, 0);
    assert.equal(r.downloaded + r.failed, 0);
  });
});

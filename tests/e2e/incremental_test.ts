/** Routine runs: stop paging as soon as the rest is proven handled, and never miss anything. */
import assert from "node:assert/strict";
import { addNewPictures, type Simulator } from "../simulator/mod.ts";
import { join } from "node:path";
import {
  assertLibraryMatches,
  cliCommand,
  readState,
  scenario,
  simEnv,
  waitFor,
} from "../helpers.ts";

function setup(pictures: number, seed = 21) {
  return scenario({
    accountOptions: { seed, pictures, pictureSize: [300, 900], fitsSize: [3000, 3500] },
  });
}

/** The new files a set of new pictures brings: each picture plus its mission's FITS. */
function newFiles(sim: Simulator, pictureIds: number[]): number {
  const missions = new Set(
    sim.account.pictures.filter((p) => pictureIds.includes(p.imageId)).map((p) => p.missionId),
  );
  let fits = 0;
  for (const id of missions) fits += sim.account.missions.get(id)?.fits.length ?? 0;
  return pictureIds.length + fits;
}

/** A routine run on slow files, killed with -9 once its first file request has come in. */
async function killAfterFirstFile(t: Awaited<ReturnType<typeof setup>>, delayMs: number) {
  t.sim.fileDelayMs = delayMs;
  t.sim.resetCounts();
  const child = cliCommand(["--config", t.config, "download", "-d", t.lib], simEnv(t.sim))
    .spawn();
  await waitFor(() => t.sim.counts.fileGets >= 1);
  child.kill("SIGKILL");
  await child.status;
  t.sim.fileDelayMs = 0;
}

Deno.test("3 new images on a 400-image account: one page request, exactly the new files", async () => {
  const t = await setup(400);
  try {
    const first = await t.run();
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.json.pageRequests, 10);

    const added = addNewPictures(t.sim.account, 3).map((p) => p.imageId);
    t.sim.resetCounts();
    const r = await t.run();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(t.sim.counts.getMyPictures, 1);
    assert.equal(t.sim.counts.fileGets, newFiles(t.sim, added));
    assert.equal(r.json.downloaded, newFiles(t.sim, added));
    await assertLibraryMatches(t.lib, t.sim);

    t.sim.resetCounts();
    const noop = await t.run();
    assert.equal(noop.code, 0);
    assert.equal(t.sim.counts.getMyPictures, 1);
    assert.equal(t.sim.counts.getMissionFITS, 0);
    assert.equal(t.sim.counts.fileGets, 0);

    // Without FITS the figure is literal: 3 new images, 3 files.
    const more = addNewPictures(t.sim.account, 3).map((p) => p.imageId);
    t.sim.resetCounts();
    const pics = await t.run("--no-fits");
    assert.equal(pics.code, 0, pics.stderr);
    assert.equal(t.sim.counts.getMyPictures, 1);
    assert.equal(t.sim.counts.fileGets, 3);
    assert.equal(more.length, 3);
    // The --no-fits run must not become a proof for FITS: the next run fetches them.
    t.sim.resetCounts();
    const withFits = await t.run();
    assert.equal(withFits.code, 0, withFits.stderr);
    assert.equal(withFits.json.downloaded, newFiles(t.sim, more) - 3);
    await assertLibraryMatches(t.lib, t.sim);
  } finally {
    await t.dispose();
  }
});

Deno.test("more new images than a page: pages until the previous run's newest image", async () => {
  const t = await setup(60);
  try {
    assert.equal((await t.run()).code, 0);
    const added = addNewPictures(t.sim.account, 45).map((p) => p.imageId);
    t.sim.resetCounts();
    const r = await t.run();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(t.sim.counts.getMyPictures, 2);
    assert.equal(r.json.downloaded, newFiles(t.sim, added));
    await assertLibraryMatches(t.lib, t.sim);
  } finally {
    await t.dispose();
  }
});

Deno.test("after a partly failed run the next run does not stop early", async () => {
  const t = await setup(50);
  try {
    assert.equal((await t.run()).code, 0);
    const added = addNewPictures(t.sim.account, 3);
    const broken = new URL(added[1].url).pathname;
    t.sim.injectFault({
      kind: "status",
      status: 404,
      target: "file",
      match: broken,
      times: Infinity,
    });
    const failed = await t.run();
    assert.equal(failed.code, 1);
    t.sim.clearFaults();
    addNewPictures(t.sim.account, 2);
    const r = await t.run();
    assert.equal(r.code, 0, r.stderr);
    await assertLibraryMatches(t.lib, t.sim);
  } finally {
    await t.dispose();
  }
});

Deno.test("after an interrupted run the next run fetches everything that was missing", async () => {
  const t = await setup(50);
  try {
    assert.equal((await t.run()).code, 0);
    const added = addNewPictures(t.sim.account, 30).map((p) => p.imageId);
    t.sim.fileDelayMs = 20;
    t.sim.resetCounts();
    // Kill -9 once a few of the new files have landed.
    const child = cliCommand(
      ["--config", t.config, "download", "-d", t.lib, "--concurrency", "1"],
      simEnv(t.sim),
    ).spawn();
    await waitFor(() => t.sim.counts.fileGets >= 5);
    child.kill("SIGKILL");
    await child.status;
    assert.ok(
      t.sim.counts.fileGets < newFiles(t.sim, added),
      `the run finished before it could be killed (${t.sim.counts.fileGets} of ${
        newFiles(t.sim, added)
      })`,
    );
    t.sim.fileDelayMs = 0;
    const r = await t.run();
    assert.equal(r.code, 0, r.stderr);
    await assertLibraryMatches(t.lib, t.sim);
    // And the run after that is a no-op again.
    t.sim.resetCounts();
    await t.run();
    assert.equal(t.sim.counts.getMyPictures, 1);
    assert.equal(t.sim.counts.fileGets, 0);
  } finally {
    await t.dispose();
  }
});

Deno.test("images deleted on Slooh below the last run's newest force a full re-check", async () => {
  const t = await setup(90);
  try {
    assert.equal((await t.run()).code, 0);
    t.sim.account.pictures.splice(70, 1);
    t.sim.reindex();
    addNewPictures(t.sim.account, 1);
    t.sim.resetCounts();
    const r = await t.run();
    assert.equal(r.code, 0, r.stderr);
    // 90 pictures, page cap 40: the whole roll again.
    assert.equal(r.json.pageRequests, 3);
  } finally {
    await t.dispose();
  }
});

Deno.test("a kill during the last transfers of a run never lets the next run stop early", async () => {
  const t = await setup(40);
  try {
    assert.equal((await t.run()).code, 0);
    // Few new pictures: the whole scan ends at once, and the kill lands in the final transfers.
    const added = addNewPictures(t.sim.account, 2).map((p) => p.imageId);
    await killAfterFirstFile(t, 300);
    const r = await t.run();
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.json.downloaded > 0 && r.json.downloaded <= newFiles(t.sim, added));
    await assertLibraryMatches(t.lib, t.sim);
  } finally {
    await t.dispose();
  }
});

Deno.test("files deleted by hand whose fetch a kill cut short are fetched by the next run", async () => {
  const t = await setup(50);
  try {
    assert.equal((await t.run()).code, 0);
    // Below the anchor: the oldest pictures, which a routine run finds by their records alone.
    const gone = await readState(t.lib, (db) =>
      db.prepare(
        "SELECT key, path FROM items WHERE kind = 'picture' ORDER BY captured_at LIMIT 4",
      ).all() as { key: string; path: string }[]);
    for (const g of gone) await Deno.remove(join(t.lib, g.path));
    await killAfterFirstFile(t, 400);
    const keys = gone.map((g) => g.key);
    const pending = await readState(t.lib, (db) =>
      db.prepare(
        `SELECT COUNT(*) AS n FROM items WHERE status = 'pending' AND key IN (${
          keys.map(() => "?").join(",")
        })`,
      ).get(...keys) as { n: number });
    assert.ok(pending.n > 0, "the kill landed after the files were fetched again");
    const missing = gone.filter((g) => {
      try {
        return !Deno.statSync(join(t.lib, g.path)).isFile;
      } catch {
        return true;
      }
    });
    const r = await t.run();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.downloaded, missing.length, r.stderr);
    await assertLibraryMatches(t.lib, t.sim);
  } finally {
    await t.dispose();
  }
});

Deno.test("an empty totalCount: page to the end, never stop early on a guess", async () => {
  const t = await setup(90);
  try {
    t.sim.emptyTotalCount = true;
    const first = await t.run();
    assert.equal(first.code, 0, first.stderr);
    // 90 pictures, 40 a page: three full pages and the empty one that ends the roll.
    assert.equal(first.json.pageRequests, 4);
    await assertLibraryMatches(t.lib, t.sim);
    addNewPictures(t.sim.account, 2);
    t.sim.resetCounts();
    const second = await t.run();
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.json.pageRequests, 4, "no early stop without a total to prove it");
    await assertLibraryMatches(t.lib, t.sim);
  } finally {
    await t.dispose();
  }
});

/** A mission whose FITS no picture of the roll names is downloaded too, at a page's cost. */
import assert from "node:assert/strict";
import { State } from "../../src/library/state.ts";
import { addNewPictures } from "../simulator/mod.ts";
import { assertLibraryMatches, scenario } from "../helpers.ts";

Deno.test("the FITS of a mission without pictures in the roll are downloaded; a routine run pays one page", async () => {
  await using t = await scenario({ accountOptions: { seed: 21, pictures: 30 } });
  // Its pictures deleted from the roll (or never processed): only the mission list names it.
  const orphan = [...t.sim.account.missions.values()].find((m) =>
    m.fitsAvailable && m.fits.length > 1 && t.sim.account.pictures.at(-1)!.missionId !== m.id
  )!;
  t.sim.account.pictures = t.sim.account.pictures.filter((p) => p.missionId !== orphan.id);
  t.sim.reindex();
  const first = await t.download();
  assert.equal(first.failed, 0);
  await assertLibraryMatches(t.lib, t.sim);
  const state = State.open(t.lib, { readOnly: true });
  const fits = state.fitsOfMission(orphan.id);
  state.close();
  assert.equal(fits.length, orphan.fits.length);
  assert.ok(fits.every((f) => f.status === "done" && f.title === orphan.title.trim()));

  // Routine runs: an unchanged account, then two new pictures.
  const calls = t.sim.counts.getMissionImages;
  assert.equal((await t.download()).downloaded, 0);
  assert.equal(t.sim.counts.getMissionImages - calls, 1, "one mission page");
  addNewPictures(t.sim.account, 2);
  t.sim.reindex();
  const third = await t.download();
  assert.ok(third.downloaded >= 2);
  assert.equal(t.sim.counts.getMissionImages - calls, 2, "one mission page each");
  await assertLibraryMatches(t.lib, t.sim);
});

Deno.test("the first run after an upgrade reads the whole mission list: older orphans are found", async () => {
  await using t = await scenario({
    accountOptions: { seed: 22, pictures: 40, missionsWithoutPictures: 1 },
  });
  const inRoll = new Set(t.sim.account.pictures.map((p) => p.missionId));
  const orphan = [...t.sim.account.missions.values()].find((m) =>
    m.fits.length && !inRoll.has(m.id)
  )!;
  assert.ok(orphan);
  assert.equal((await t.download()).failed, 0);
  // As an older slooh-dl left it: no pass over the mission list, the orphan's FITS never fetched.
  const state = State.open(t.lib);
  for (const f of state.fitsOfMission(orphan.id)) await Deno.remove(`${t.lib}/${f.path}`);
  state.db.prepare("DELETE FROM items WHERE mission_id = ?").run(orphan.id);
  state.db.prepare("DELETE FROM missions WHERE id = ?").run(orphan.id);
  state.db.exec("UPDATE missions SET listed_at = NULL");
  state.close();
  const calls = t.sim.counts.getMissionImages;
  const r = await t.download();
  assert.equal(r.downloaded, orphan.fits.length);
  const pages = Math.ceil(t.sim.account.missions.size / 18);
  assert.equal(t.sim.counts.getMissionImages - calls, pages, "the whole list, once");
  await assertLibraryMatches(t.lib, t.sim);
  const again = t.sim.counts.getMissionImages;
  await t.download();
  assert.equal(t.sim.counts.getMissionImages - again, 1);
});

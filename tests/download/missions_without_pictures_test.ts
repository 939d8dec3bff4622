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

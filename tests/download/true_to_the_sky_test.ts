/**
 * The done-when of issue 12: an account shaped like the public records (their titles, name shapes
 * and FITS headers) is filed one object to one folder, with the right filter label and time.
 */
import assert from "node:assert/strict";
import { headerFilterLabel } from "../../src/fits/facts.ts";
import { Layout } from "../../src/library/layout.ts";
import { FILTER_LETTERS } from "../../src/library/optical_filter.ts";
import { State } from "../../src/library/state.ts";
import { fitsCardsFor } from "../simulator/bytes.ts";
import { assertLibraryMatches, scenario } from "../helpers.ts";

/** Real titles of one object each, and the folder the issue says they belong in. */
const FOLDERS: Record<string, string> = {
  "Caldwell 92": "NGC3372",
  "Caldwell 92 (NGC 3372)": "NGC3372",
  "Eta Carinae Nebula (NGC 3372)": "NGC3372",
  "Open Cluster M103 (NGC 581)": "M103",
  "Messier 103": "M103",
  "Andromeda Galaxy (NGC 224)": "M31",
  "Andromeda Galaxy (M31)": "M31",
};

Deno.test("an account shaped like the records: one folder per object, true filters and times", async () => {
  await using t = await scenario({
    accountOptions: {
      seed: 40,
      pictures: 40,
      fitsPerMission: [2, 4],
      titles: Object.keys(FOLDERS),
      missionsWithoutPictures: 1,
    },
  });
  const missions = [...t.sim.account.missions.values()];
  assert.ok(
    missions.some((m) => new Set(m.fits.map((f) => f.group)).size > 1),
    "a mission with FITS in two camera folders",
  );
  const inRoll = new Set(t.sim.account.pictures.map((p) => p.missionId));
  assert.ok(missions.some((m) => m.fits.length && !inRoll.has(m.id)), "a mission without pictures");
  assert.ok(t.sim.account.pictures.some((p) => p.imageTimestamp), "pictures with imageTimestamp");

  const layout = new Layout("{object}/{filter}", "{filename}");
  const summary = await t.download({ layout });
  assert.equal(summary.failed, 0);
  // Every byte, and every file's time: a picture's most exact time, a frame's DATE-OBS.
  await assertLibraryMatches(t.lib, t.sim);
  const state = State.open(t.lib, { readOnly: true });
  try {
    const done = state.byStatus("done");
    assert.equal(done.length, t.sim.expectedFiles().length);
    const folders = new Set<string>();
    for (const r of done) {
      const [object, filter] = r.path!.split("/");
      folders.add(object);
      assert.equal(object, FOLDERS[r.title], `${r.title} → ${r.path}`);
      if (r.kind === "fits") {
        const raw = new Map(fitsCardsFor(r.url)).get("FILTER");
        if (typeof raw === "string") assert.equal(filter, headerFilterLabel(raw), r.path!);
        assert.equal(r.capturedAt?.getTime(), r.fits?.observedAt?.getTime());
      } else {
        const letter = /_([a-z]+)\.png$/.exec(r.filename)?.[1] ?? "";
        assert.equal(filter, letter ? FILTER_LETTERS.get(letter) ?? letter : "Unknown", r.path!);
      }
    }
    assert.deepEqual([...folders].sort(), ["M103", "M31", "NGC3372"]);
  } finally {
    state.close();
  }
});

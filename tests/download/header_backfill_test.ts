/** A library downloaded before FITS headers were read gets their facts from its files on disk. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { backfillFitsFacts } from "../../src/download/header_backfill.ts";
import { State } from "../../src/library/state.ts";
import { fitsCardsFor } from "../simulator/bytes.ts";
import { assertLibraryMatches, scenario } from "../helpers.ts";

/** Turns the library into one made before headers: no facts, FITS mtimes at the mission slot. */
async function forgetHeaders(lib: string): Promise<number> {
  const state = State.open(lib);
  const fits = state.byStatus("done").filter((r) => r.kind === "fits");
  state.db.exec("UPDATE items SET date_obs = NULL, header_read_at = NULL, filter_header = NULL");
  state.close();
  for (const r of fits) await Deno.utime(join(lib, r.path!), new Date(0), new Date(0));
  return fits.length;
}

Deno.test("the next run reads the headers from disk, sets DATE-OBS as mtime, and only once", async () => {
  await using t = await scenario({ accountOptions: { seed: 5, pictures: 12 } });
  assert.equal((await t.download()).failed, 0);
  const fits = await forgetHeaders(t.lib);
  assert.ok(fits > 3, `${fits} FITS`);
  const gets = t.sim.counts.fileGets;
  assert.equal((await t.download()).downloaded, 0);
  assert.equal(t.sim.counts.fileGets, gets, "no file fetched again");
  await assertLibraryMatches(t.lib, t.sim);
  const state = State.open(t.lib);
  try {
    for (const r of state.byStatus("done").filter((r) => r.kind === "fits")) {
      const cards = new Map(fitsCardsFor(r.url));
      assert.equal(r.headerRead, true);
      assert.equal(r.fits?.observedAt?.toISOString().slice(0, 22), cards.get("DATE-OBS"));
      assert.equal(r.fits?.exposureSeconds, cards.get("EXPTIME"));
      assert.equal(r.capturedAt?.getTime(), r.fits?.observedAt?.getTime());
    }
    assert.deepEqual(await backfillFitsFacts(t.lib, state), { read: 0, retimed: 0, warnings: [] });
  } finally {
    state.close();
  }
});

Deno.test("a download keeps each FITS header's facts in the state", async () => {
  await using t = await scenario({ accountOptions: { seed: 6, pictures: 8 } });
  assert.equal((await t.download()).failed, 0);
  const state = State.open(t.lib, { readOnly: true });
  try {
    const fits = state.byStatus("done").filter((r) => r.kind === "fits");
    assert.ok(fits.length > 0);
    for (const r of fits) {
      const cards = new Map(fitsCardsFor(r.url));
      assert.equal(r.fits?.filter?.raw ?? undefined, cards.get("FILTER"));
      assert.equal(r.fits?.observer ?? undefined, cards.get("OBSERVER"));
      assert.equal(r.fits?.telescope ?? undefined, cards.get("TELESCOP"));
    }
  } finally {
    state.close();
  }
});

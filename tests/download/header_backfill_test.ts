/** A library downloaded before FITS headers were read gets their facts from its files on disk. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { backfillFitsFacts } from "../../src/download/header_backfill.ts";
import { formatFitsHeader } from "../../src/fits/header.ts";
import { Layout } from "../../src/library/layout.ts";
import { refile } from "../../src/library/refile.ts";
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

Deno.test("a header whose FILTER contradicts the name is kept and warned about; refile files it by the header", async () => {
  await using t = await scenario({ accountOptions: { seed: 5, pictures: 12 } });
  const layout = new Layout("{object}/{filter}", "{filename}");
  assert.equal((await t.download({ layout })).failed, 0);
  const state = State.open(t.lib);
  try {
    const rec = state.byStatus("done").find((r) =>
      r.kind === "fits" && r.path!.includes("/Luminance/") && r.fits?.filter
    )!;
    assert.ok(rec, "a luminance frame with a FILTER card");
    // The camera's card says Red: the name's letter was wrong.
    const cards = fitsCardsFor(rec.url).map(([k, v]) => [k, k === "FILTER" ? "Red" : v] as const);
    const file = join(t.lib, rec.path!);
    const bytes = await Deno.readFile(file);
    const header = formatFitsHeader(cards.map(([k, v]) => [k, v]));
    assert.equal(header.length, 2880);
    bytes.set(header, 0);
    await Deno.writeFile(file, bytes);
    state.db.prepare("UPDATE items SET header_read_at = NULL WHERE key = ?").run(rec.key);
    const result = await backfillFitsFacts(t.lib, state);
    assert.equal(result.read, 1);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0], /name says Luminance but its header says FILTER = Red/);
    assert.equal(state.get(rec.key)!.path, rec.path, "kept where it was");
    const moved = await refile(t.lib, state, layout, false);
    assert.deepEqual(moved.moved.map((s) => s.key), [rec.key]);
    assert.match(state.get(rec.key)!.path!, /\/Red\//);
    assert.deepEqual(await Deno.readFile(join(t.lib, state.get(rec.key)!.path!)), bytes);
  } finally {
    state.close();
  }
});

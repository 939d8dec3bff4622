/** `stats` totals in process. */
import assert from "node:assert/strict";
import { computeTotals } from "../../src/cli/commands/stats.ts";
import type { PresentFile } from "../../src/library/report_queries.ts";

Deno.test("computeTotals groups by format, telescope and object, most files first", () => {
  const f = (over: Partial<PresentFile>): PresentFile => ({
    kind: "picture",
    missionId: 1,
    title: "Orion Nebula (M42)",
    telescope: "Canary Two",
    filename: "a.png",
    path: "x",
    size: 10,
    capturedAt: new Date("2025-01-02T00:00:00Z"),
    ...over,
  });
  const t = computeTotals([
    f({}),
    f({ kind: "fits", filename: "a_l_cal.fit", size: 100 }),
    f({ kind: "fits", filename: "b_r_cal.FITS", size: 100, title: "Messier 42" }),
    f({ title: "Saturn", telescope: "", capturedAt: new Date("2024-05-06T07:08:09Z") }),
    f({ title: "Jupiter", filename: "j.jpg", capturedAt: null }),
  ], 2);
  assert.equal(t.files, 5);
  assert.equal(t.bytes, 230);
  assert.equal(t.pictures, 3);
  assert.equal(t.fits, 2);
  assert.deepEqual(t.byFormat.map((g) => [g.name, g.files, g.bytes]), [
    ["FITS", 2, 200],
    ["PNG", 2, 20],
    ["JPEG", 1, 10],
  ]);
  assert.deepEqual(t.byTelescope.map((g) => [g.name, g.files]), [["Canary Two", 4], [
    "Unknown",
    1,
  ]]);
  // "Messier 42" and "Orion Nebula (M42)" are one object; only the top 2 are kept.
  assert.deepEqual(t.topObjects.map((g) => [g.name, g.files]), [["M42", 3], ["Jupiter", 1]]);
  assert.equal(t.firstCapture?.toISOString(), "2024-05-06T07:08:09.000Z");
  assert.equal(t.lastCapture?.toISOString(), "2025-01-02T00:00:00.000Z");
});

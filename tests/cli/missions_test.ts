/** `missions`: local status and order, in process. */
import assert from "node:assert/strict";
import { localStatus, newestFirst } from "../../src/cli/commands/missions.ts";
import type { Mission } from "../../src/slooh/types.ts";

function mission(over: Partial<Mission> = {}): Mission {
  return {
    id: 1,
    title: "M42",
    capturedAt: new Date("2025-01-01T00:00:00Z"),
    telescope: "Canary Two",
    instrument: "",
    imageCount: 2,
    fitsAvailable: true,
    owner: "",
    previewUrl: "",
    ...over,
  };
}

Deno.test("local status: complete needs every picture and every listed FITS", () => {
  const p = (picturesDone: number, fitsDone: number, fitsListed: number | null) => ({
    picturesKnown: 2,
    picturesDone,
    fitsKnown: fitsListed ?? 0,
    fitsDone,
    fitsListed,
  });
  assert.equal(localStatus(mission(), undefined), "none");
  assert.equal(localStatus(mission(), p(0, 0, 3)), "none");
  assert.equal(localStatus(mission(), p(2, 3, 3)), "complete");
  assert.equal(localStatus(mission(), p(2, 2, 3)), "partial");
  assert.equal(localStatus(mission(), p(1, 3, 3)), "partial");
  // FITS never listed (a --no-fits library): not complete while Slooh has some.
  assert.equal(localStatus(mission(), p(2, 0, null)), "partial");
  assert.equal(localStatus(mission({ fitsAvailable: false }), p(2, 0, null)), "complete");
});

Deno.test("missions sort newest first, undated last", () => {
  const list = [
    mission({ id: 1, capturedAt: null }),
    mission({ id: 2, capturedAt: new Date("2024-01-01Z") }),
    mission({ id: 3, capturedAt: new Date("2025-01-01Z") }),
    mission({ id: 4, capturedAt: new Date("2025-01-01Z") }),
  ];
  assert.deepEqual(list.sort(newestFirst).map((m) => m.id), [4, 3, 2, 1]);
});

/** Off a terminal every retry wait is a plain line at once, for the API and for a file. */
import assert from "node:assert/strict";
import { assertLibraryMatches, withScenario } from "../helpers.ts";

Deno.test("retry waits of the API and of a file are printed as they start", () =>
  withScenario({ accountOptions: { seed: 91, pictures: 3 } }, async (t) => {
    t.sim.injectFault({ kind: "status", status: 503, target: "api", match: "getMyPictures" });
    t.sim.injectFault({ kind: "status", status: 503, target: "file", match: ".fit" });
    const r = await t.run();
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(t.sim.unfiredFaults(), []);
    assert.match(
      r.stderr,
      /^retrying in 1 s \(2\/\d\): Slooh answered HTTP 503 on getMyPictures$/m,
    );
    assert.match(r.stderr, /^[^\n]+\.fits?: retrying in 1 s \(2\/4\): HTTP 503/m);
    await assertLibraryMatches(t.lib, t.sim);
  }));

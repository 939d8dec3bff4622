/** A run's own split of its time, as `download --json` reports it. */
import assert from "node:assert/strict";
import { scenario } from "../helpers.ts";

Deno.test("a run's timings put a slow page under pages and a slow mission call under missions", async () => {
  await using t = await scenario({ accountOptions: { seed: 7, pictures: 3 } });
  t.sim.injectFault({
    kind: "stall",
    target: "api",
    match: "getMyPictures",
    afterBytes: 0,
    ms: 300,
  });
  t.sim.injectFault({
    kind: "stall",
    target: "api",
    match: "getMissionFITS",
    afterBytes: 0,
    ms: 200,
  });
  const r = await t.download();
  assert.deepEqual(t.sim.unfiredFaults(), [], "both delays fired");
  const tm = r.timings;
  assert.ok(tm.pagesMs >= 300, `pages ${tm.pagesMs} ms`);
  assert.ok(tm.missionSearchMs >= 200, `missions ${tm.missionSearchMs} ms`);
  assert.ok(tm.loginMs < 300, `login ${tm.loginMs} ms`);
  // In process, the run starts long after the test process did.
  assert.ok(tm.startupMs > 0 && tm.startupMs <= performance.now());
});

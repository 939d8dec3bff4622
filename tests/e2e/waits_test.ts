/** Off a terminal every retry wait is a plain line at once, for the API and for a file. */
import assert from "node:assert/strict";
import { assertLibraryMatches, simEnv, withScenario } from "../helpers.ts";

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

Deno.test({
  name: "on a terminal the live block counts a wait down, named by its reason",
  // A pseudo-terminal from util-linux `script`.
  ignore: Deno.build.os !== "linux" || !hasScript(),
}, () =>
  withScenario({ accountOptions: { seed: 92, pictures: 3 } }, async (t) => {
    // Slooh asks for 3 s before the next try of the listing.
    t.sim.injectFault({
      kind: "status",
      status: 503,
      retryAfter: 3,
      target: "api",
      match: "getMyPictures",
    });
    const main = new URL("../../main.ts", import.meta.url).pathname;
    const line = [Deno.execPath(), "run", "--allow-all", main, "--config", t.config, "download"]
      .concat(["-d", t.lib]).map((w) => `'${w}'`).join(" ");
    const out = await new Deno.Command("script", {
      args: ["-qefc", line, "/dev/null"],
      env: { ...simEnv(t.sim), COLUMNS: "120", LINES: "30" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const screen = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, screen);
    assert.deepEqual(t.sim.unfiredFaults(), []);
    // Redrawn in place while it counts down: 3 s, 2 s, 1 s.
    for (const n of [3, 2, 1]) {
      assert.match(screen, new RegExp(`retrying in ${n} s \\(2/\\d\\): Slooh answered HTTP 503`));
    }
    assert.ok(screen.includes("\x1b[J"), "not the live display (no erase of the block)");
    await assertLibraryMatches(t.lib, t.sim);
  }));

function hasScript(): boolean {
  try {
    return new Deno.Command("script", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

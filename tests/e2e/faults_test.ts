/** End-to-end runs against a hostile Slooh: one test per fault class, and some mixed. */
import assert from "node:assert/strict";
import type { Fault, Simulator } from "../simulator/mod.ts";
import { assertLibraryMatches, readState, type Scenario, withScenario } from "../helpers.ts";

/**
 * Runs fn in a scenario with this file's account (seed 5, 12 pictures by default), `run` being
 * a `--json` command on the library; afterwards every injected fault must have fired.
 */
function withSim(
  fn: (t: Omit<Scenario, "run"> & { run: Scenario["runJson"] }) => Promise<void>,
  opts: { pictures?: number; seed?: number; download?: Record<string, number | boolean> } = {},
): Promise<void> {
  return withScenario({
    accountOptions: { seed: opts.seed ?? 5, pictures: opts.pictures ?? 12 },
    download: opts.download,
  }, async (t) => {
    await fn({ ...t, run: t.runJson });
    assert.deepEqual(t.sim.unfiredFaults(), [], "every injected fault fired");
  });
}

function firstFile(sim: Simulator, kind: "picture" | "fits" = "picture"): string {
  return sim.expectedFiles().find((f) => f.kind === kind)!.path;
}

for (const status of [500, 502, 503]) {
  Deno.test(`API HTTP ${status} is retried`, () =>
    withSim(async ({ sim, lib, run }) => {
      sim.injectFault({ kind: "status", status, target: "api", match: "getMyPictures", times: 2 });
      sim.injectFault({ kind: "status", status, target: "api", match: "login" });
      const r = await run();
      assert.equal(r.code, 0, r.stderr);
      await assertLibraryMatches(lib, sim);
    }));
}

for (const status of [500, 503, 408]) {
  Deno.test(`file HTTP ${status} is retried`, () =>
    withSim(async ({ sim, lib, run }) => {
      sim.injectFault({ kind: "status", status, target: "file", times: 3 });
      const r = await run();
      assert.equal(r.code, 0, r.stderr);
      await assertLibraryMatches(lib, sim);
    }));
}

Deno.test("429 with Retry-After is retried, never sooner than asked", () =>
  withSim(async ({ sim, lib, run }) => {
    const path = firstFile(sim);
    sim.injectFault({ kind: "status", status: 429, retryAfter: 1, target: "file", match: path });
    const r = await run();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sim.counts.fileGetsByPath.get(path), 2);
    assert.ok(r.json.durationMs >= 1000, `retried after ${r.json.durationMs} ms`);
    await assertLibraryMatches(lib, sim);
  }));

for (const kind of ["reset", "short"] as const) {
  Deno.test(`a ${kind} body is resumed with a Range request`, () =>
    withSim(async ({ sim, lib, run }) => {
      const file = sim.expectedFiles().find((f) => f.size > 5000)!;
      sim.injectFault({ kind, afterBytes: 3000, target: "file", match: file.path });
      const r = await run();
      assert.equal(r.code, 0, r.stderr);
      assert.equal(sim.counts.fileGetsByPath.get(file.path), 2);
      const total = sim.expectedFiles().reduce((a, f) => a + f.size, 0);
      // Resumed: the 3000 bytes received before the cut are not sent twice.
      assert.equal(sim.counts.fileBytesSent, total, r.stderr);
      await assertLibraryMatches(lib, sim);
      // A long idle timeout: on a loaded machine a false stall would resend bytes in flight.
    }, { download: { idle_timeout: 5 } }));
}

Deno.test("a stalled body is abandoned after the idle timeout and retried", () =>
  withSim(async ({ sim, lib, run }) => {
    const path = firstFile(sim, "fits");
    sim.injectFault({ kind: "stall", afterBytes: 1000, ms: 60_000, target: "file", match: path });
    const r = await run();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sim.counts.fileGetsByPath.get(path), 2);
    await assertLibraryMatches(lib, sim);
  }));

Deno.test("a file that changed on the server between attempts restarts instead of resuming", () =>
  withSim(async ({ sim, lib, run }) => {
    const file = sim.expectedFiles().find((f) => f.size > 5000)!;
    sim.injectFault({ kind: "reset", afterBytes: 2000, target: "file", match: file.path });
    const origFetchCount = () => sim.counts.fileGetsByPath.get(file.path) ?? 0;
    const r1 = await run(["download", "--retries", "0"]);
    assert.equal(r1.code, 1, r1.stderr);
    assert.equal(origFetchCount(), 1);
    // The new version is served from the next request on: If-Range must not match.
    sim.setFileVersion(file.url, 1, file.size + 123);
    const r2 = await run(["retry"]);
    assert.equal(r2.code, 0, r2.stderr);
    await assertLibraryMatches(lib, sim);
  }));

for (const kind of ["html", "invalid-json"] as const) {
  Deno.test(`an API ${kind} answer is retried`, () =>
    withSim(async ({ sim, lib, run }) => {
      sim.injectFault({ kind, target: "api", match: "getMyPictures" } as Fault);
      sim.injectFault({ kind, target: "api", match: "getMissionFITS" } as Fault);
      const r = await run();
      assert.equal(r.code, 0, r.stderr);
      await assertLibraryMatches(lib, sim);
    }));
}

Deno.test("a lasting HTML maintenance page aborts with exit 4 and one clear line", () =>
  withSim(async ({ sim, lib, run }) => {
    sim.injectFault({ kind: "html", target: "api", match: "getMyPictures", times: Infinity });
    const r = await run();
    assert.equal(r.code, 4);
    const errors = r.stderr.split("\n").filter((l) => l.startsWith("error"));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0], /HTML page instead of JSON/);
    assert.ok(!/\n\s+at /.test(r.stderr), "stack trace printed");
    await Deno.stat(lib).then(() => {}, () => {});
  }));

for (const mode of ["silent", "401", "60003"] as const) {
  Deno.test(`session expiry (${mode}) is healed by a new login and a retry of the same page`, () =>
    withSim(async ({ sim, lib, run }) => {
      sim.injectFault({ kind: "expire", mode, target: "api", match: "getMyPictures", skip: 1 });
      sim.injectFault({ kind: "expire", mode, target: "api", match: "getMissionFITS", skip: 3 });
      const r = await run();
      assert.equal(r.code, 0, r.stderr);
      assert.equal(sim.pendingFaults, 0);
      // Two expiries; in silent mode the session probe after an empty FITS list may absorb both.
      assert.ok(sim.counts.login >= 2, `only ${sim.counts.login} logins`);
      assert.equal(sim.counts.generateSessionToken, sim.counts.login);
      await assertLibraryMatches(lib, sim);
    }, { pictures: 100 }));
}

for (const status of [403, 404]) {
  Deno.test(`HTTP ${status} on one file: recorded as failed, others go on, exit 1; retry heals`, () =>
    withSim(async ({ sim, lib, run }) => {
      const path = firstFile(sim);
      sim.injectFault({ kind: "status", status, target: "file", match: path, times: Infinity });
      const r = await run();
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.json.failed, 1);
      assert.equal(r.json.downloaded, sim.expectedFiles().length - 1);
      assert.equal(sim.counts.fileGetsByPath.get(path), 1, "a 4xx must not be retried");
      assert.match(r.json.failures[0].error, new RegExp(String(status)));
      const failed = await readState(
        lib,
        (db) => db.prepare("SELECT COUNT(*) AS n FROM items WHERE status = 'failed'").get(),
      );
      assert.equal(Number(failed?.n), 1);

      sim.clearFaults();
      sim.resetCounts();
      const again = await run(["retry"]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.json.downloaded, 1);
      assert.equal(sim.counts.getMyPictures, 0, "retry must not rescan");
      assert.equal(sim.counts.fileGets, 1);
      await assertLibraryMatches(lib, sim);
    }));
}

Deno.test("an HTML error page served as an image is never saved", () =>
  withSim(async ({ sim, lib, run }) => {
    const path = firstFile(sim);
    sim.injectFault({ kind: "error-body", target: "file", match: path, times: Infinity });
    const r = await run();
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.json.failures[0].error, /HTML page instead of the PNG file/);
    sim.clearFaults();
    const again = await run(["retry"]);
    assert.equal(again.code, 0);
    await assertLibraryMatches(lib, sim);
  }));

Deno.test("mixed faults still end with an exact library", () =>
  withSim(async ({ sim, lib, run }) => {
    const files = sim.expectedFiles();
    sim.injectFault({ kind: "status", status: 502, target: "api", match: "getMyPictures" });
    sim.injectFault({ kind: "reset", afterBytes: 100, target: "file", match: files[1].path });
    sim.injectFault({ kind: "short", afterBytes: 50, target: "file", match: files[2].path });
    sim.injectFault({ kind: "status", status: 429, retryAfter: 0, target: "file", times: 2 });
    sim.injectFault({ kind: "expire", mode: "silent", target: "api", match: "getMissionFITS" });
    sim.injectFault({ kind: "invalid-json", target: "api", match: "getMissionFITS" });
    sim.injectFault({ kind: "error-body", target: "file", match: files[5].path });
    sim.injectFault({
      kind: "stall",
      afterBytes: 10,
      ms: 30_000,
      target: "file",
      match: files[7].path,
    });
    const r = await run();
    assert.equal(r.code, 0, r.stderr);
    await assertLibraryMatches(lib, sim);
  }, { pictures: 30 }));

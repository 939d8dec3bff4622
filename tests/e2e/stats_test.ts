/** `stats` as a subprocess: totals of the library from its state alone, table and JSON. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { objectName } from "../../src/library/catalog.ts";
import { isolatedEnv, runCli, tempDir, withScenario } from "../helpers.ts";
import type { ExpectedFile, Simulator } from "../simulator/mod.ts";
import { json } from "./cli_helpers.ts";
import { fitsCardsFor } from "../simulator/bytes.ts";

/** Object and telescope of an expected file, as the library files it. */
function meta(sim: Simulator, f: ExpectedFile): { object: string; telescope: string } {
  const pic = f.kind === "picture"
    ? sim.account.pictures.find((p) => p.url === f.url)!
    : sim.account.pictures.find((p) => p.missionId === f.missionId)!;
  return { object: objectName(pic.title), telescope: pic.telescope || "Unknown" };
}

Deno.test("stats reports the library's files, failures and runs, without logging in", () =>
  withScenario({ accountOptions: { seed: 8, pictures: 14 } }, async ({ sim, lib, cli: run }) => {
    const files = sim.expectedFiles();
    const broken = files.find((f) => f.kind === "picture")!;
    sim.injectFault({ kind: "status", status: 404, target: "file", match: broken.path, times: 9 });
    const dl = await run(["download", "-d", lib]);
    assert.equal(dl.code, 1, dl.stderr);
    const present = files.filter((f) => f !== broken);

    // No credentials and nothing listening: stats reads the library only.
    const env = { ...isolatedEnv(), SLOOH_BASE_URL: "http://127.0.0.1:9" };
    const r = await runCli(["stats", "-d", lib, "--json", "--top", "3"], env);
    assert.equal(r.code, 0, r.stderr);
    const s = json(r);
    assert.equal(s.files, present.length);
    assert.equal(s.bytes, present.reduce((a, f) => a + f.size, 0));
    assert.equal(s.pictures, present.filter((f) => f.kind === "picture").length);
    assert.equal(s.fits, present.filter((f) => f.kind === "fits").length);
    const count = (key: (f: ExpectedFile) => string) => {
      const m = new Map<string, number>();
      for (const f of present) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
      return m;
    };
    const formats = count((f) => (f.fileKind === "fits" ? "FITS" : "PNG"));
    assert.deepEqual(
      new Map(s.byFormat.map((g: { format: string; files: number }) => [g.format, g.files])),
      formats,
    );
    const telescopes = count((f) => meta(sim, f).telescope);
    assert.deepEqual(
      new Map(
        s.byTelescope.map((g: { telescope: string; files: number }) => [g.telescope, g.files]),
      ),
      telescopes,
    );
    const objects = [...count((f) => meta(sim, f).object).values()].sort((a, b) => b - a);
    assert.deepEqual(s.topObjects.map((g: { files: number }) => g.files), objects.slice(0, 3));
    const times = present.map((f) => f.capturedAt.getTime());
    assert.equal(s.firstCapture, new Date(Math.min(...times)).toISOString());
    assert.equal(s.lastCapture, new Date(Math.max(...times)).toISOString());
    assert.equal(s.failed.length, 1);
    assert.match(s.failed[0].error, /404/);
    assert.equal(s.failed[0].url, broken.url);
    assert.equal(s.pending, 0);
    assert.equal(s.runs.length, 1);
    assert.equal(s.runs[0].command, "download");
    assert.equal(s.runs[0].downloaded, present.length);
    assert.equal(s.runs[0].failed, 1);

    // The table says the same, with the failure waiting for `retry`.
    const t = await runCli(["stats", "-d", lib], env);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, new RegExp(`^Files:\\s+${present.length} files`, "m"));
    // The hint repeats the -d given, so it can be pasted as it is.
    assert.ok(
      t.stdout.includes(`Waiting for retry: 1 failed item (run \`slooh-dl retry -d ${lib}\`)`),
    );
    assert.ok(t.stdout.includes(s.failed[0].path), "the failed file's path is not listed");
    for (const header of ["FORMAT", "TELESCOPE", "TOP OBJECTS", "RUN STARTED \\(UTC\\)"]) {
      assert.match(t.stdout, new RegExp(`^${header}\\s`, "m"));
    }
    assert.match(t.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d\s+download\s+finished\s/m);

    // After a successful retry there is nothing left waiting.
    sim.clearFaults();
    const retry = await run(["retry", "-d", lib]);
    assert.equal(retry.code, 0, retry.stderr);
    const after = json(await runCli(["stats", "-d", lib, "--json"], env));
    assert.equal(after.files, files.length);
    assert.deepEqual(after.failed, []);
    assert.deepEqual(after.runs.map((x: { command: string }) => x.command), ["retry", "download"]);
  }));

Deno.test("stats on a folder that is not a library is a usage error", async () => {
  const dir = await tempDir();
  try {
    const r = await runCli(["stats", "-d", join(dir, "nothing")], isolatedEnv());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: .* is not a slooh-dl library yet/);
    // Its hint names that library: pasted, it fills this one, not the configured one.
    assert.ok(
      r.stderr.includes(`run \`slooh-dl download -d ${join(dir, "nothing")}\` first`),
      r.stderr,
    );
    const none = await runCli(["stats"], isolatedEnv());
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No library folder/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stats and missions count FITS frames and exposure per object and filter", () =>
  withScenario({ accountOptions: { seed: 9, pictures: 12 } }, async ({ sim, lib, cli: run }) => {
    assert.equal((await run(["download", "-d", lib])).code, 0);
    const fits = sim.expectedFiles().filter((f) => f.kind === "fits");
    const exptime = (url: string) => Number(new Map(fitsCardsFor(url)).get("EXPTIME"));
    const want = new Map<string, number>();
    for (const f of fits) {
      const o = meta(sim, f).object;
      want.set(o, (want.get(o) ?? 0) + exptime(f.url));
    }
    const s = json(await run(["stats", "-d", lib, "--json"]));
    const got = new Map<string, number>(
      s.exposures.map((o: { object: string; totalSeconds: number }) => [o.object, o.totalSeconds]),
    );
    assert.deepEqual(got, want);
    const frames = s.exposures.reduce((a: number, o: { frames: number }) => a + o.frames, 0);
    assert.equal(frames, fits.length);
    const table = await run(["stats", "-d", lib]);
    const top = s.exposures[0];
    const l = top.filters[0];
    assert.ok(
      table.stdout.includes(`${top.object}  `) &&
        table.stdout.includes(`${l.byLength[0].frames}×${l.byLength[0].seconds} s`),
      table.stdout,
    );
    const m = json(await run(["missions", "-d", lib, "--json"]));
    const perMission = m.missions.flatMap((x: { local: { exposure: { frames: number }[] } }) =>
      x.local.exposure
    ).reduce((a: number, o: { frames: number }) => a + o.frames, 0);
    assert.equal(perMission, fits.length);
  }));

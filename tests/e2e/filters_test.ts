/** `download` filters against the simulated account: exactly the expected files, FITS included. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { listFiles, withScenario } from "../helpers.ts";
import type { ExpectedFile, Simulator } from "../simulator/mod.ts";
import { capturedBetween, json, pathsOf, utcDay } from "./cli_helpers.ts";

const ACCOUNT = { seed: 3, pictures: 24 };

/** Expected files of the missions (and captures) whose pictures satisfy `keep`. */
function byPicture(sim: Simulator, keep: (title: string, telescope: string) => boolean) {
  const missions = new Set(
    sim.account.pictures.filter((p) => p.missionId > 0 && keep(p.title, p.telescope))
      .map((p) => p.missionId),
  );
  const pictures = new Set(
    sim.account.pictures.filter((p) => keep(p.title, p.telescope)).map((p) => p.url),
  );
  return sim.expectedFiles().filter((f) =>
    f.kind === "picture" ? pictures.has(f.url) : missions.has(f.missionId)
  );
}

/** The hashes of the files in the library, sorted. */
async function libraryHashes(lib: string): Promise<string[]> {
  const out: string[] = [];
  for (const rel of await listFiles(lib)) {
    out.push(createHash("sha256").update(await Deno.readFile(join(lib, rel))).digest("hex"));
  }
  return out.sort();
}

const hashes = (files: ExpectedFile[]) => files.map((f) => f.sha256()).sort();

Deno.test("--since/--until download exactly the files captured on those UTC days", () =>
  withScenario({ accountOptions: ACCOUNT }, async ({ sim, lib, cli: run }) => {
    const pics = sim.account.pictures;
    const since = utcDay(pics[8].capturedAt);
    const until = utcDay(pics[4].capturedAt);
    const all = sim.expectedFiles();
    const want = capturedBetween(all, since, until);
    // The range must cut the account on both sides, or the test proves nothing.
    assert.ok(all.some((f) => utcDay(f.capturedAt) < since));
    assert.ok(all.some((f) => utcDay(f.capturedAt) > until));
    assert.ok(want.some((f) => f.kind === "fits") && want.some((f) => f.kind === "picture"));

    const r = await run(["download", "-d", lib, "--since", since, "--until", until, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(json(r).downloaded, want.length);
    assert.deepEqual(await libraryHashes(lib), hashes(want));

    // The same day as both bounds selects that day alone.
    const day = utcDay(pics[4].capturedAt);
    const dry = await run([
      "download",
      "-d",
      lib,
      "--since",
      day,
      "--until",
      day,
      "--all",
      "--dry-run",
      "--json",
    ]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(json(dry).skipped, capturedBetween(all, day, day).length);
    assert.deepEqual(json(dry).files, []);
  }));

Deno.test("--object m42 finds 'Orion Nebula (M42)' and its mission's FITS, nothing else", () =>
  withScenario({ accountOptions: ACCOUNT }, async ({ sim, lib, cli: run }) => {
    const want = byPicture(sim, (title) => title.includes("(M42)"));
    assert.ok(want.length >= 2 && want.some((f) => f.kind === "fits"));
    const r = await run(["download", "-d", lib, "--object", "m42", "--dry-run", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(pathsOf(json(r).files), pathsOf(want));

    // Plain text matches part of the title, case-insensitively.
    const nebula = byPicture(sim, (title) => /nebula/i.test(title));
    const t = await run(["download", "-d", lib, "--object", "NEBULA", "--dry-run", "--json"]);
    assert.deepEqual(pathsOf(json(t).files), pathsOf(nebula));
  }));

Deno.test("--telescope is a case-insensitive part of the telescope name", () =>
  withScenario({ accountOptions: ACCOUNT }, async ({ sim, lib, cli: run }) => {
    const want = byPicture(sim, (_, telescope) => telescope.toLowerCase().includes("canary t"));
    const telescopes = new Set(sim.account.pictures.map((p) => p.telescope));
    assert.ok(telescopes.has("Canary Two") && telescopes.has("Canary Three"));
    const r = await run(["download", "-d", lib, "--telescope", "CANARY T", "--dry-run", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(pathsOf(json(r).files), pathsOf(want));
  }));

Deno.test("filters reach FITS whose mission's picture is already in the library", () =>
  withScenario({ accountOptions: ACCOUNT }, async ({ sim, lib, cli: run }) => {
    const first = await run(["download", "-d", lib, "--no-fits", "--json"]);
    assert.equal(first.code, 0, first.stderr);
    const all = sim.expectedFiles();
    const pictures = all.filter((f) => f.kind === "picture");
    assert.equal(json(first).downloaded, pictures.length);

    const pics = sim.account.pictures;
    const since = utcDay(pics[12].capturedAt);
    const until = utcDay(pics[1].capturedAt);
    const fits = capturedBetween(all, since, until).filter((f) => f.kind === "fits");
    assert.ok(fits.length > 0 && fits.length < all.length - pictures.length);
    const r = await run([
      "download",
      "-d",
      lib,
      "--fits-only",
      "--since",
      since,
      "--until",
      until,
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(json(r).downloaded, fits.length);
    assert.deepEqual(await libraryHashes(lib), hashes([...pictures, ...fits]));
  }));

Deno.test("bad filter values are one-line usage errors (exit 2), before any login", () =>
  withScenario({ accountOptions: { seed: 1, pictures: 3 } }, async ({ sim, lib, cli: run }) => {
    const cases = [
      ["--since", "last week"],
      ["--until", "2025-02-30"],
      ["--since", "2025-10-02", "--until", "2025-10-01"],
      ["--object", " "],
      ["--limit", "0"],
      ["--fits-only", "--no-fits"],
    ];
    const results = await Promise.all(cases.map((args) => run(["download", "-d", lib, ...args])));
    for (const [i, r] of results.entries()) {
      assert.equal(r.code, 2, `${cases[i].join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /error/);
      assert.equal(r.stderr.trim().split("\n").length <= 2, true, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    }
    assert.equal(sim.counts.login, 0);
  }));

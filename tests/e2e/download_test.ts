import assert from "node:assert/strict";
import { join } from "node:path";
import { Simulator } from "../simulator/mod.ts";
import {
  assertLibraryMatches,
  fastConfig,
  listFiles,
  runCli,
  simEnv,
  tempDir,
} from "../helpers.ts";

Deno.test("download fetches the whole account byte for byte, then nothing on a second run", async () => {
  const sim = await Simulator.start({ accountOptions: { seed: 11, pictures: 90 } });
  const lib = await tempDir();
  try {
    const first = await runCli(["download", "-d", lib, "--json"], simEnv(sim));
    assert.equal(first.code, 0, first.stderr);
    const summary = JSON.parse(first.stdout);
    const expected = sim.expectedFiles();
    assert.equal(summary.downloaded, expected.length);
    assert.equal(summary.failed, 0);
    assert.equal(summary.bytes, expected.reduce((a, f) => a + f.size, 0));
    assert.equal(typeof summary.durationMs, "number");
    await assertLibraryMatches(lib, sim);

    // The seed's layout: {object}/{telescope}/{format}/{telescope}_{filename}.
    const files = await listFiles(lib);
    const m42 = sim.account.pictures.find((p) => p.title.includes("(M42)") && p.telescope);
    assert.ok(m42);
    const name = m42.downloadFilename ?? new URL(m42.url).pathname.split("/").pop()!;
    assert.ok(
      files.some((f) => f.startsWith(`M42/${m42.telescope}/PNG/`) && f.endsWith(name)),
      `M42 picture ${name} not under M42/${m42.telescope}/PNG`,
    );
    assert.ok(files.some((f) => /\/FITS\/.*_cal\.fit$/.test(f)), "no FITS file in the library");

    sim.resetCounts();
    const second = await runCli(["download", "-d", lib, "--json"], simEnv(sim));
    assert.equal(second.code, 0, second.stderr);
    assert.equal(JSON.parse(second.stdout).downloaded, 0);
    assert.equal(sim.counts.fileGets, 0, "second run requested files");
    assert.equal(sim.counts.fileHeads, 0, "second run probed files");
    await assertLibraryMatches(lib, sim);

    // --all re-checks every page and FITS list, but still fetches nothing already present.
    sim.resetCounts();
    const all = await runCli(["download", "-d", lib, "--all", "--json"], simEnv(sim));
    assert.equal(all.code, 0, all.stderr);
    assert.equal(JSON.parse(all.stdout).skipped, expected.length);
    assert.equal(sim.counts.fileGets, 0);
    assert.ok(sim.counts.getMyPictures >= Math.ceil(90 / 40));
  } finally {
    await sim.close();
    await Deno.remove(lib, { recursive: true });
  }
});

Deno.test("a wrong password exits 3 with one line, and never echoes the password", async () => {
  const sim = await Simulator.start({ accountOptions: { seed: 2, pictures: 5 } });
  const lib = await tempDir();
  try {
    const r = await runCli(
      ["download", "-d", lib],
      simEnv(sim, { SLOOH_PASSWORD: "hunter2-wrong" }),
    );
    assert.equal(r.code, 3);
    const lines = r.stderr.trim().split("\n").filter((l) => l.startsWith("error"));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /refused the login/);
    assert.ok(!r.stderr.includes("hunter2-wrong"));
    assert.equal(sim.counts.fileGets, 0);
  } finally {
    await sim.close();
    await Deno.remove(lib, { recursive: true });
  }
});

Deno.test("an unknown placeholder exits 2 listing the valid ones", async () => {
  const dir = await tempDir();
  try {
    const config = join(dir, "config.json");
    await Deno.writeTextFile(
      config,
      JSON.stringify({ folders: { base_path: "lib", template: "{object}/{galaxy}" } }),
    );
    const r = await runCli(["--config", config, "download"], {
      SLOOH_USERNAME: "x",
      SLOOH_PASSWORD: "y",
      NO_COLOR: "1",
    });
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /\{galaxy\}.*\{object\}/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("plain http to a non-loopback host is refused before any password is sent", async () => {
  const r = await runCli(["login"], {
    SLOOH_USERNAME: "x",
    SLOOH_PASSWORD: "y",
    SLOOH_BASE_URL: "http://example.com",
  });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Refusing to send your password over plain http/);
});

Deno.test("with download.fits false, --fits brings the FITS frames for one run", async () => {
  const sim = await Simulator.start({ accountOptions: { seed: 14, pictures: 4 } });
  const dir = await tempDir();
  const lib = join(dir, "lib");
  try {
    const config = await fastConfig(dir, { fits: false });
    const run = (...extra: string[]) =>
      runCli(["--config", config, "download", "-d", lib, "--json", ...extra], simEnv(sim));
    const pictures = sim.expectedFiles().filter((f) => f.kind === "picture").length;
    const first = await run();
    assert.equal(first.code, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout).downloaded, pictures);
    const withFits = await run("--fits");
    assert.equal(withFits.code, 0, withFits.stderr);
    assert.equal(JSON.parse(withFits.stdout).downloaded, sim.expectedFiles().length - pictures);
    await assertLibraryMatches(lib, sim);
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

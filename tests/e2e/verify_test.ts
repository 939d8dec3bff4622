/** `verify` and `verify --repair` against real files and the simulator. */
import assert from "node:assert/strict";
import { basename, dirname, join } from "node:path";
import { assertLibraryMatches, fastConfig, isolatedEnv, runCli, withScenario } from "../helpers.ts";
import { json } from "./cli_helpers.ts";

/** Flips one byte in the middle of a file, keeping its size and mtime. */
async function damage(path: string): Promise<void> {
  const st = await Deno.stat(path);
  const bytes = await Deno.readFile(path);
  bytes[bytes.length >> 1] ^= 0xff;
  await Deno.writeFile(path, bytes);
  await Deno.utime(path, st.atime!, st.mtime!);
}

/** Two recorded picture paths of the library, from `export`. */
async function twoPictures(lib: string): Promise<[string, string]> {
  const r = await runCli(["export", "-d", lib, "--format", "json"], isolatedEnv());
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { path: string; kind: string }[];
  const pics = rows.filter((x) => x.kind === "picture").map((x) => x.path);
  return [pics[0], pics[1]];
}

Deno.test("verify finds missing and damaged files, lists unknown ones, needs no network", () =>
  withScenario({ accountOptions: { seed: 21, pictures: 8 } }, async ({ lib, cli: run, sim }) => {
    assert.equal((await run(["download", "-d", lib])).code, 0);
    const files = sim.expectedFiles();

    // No credentials and no Slooh: verify needs neither.
    await sim.close();
    const clean = await runCli(["verify", "-d", lib, "--json"], isolatedEnv());
    assert.equal(clean.code, 0, clean.stderr);
    const ok = json(clean);
    assert.equal(ok.files, files.length);
    assert.equal(ok.intact, files.length);
    assert.equal(ok.bytes, files.reduce((a, f) => a + f.size, 0));
    assert.deepEqual([ok.missing, ok.damaged, ok.unknown], [[], [], []]);

    const [gone, hurt] = await twoPictures(lib);
    await Deno.remove(join(lib, gone));
    await damage(join(lib, hurt));
    await Deno.writeTextFile(join(lib, "notes.txt"), "mine");
    for (const ignored of ["index.html", ".DS_Store", "M42/Thumbs.db", ".slooh-dl/site/a.html"]) {
      await Deno.mkdir(join(lib, ignored, ".."), { recursive: true });
      await Deno.writeTextFile(join(lib, ignored), "x");
    }
    const bad = await runCli(["verify", "-d", lib, "--json"], isolatedEnv());
    assert.equal(bad.code, 1, bad.stderr);
    const found = json(bad);
    assert.deepEqual(found.missing, [gone]);
    assert.deepEqual(found.damaged, [hurt]);
    assert.deepEqual(found.unknown, ["notes.txt"]);
    assert.equal(found.intact, files.length - 2);
    assert.equal(await Deno.readTextFile(join(lib, "notes.txt")), "mine", "unknown file touched");
    // With read of the library only, workers cannot load their code: one thread finds the same.
    const narrow = await runCli(["verify", "-d", lib, "--json"], isolatedEnv(), [
      "--no-prompt",
      "--allow-env",
      `--allow-read=${lib},${join(isolatedEnv().XDG_CONFIG_HOME, "slooh-dl", "config.json")}`,
    ]);
    assert.equal(narrow.code, 1, narrow.stderr);
    assert.deepEqual({ ...json(narrow), durationMs: 0 }, { ...found, durationMs: 0 });

    // The human form: one line per finding on stdout, the count on stderr, plain progress.
    const text = await runCli(["verify", "--library", lib], isolatedEnv());
    assert.equal(text.code, 1);
    const lines = text.stdout.trim().split("\n");
    assert.deepEqual(lines.slice(0, 2).sort(), [`damaged: ${hurt}`, `missing: ${gone}`]);
    assert.equal(lines[2], "unknown: notes.txt");
    assert.match(text.stderr, /1 missing, 1 damaged/);
    assert.ok(text.stderr.includes(`Run \`slooh-dl verify -d ${lib} --repair\``), text.stderr);
  }));

Deno.test("verify --repair fetches exactly the bad files again, byte for byte", () =>
  withScenario(
    { accountOptions: { seed: 22, pictures: 8 } },
    async ({ dir, lib, cli: run, sim }) => {
      assert.equal((await run(["download", "-d", lib])).code, 0);
      const [gone, hurt] = await twoPictures(lib);
      await Deno.remove(join(lib, gone));
      await damage(join(lib, hurt));
      const config = await fastConfig(dir);
      sim.resetCounts();
      const r = await run(["--config", config, "verify", "-d", lib, "--repair", "--json"]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(sim.counts.fileGets, 2, "fetched more than the two bad files");
      // One login for the check of the account and the run that fetches.
      assert.equal(sim.counts.login, 1);
      const report = json(r);
      assert.deepEqual(
        report.repaired.map((x: { path: string; restored: boolean }) => [x.path, x.restored])
          .sort(),
        [[gone, true], [hurt, true]].sort(),
      );
      await assertLibraryMatches(lib, sim);
      // The damaged copy went once its replacement was whole, and the folders that held it too.
      await assert.rejects(Deno.stat(join(lib, ".slooh-dl", "damaged")), Deno.errors.NotFound);
      assert.equal((await runCli(["verify", "-d", lib], isolatedEnv())).code, 0);
    },
  ));

Deno.test("verify --repair exits 1 when Slooh serves other bytes, keeping the damaged copy", () =>
  withScenario(
    { accountOptions: { seed: 23, pictures: 6 } },
    async ({ dir, lib, cli: run, sim }) => {
      assert.equal((await run(["download", "-d", lib])).code, 0);
      const [, hurt] = await twoPictures(lib);
      await damage(join(lib, hurt));
      const damaged = await Deno.readFile(join(lib, hurt));
      const pic = sim.expectedFiles().find((f) =>
        hurt.endsWith(new URL(f.url).pathname.split("/").pop()!)
      )!;
      sim.setFileVersion(pic.url, 1);
      const config = await fastConfig(dir);
      const r = await run(["--config", config, "verify", "-d", lib, "--repair", "--json"]);
      assert.equal(r.code, 1, r.stderr);
      const [outcome] = json(r).repaired;
      assert.equal(outcome.restored, false);
      assert.match(outcome.error, /other bytes/);
      assert.deepEqual(await Deno.readFile(join(lib, ".slooh-dl", "damaged", hurt)), damaged);
      assert.match(r.stderr, /not restored/);
    },
  ));

Deno.test("a later repair of the same file keeps the damaged copy an earlier one kept", () =>
  withScenario(
    { accountOptions: { seed: 26, pictures: 4 } },
    async ({ dir, lib, cli: run, sim }) => {
      assert.equal((await run(["download", "-d", lib])).code, 0);
      const [, hurt] = await twoPictures(lib);
      await damage(join(lib, hurt));
      const first = await Deno.readFile(join(lib, hurt));
      const pic = sim.expectedFiles().find((f) =>
        hurt.endsWith(new URL(f.url).pathname.split("/").pop()!)
      )!;
      sim.setFileVersion(pic.url, 1);
      const config = await fastConfig(dir);
      const once = await run(["--config", config, "verify", "-d", lib, "--repair", "--json"]);
      assert.equal(once.code, 1, once.stderr);
      const kept = json(once).repaired[0].keptAt as string;
      assert.deepEqual(await Deno.readFile(kept), first);
      // Slooh's new copy is damaged in turn, and repaired.
      await damage(join(lib, hurt));
      const twice = await run(["--config", config, "verify", "-d", lib, "--repair", "--json"]);
      assert.equal(twice.code, 0, twice.stderr);
      // The second damaged copy went; the first, kept beside it, holds its folder.
      assert.deepEqual(await Deno.readFile(kept), first);
      assert.deepEqual([...Deno.readDirSync(dirname(kept))].map((e) => e.name), [basename(kept)]);
    },
  ));

Deno.test("verify --repair exits 4 when Slooh cannot be reached, and moves nothing", () =>
  withScenario(
    { accountOptions: { seed: 24, pictures: 4 } },
    async ({ dir, lib, cli: run, sim }) => {
      assert.equal((await run(["download", "-d", lib])).code, 0);
      const [, hurt] = await twoPictures(lib);
      await damage(join(lib, hurt));
      const config = await fastConfig(dir, { max_retries: 0 });
      const env = { SLOOH_BASE_URL: sim.apiRoot };
      await sim.close();
      const r = await run(["--config", config, "verify", "-d", lib, "--repair"], env);
      assert.equal(r.code, 4, r.stderr);
      assert.ok((await Deno.stat(join(lib, hurt))).isFile, "damaged file moved without a repair");
      assert.equal(r.stderr.includes("    at "), false, "stack trace printed");
    },
  ));

Deno.test("verify --repair ends with 4 when another run holds the library", () =>
  withScenario({ accountOptions: { seed: 25, pictures: 4 } }, async ({ dir, lib, cli: run }) => {
    assert.equal((await run(["download", "-d", lib])).code, 0);
    const [gone] = await twoPictures(lib);
    await Deno.remove(join(lib, gone));
    using lock = await Deno.open(join(lib, ".slooh-dl", "lock"), { write: true });
    await lock.lock(true);
    const config = await fastConfig(dir);
    const r = await run(["--config", config, "verify", "-d", lib, "--repair"]);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /Another slooh-dl run is using/);
    await lock.unlock();
    // The file waits for retry, as any failed item, and a routine run says so.
    const routine = await run(["--config", config, "download", "-d", lib, "--json"]);
    assert.equal(routine.code, 0, routine.stderr);
    assert.equal(json(routine).waitingForRetry, 1);
    assert.match(routine.stderr, /Run `slooh-dl .*retry -d .*` to try the 1 failed item again\./);
    // verify still counts it missing, so a health check stays red, and a repair brings it back.
    const check = await run(["--config", config, "verify", "-d", lib]);
    assert.equal(check.code, 1, check.stderr);
    assert.equal(check.stdout, `missing: ${gone}\n`);
    const later = await run(["--config", config, "verify", "-d", lib, "--repair"]);
    assert.equal(later.code, 0, later.stderr);
    assert.ok((await Deno.stat(join(lib, gone))).isFile);
  }));

/**
 * The two files slooh-dl writes outside the library, the config file (`configure`) and an
 * `export -o` file, under restricted flags: each is replaced through a temporary file beside it,
 * so the check up front asks for read and write on its folder, before any request.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Simulator } from "../simulator/mod.ts";
import { fenceFlags, isolatedEnv, runCli, scenario, simEnv } from "../helpers.ts";

/** Flags fencing a run to the simulator, the library and the given extra folders. */
const fence = (sim: Simulator, lib: string, read: string[], write: string[]) =>
  fenceFlags(sim, [lib, ...read], [lib, ...write]);

const missing = (flag: string) => `error: missing permission: run again adding ${flag}\n`;

Deno.test("configure names its config folder's read, then write permission, before logging in", async () => {
  await using t = await scenario({ accountOptions: { seed: 8, pictures: 4 } });
  const { sim, lib } = t;
  const xdg = join(t.dir, "xdg");
  const folder = join(xdg, "slooh-dl");
  const args = ["configure", "--username", sim.account.username, "-d", lib];
  const env = simEnv(sim, { XDG_CONFIG_HOME: xdg });
  const noRead = await runCli(args, env, fence(sim, lib, [], []));
  assert.equal(noRead.code, 2, noRead.stderr);
  assert.equal(noRead.stderr, missing(`--allow-read=${folder}`));
  const noWrite = await runCli(args, env, fence(sim, lib, [folder], []));
  assert.equal(noWrite.code, 2, noWrite.stderr);
  assert.equal(noWrite.stderr, missing(`--allow-write=${folder}`));
  assert.equal(sim.counts.apiCalls, 0, "configure logged in before its check");
  await assert.rejects(Deno.stat(xdg), Deno.errors.NotFound);

  const ok = await runCli(args, env, fence(sim, lib, [folder], [folder]));
  assert.equal(ok.code, 0, ok.stderr);
  const saved = JSON.parse(await Deno.readTextFile(join(folder, "config.json")));
  assert.equal(saved.slooh.username, sim.account.username);
});

Deno.test("export -o names its folder's read, then write permission, and then writes the file", async () => {
  await using t = await scenario({ accountOptions: { seed: 8, pictures: 4 } });
  const { sim, lib } = t;
  const outDir = join(t.dir, "out");
  const target = join(outDir, "files.csv");
  const config = join(isolatedEnv().XDG_CONFIG_HOME, "slooh-dl", "config.json");
  assert.equal((await runCli(["download", "-d", lib, "--no-fits"], simEnv(sim))).code, 0);
  await Deno.mkdir(outDir);
  const args = ["export", "-d", lib, "--format", "csv", "-o", target];
  const noRead = await runCli(args, isolatedEnv(), fence(sim, lib, [config], []));
  assert.equal(noRead.code, 2, noRead.stderr);
  assert.equal(noRead.stderr, missing(`--allow-read=${outDir}`));
  const noWrite = await runCli(args, isolatedEnv(), fence(sim, lib, [config, outDir], []));
  assert.equal(noWrite.code, 2, noWrite.stderr);
  assert.equal(noWrite.stderr, missing(`--allow-write=${outDir}`));
  assert.deepEqual([...Deno.readDirSync(outDir)], []);

  const ok = await runCli(args, isolatedEnv(), fence(sim, lib, [config, outDir], [outDir]));
  assert.equal(ok.code, 0, ok.stderr);
  const rows = (await Deno.readTextFile(target)).trim().split("\n");
  assert.equal(rows.length, 1 + sim.account.pictures.length);
});

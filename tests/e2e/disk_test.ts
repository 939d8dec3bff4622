/** A full disk and a library that became read-only: one clear line, nothing damaged. */
import assert from "node:assert/strict";
import { type AccountOptions, Simulator } from "../simulator/mod.ts";
import {
  assertLibraryMatches,
  fastConfig,
  listFiles,
  readState,
  runCli,
  simEnv,
} from "../helpers.ts";
import { createHash } from "node:crypto";
import { join } from "node:path";

/** Small tmpfs mounts need root; elsewhere these tests are reported as ignored. */
async function canMount(): Promise<boolean> {
  if (Deno.build.os !== "linux") return false;
  const dir = await Deno.makeTempDir();
  try {
    const r = await new Deno.Command("mount", {
      args: ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir],
      stderr: "null",
      stdout: "null",
    }).output().catch(() => null);
    if (!r?.success) return false;
    await new Deno.Command("umount", { args: [dir] }).output();
    return true;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const mountable = await canMount();

async function mount(dir: string, opts: string): Promise<void> {
  const r = await new Deno.Command("mount", { args: ["-t", "tmpfs", "-o", opts, "tmpfs", dir] })
    .output();
  assert.ok(r.success, new TextDecoder().decode(r.stderr));
}

async function remount(dir: string, opts: string): Promise<void> {
  const r = await new Deno.Command("mount", { args: ["-o", `remount,${opts}`, dir] }).output();
  assert.ok(r.success, new TextDecoder().decode(r.stderr));
}

/** Runs fn with a simulator and a library on its own tmpfs of `size`, then tears both down. */
async function withTmpfsLibrary(
  accountOptions: AccountOptions,
  size: string,
  fn: (sim: Simulator, lib: string, config: string) => Promise<void>,
): Promise<void> {
  const sim = await Simulator.start({ accountOptions });
  const dir = await Deno.makeTempDir();
  const lib = join(dir, "lib");
  await Deno.mkdir(lib);
  await mount(lib, `size=${size}`);
  try {
    await fn(sim, lib, await fastConfig(dir));
  } finally {
    await sim.close();
    await new Deno.Command("umount", { args: [lib] }).output();
    await Deno.remove(dir, { recursive: true });
  }
}

/** One error line, no stack trace, matching `pattern`. */
function assertOneErrorLine(stderr: string, pattern: RegExp): void {
  const errors = stderr.split("\n").filter((l) => l.startsWith("error"));
  assert.equal(errors.length, 1, stderr);
  assert.match(errors[0], pattern);
  assert.ok(!/\n\s+at /.test(stderr), "stack trace printed");
}

/** Every file present must be a complete, correct file of the account. */
async function assertNothingCorrupt(lib: string, sim: Simulator): Promise<number> {
  const hashes = new Set(sim.expectedFiles().map((f) => f.sha256()));
  const files = await listFiles(lib);
  for (const f of files) {
    const hash = createHash("sha256").update(await Deno.readFile(join(lib, f))).digest("hex");
    assert.ok(hashes.has(hash), `corrupt or foreign file ${f}`);
  }
  return files.length;
}

Deno.test({
  name: "a full disk stops the run with one line; a later run completes the library",
  ignore: !mountable,
  fn: () =>
    withTmpfsLibrary(
      { seed: 9, pictures: 40, pictureSize: [20_000, 40_000] },
      "1m",
      async (sim, lib, config) => {
        const args = ["--config", config, "download", "-d", lib];
        const r = await runCli(args, simEnv(sim));
        assert.equal(r.code, 4, r.stderr);
        assertOneErrorLine(r.stderr, /full/);
        const present = await assertNothingCorrupt(lib, sim);
        assert.ok(present > 0 && present < sim.expectedFiles().length);
        // The state is intact and agrees with the disk for everything it calls done.
        const done = await readState(
          lib,
          (db) => db.prepare("SELECT path, size FROM items WHERE status = 'done'").all(),
        );
        for (const row of done) {
          const st = await Deno.stat(join(lib, String(row.path)));
          assert.equal(st.size, Number(row.size));
        }

        await remount(lib, "size=64m");
        const again = await runCli(args, simEnv(sim));
        assert.equal(again.code, 0, again.stderr);
        await assertLibraryMatches(lib, sim);
      },
    ),
});

Deno.test({
  name: "a read-only library stops the run with one line and keeps what it holds",
  ignore: !mountable,
  fn: () =>
    withTmpfsLibrary({ seed: 10, pictures: 10 }, "16m", async (sim, lib, config) => {
      const args = ["--config", config, "download", "-d", lib, "--limit", "5"];
      const first = await runCli(args, simEnv(sim));
      assert.equal(first.code, 0, first.stderr);
      const before = await listFiles(lib, true);
      await remount(lib, "ro");
      const r = await runCli(["--config", config, "download", "-d", lib], simEnv(sim));
      assert.equal(r.code, 4, r.stderr);
      assertOneErrorLine(r.stderr, /read-only/);
      assert.deepEqual(await listFiles(lib, true), before);
      assert.equal(await assertNothingCorrupt(lib, sim), 5);
      await remount(lib, "rw");
      const again = await runCli(["--config", config, "download", "-d", lib], simEnv(sim));
      assert.equal(again.code, 0, again.stderr);
      await assertLibraryMatches(lib, sim);
    }),
});

/** Fills the file system holding `dir` until about `leftKiB` KiB are free. */
async function fillUpTo(dir: string, leftKiB: number): Promise<void> {
  const df = await new Deno.Command("df", { args: ["--output=avail", "-k", dir] }).output();
  const avail = Number(new TextDecoder().decode(df.stdout).trim().split("\n").at(-1));
  const count = Math.max(0, avail - leftKiB);
  await new Deno.Command("dd", {
    args: ["if=/dev/zero", `of=${join(dir, "filler")}`, "bs=1k", `count=${count}`],
    stderr: "null",
  }).output();
}

Deno.test({
  name: "a gallery or a run on a full disk ends with one line and leaves nothing half made",
  ignore: !mountable,
  fn: () =>
    withTmpfsLibrary(
      { seed: 11, pictures: 30, pictureSize: [20_000, 30_000] },
      "4m",
      async (sim, lib, config) => {
        const first = await runCli(["--config", config, "download", "-d", lib], simEnv(sim));
        assert.equal(first.code, 0, first.stderr);
        await fillUpTo(lib, 96);
        const r = await runCli(["--config", config, "gallery", "-d", lib], simEnv(sim));
        assert.equal(r.code, 4, r.stderr);
        assertOneErrorLine(r.stderr, /^error: The disk holding .* is full/);
        assert.doesNotMatch(r.stderr, /Uncaught|worker/);
        // Full to the last byte: the download's first write, its probe, fails and leaves nothing.
        await fillUpTo(lib, 0);
        await new Deno.Command("dd", {
          args: ["if=/dev/zero", `of=${join(lib, "filler2")}`, "bs=4k"],
          stderr: "null",
        }).output();
        const full = await runCli(["--config", config, "download", "-d", lib], simEnv(sim));
        assert.equal(full.code, 4, full.stderr);
        assertOneErrorLine(full.stderr, /full/);
        const probes = [...Deno.readDirSync(join(lib, ".slooh-dl"))].filter((e) =>
          e.name.startsWith(".probe")
        );
        assert.deepEqual(probes, []);
        await Deno.remove(join(lib, "filler2"));
        await Deno.remove(join(lib, "filler"));
        assert.equal(await assertNothingCorrupt(lib, sim), sim.expectedFiles().length);
        // With room again the gallery is made whole, and no temporary file of the failed one stays
        // (a worker stopped mid-write may leave one; the refresh's cache check removes it).
        const again = await runCli(["--config", config, "gallery", "-d", lib], simEnv(sim));
        assert.equal(again.code, 0, again.stderr);
        const left = (await listFiles(join(lib, ".slooh-dl"), true)).filter((f) =>
          f.endsWith(".tmp")
        );
        assert.deepEqual(left, [], "a temporary file was left behind");
      },
    ),
});

Deno.test({
  name: "on a read-only library every writing command ends with one line and exit 4",
  ignore: !mountable,
  fn: () =>
    withTmpfsLibrary({ seed: 12, pictures: 4 }, "16m", async (sim, lib, config) => {
      const first = await runCli(["--config", config, "download", "-d", lib], simEnv(sim));
      assert.equal(first.code, 0, first.stderr);
      const [victim] = await listFiles(lib);
      await Deno.writeFile(join(lib, victim), new Uint8Array([1, 2, 3]));
      const before = await listFiles(lib, true);
      await remount(lib, "ro");
      for (
        const args of [
          ["gallery"],
          ["refile"],
          ["verify", "--repair"],
          ["export", "--format", "csv", "-o", join(lib, "files.csv")],
        ]
      ) {
        const r = await runCli(["--config", config, ...args, "-d", lib], simEnv(sim));
        assert.equal(r.code, 4, `${args[0]}: ${r.stderr}`);
        assertOneErrorLine(r.stderr, /read-only|Read-only/);
        assert.doesNotMatch(r.stderr, /unexpected failure/);
      }
      assert.deepEqual(await listFiles(lib, true), before);
    }),
});

Deno.test({
  name: "retry and verify --repair stopped by a full disk name the command that runs them again",
  ignore: !mountable,
  fn: () =>
    withTmpfsLibrary(
      { seed: 13, pictures: 6, pictureSize: [200_000, 300_000], fitsPerMission: [0, 0] },
      "4m",
      async (sim, lib, config) => {
        const [lost, hurt] = sim.expectedFiles();
        sim.injectFault({ kind: "status", status: 404, target: "file", match: lost.path });
        const first = await runCli(["--config", config, "download", "-d", lib], simEnv(sim));
        assert.equal(first.code, 1, first.stderr);
        assert.deepEqual(sim.unfiredFaults(), []);
        sim.clearFaults();
        const again =
          `Run \`slooh-dl --config ${config} retry -d ${lib}\` again once that is fixed.`;
        // Too little room even for the state's shared memory, which SQLite then reports as a bare
        // I/O error: still said to be a full disk.
        await fillUpTo(lib, 8);
        const retry = await runCli(["--config", config, "retry", "-d", lib], simEnv(sim));
        assert.equal(retry.code, 4, retry.stderr);
        assertOneErrorLine(retry.stderr, /full/);
        assert.ok(retry.stderr.includes(again), retry.stderr);

        await Deno.remove(join(lib, "filler"));
        const done = await runCli(["--config", config, "retry", "-d", lib], simEnv(sim));
        assert.equal(done.code, 0, done.stderr);
        const [path] = (await listFiles(lib)).filter((f) => f.includes(hurt.filename));
        await Deno.writeFile(join(lib, path), new Uint8Array([1, 2, 3]));
        // Room for the state's writes, not for the picture.
        await fillUpTo(lib, 100);
        const repair = await runCli(
          ["--config", config, "verify", "-d", lib, "--repair"],
          simEnv(sim),
        );
        assert.equal(repair.code, 4, repair.stderr);
        assertOneErrorLine(repair.stderr, /full/);
        assert.ok(repair.stderr.includes(again), repair.stderr);
      },
    ),
});

/** kill -9 and Ctrl-C at various moments: the library is never damaged and always completes. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileHeader, Simulator } from "../simulator/mod.ts";
import {
  assertLibraryMatches,
  cliCommand,
  fastConfig,
  listFiles,
  readState,
  runCli,
  simEnv,
  tempDir,
  waitFor,
} from "../helpers.ts";

/** Whether process `pid` has `path` open (Linux: its /proc fd links). */
function holdsOpen(pid: number, path: string): boolean {
  try {
    for (const e of Deno.readDirSync(`/proc/${pid}/fd`)) {
      try {
        if (Deno.readLinkSync(`/proc/${pid}/fd/${e.name}`) === path) return true;
      } catch { /* closed meanwhile */ }
    }
  } catch { /* the process is gone */ }
  return false;
}

/** Every file in the tree is a complete, correct file of the account (no half-written file). */
async function assertOnlyWholeFiles(lib: string, sim: Simulator): Promise<number> {
  const hashes = new Set(sim.expectedFiles().map((f) => f.sha256()));
  const files = await listFiles(lib).catch(() => []);
  for (const f of files) {
    const hash = createHash("sha256").update(await Deno.readFile(join(lib, f))).digest("hex");
    assert.ok(hashes.has(hash), `damaged or foreign file ${f}`);
  }
  return files.length;
}

/** The state calls done exactly the files that are on disk with the recorded size and hash. */
async function assertStateAgreesWithDisk(lib: string): Promise<void> {
  const rows = await readState(
    lib,
    (db) => db.prepare("SELECT key, path, size, sha256, status FROM items").all(),
  );
  for (const r of rows) {
    assert.equal(r.status, "done", `${r.key} is ${r.status}`);
    const bytes = await Deno.readFile(join(lib, String(r.path)));
    assert.equal(bytes.length, Number(r.size));
    assert.equal(createHash("sha256").update(bytes).digest("hex"), r.sha256);
  }
}

Deno.test("kill -9 at several points, then run again: exact library every time", async () => {
  const sim = await Simulator.start({
    accountOptions: {
      seed: 31,
      pictures: 16,
      pictureSize: [150_000, 400_000],
      fitsSize: [200_000, 600_000],
    },
  });
  // Slow, stalling transfers so that kills land mid-body too.
  sim.fileDelayMs = 5;
  try {
    // Kill points: after the n-th file request has started.
    for (const killAfter of [0, 1, 3, 8, 15, 30]) {
      const dir = await tempDir();
      const lib = join(dir, "lib");
      const config = await fastConfig(dir);
      try {
        sim.resetCounts();
        sim.clearFaults();
        sim.injectFault({ kind: "stall", afterBytes: 60_000, ms: 400, target: "file", times: 4 });
        const child = cliCommand(["--config", config, "download", "-d", lib], simEnv(sim))
          .spawn();
        await waitFor(() =>
          sim.counts.fileGets > killAfter || sim.counts.getMyPictures > 0 && killAfter === 0
        );
        child.kill("SIGKILL");
        await child.status;
        await assertOnlyWholeFiles(lib, sim);

        sim.clearFaults();
        const again = await runCli(["--config", config, "download", "-d", lib], simEnv(sim));
        assert.equal(again.code, 0, `kill after ${killAfter}: ${again.stderr}`);
        await assertLibraryMatches(lib, sim);
        await assertStateAgreesWithDisk(lib);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    }
  } finally {
    await sim.close();
  }
});

Deno.test("Ctrl-C stops new work, writes the summary and exits 130; the next run completes", async () => {
  const sim = await Simulator.start({
    accountOptions: { seed: 32, pictures: 20, pictureSize: [100_000, 200_000] },
  });
  sim.fileDelayMs = 30;
  const dir = await tempDir();
  const lib = join(dir, "lib");
  const config = await fastConfig(dir);
  try {
    const child = cliCommand(["--config", config, "download", "-d", lib, "--json"], simEnv(sim))
      .spawn();
    await waitFor(() => sim.counts.fileGets >= 4);
    child.kill("SIGINT");
    const out = await child.output();
    assert.equal(out.code, 130);
    const json = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(json.interrupted, true);
    assert.ok(json.downloaded < sim.expectedFiles().length);
    const stderr = new TextDecoder().decode(out.stderr);
    assert.match(stderr, /Downloaded .* \(interrupted\)\./);
    assert.equal(await assertOnlyWholeFiles(lib, sim), json.downloaded);
    const runs = await readState(lib, (db) => db.prepare("SELECT status FROM runs").all());
    assert.deepEqual(runs.map((r) => r.status), ["interrupted"]);

    sim.fileDelayMs = 0;
    const again = await runCli(["--config", config, "download", "-d", lib], simEnv(sim));
    assert.equal(again.code, 0, again.stderr);
    await assertLibraryMatches(lib, sim);
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "a second Ctrl-C quits at once with 130",
  // It watches the run's open files in /proc.
  ignore: Deno.build.os !== "linux",
}, async () => {
  // One 2 GiB picture already on disk: adopting it means hashing it, which takes seconds and
  // which the first Ctrl-C waits for. Quitting at once is proven by what never happens: the
  // summary line and the closing of the run record.
  const size = 2 * 1024 ** 3;
  const sim = await Simulator.start({
    accountOptions: { seed: 33, pictures: 1, pictureSize: [size, size] },
  });
  const dir = await tempDir();
  const lib = join(dir, "lib");
  try {
    const dry = await runCli(
      ["download", "-d", lib, "--no-fits", "--dry-run", "--json"],
      simEnv(sim),
    );
    const target = join(lib, JSON.parse(dry.stdout).files[0].path);
    await Deno.mkdir(dirname(target), { recursive: true });
    {
      using f = await Deno.open(target, { write: true, create: true });
      await f.write(fileHeader("png"));
      await f.truncate(size);
    }
    const child = cliCommand(["download", "-d", lib, "--no-fits"], simEnv(sim)).spawn();
    // After the HEAD (the file's signature was read before it), an open file is the hashing.
    await waitFor(() => sim.counts.fileHeads >= 1 && holdsOpen(child.pid, target), 30_000);
    child.kill("SIGINT");
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let stderr = "";
    while (!stderr.includes("press Ctrl-C again")) {
      const { value, done } = await reader.read();
      if (done) break;
      stderr += value;
    }
    child.kill("SIGINT");
    for (let r = await reader.read(); !r.done; r = await reader.read()) stderr += r.value;
    const status = await child.status;
    await child.stdout.cancel();
    assert.equal(status.code, 130);
    assert.match(stderr, /finishing up/);
    assert.doesNotMatch(stderr, /Downloaded|Up to date|adopted/, "the run wrapped up first");
    const runs = await readState(lib, (db) => db.prepare("SELECT status FROM runs").all());
    assert.deepEqual(runs.map((r) => r.status), ["running"], "the run record was never closed");
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a second run on the same library is refused while the first goes on", async () => {
  const sim = await Simulator.start({ accountOptions: { seed: 34, pictures: 10 } });
  sim.fileDelayMs = 100;
  const dir = await tempDir();
  const lib = join(dir, "lib");
  try {
    const first = cliCommand(["download", "-d", lib], simEnv(sim)).spawn();
    await waitFor(() => sim.counts.fileGets >= 1);
    const second = await runCli(["download", "-d", lib], simEnv(sim));
    assert.equal(second.code, 4);
    assert.match(second.stderr, /Another slooh-dl run is using/);
    assert.equal((await first.status).code, 0);
    sim.fileDelayMs = 0;
    await assertLibraryMatches(lib, sim);
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

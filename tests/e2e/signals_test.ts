/**
 * SIGTERM and SIGHUP stop a run as Ctrl-C does: transfers stop, the partial file stays and is
 * resumed by the next run, the run is recorded as interrupted, the summary reaches stderr.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { partialDir } from "../../src/library/library_dirs.ts";
import {
  assertLibraryMatches,
  cliCommand,
  readState,
  runCli,
  scenario,
  simEnv,
  waitFor,
} from "../helpers.ts";

/** Total size of the partial files of a library (0 when there are none). */
function partialBytes(lib: string): number {
  try {
    let n = 0;
    for (const e of Deno.readDirSync(partialDir(lib))) {
      n += Deno.statSync(join(partialDir(lib), e.name)).size;
    }
    return n;
  } catch {
    return 0;
  }
}

for (const [signal, code] of [["SIGTERM", 143], ["SIGHUP", 129]] as const) {
  Deno.test({
    name:
      `${signal}: exit ${code}, the run recorded as interrupted, its partial file resumed byte-exact`,
    ignore: Deno.build.os === "windows",
  }, async () => {
    const size = 2_000_000;
    await using t = await scenario({
      accountOptions: { seed: 71, pictures: 1, pictureSize: [size, size], fitsPerMission: [0, 0] },
      download: { idle_timeout: 60, threads: 1 },
    });
    // The one picture stops after 1 MB and would hang for a minute.
    t.sim.injectFault({ kind: "stall", afterBytes: 1_000_000, ms: 60_000, target: "file" });
    const child = cliCommand(
      ["--config", t.config, "download", "-d", t.lib, "--json"],
      simEnv(t.sim),
    ).spawn();
    // Written in 256 KiB steps: three of them are on disk before the stall.
    await waitFor(() => partialBytes(t.lib) >= 3 * 262_144, 30_000).catch(async (e) => {
      child.kill("SIGKILL");
      await child.output();
      throw e;
    });
    assert.deepEqual(t.sim.unfiredFaults(), []);
    child.kill(signal);
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, code, stderr);
    assert.match(stderr, new RegExp(`Interrupted by ${signal}`));
    assert.match(stderr, /Downloaded 0 files .* \(interrupted\)\./);
    assert.equal(JSON.parse(new TextDecoder().decode(out.stdout)).interrupted, true);
    const runs = await readState(t.lib, (db) => db.prepare("SELECT status FROM runs").all());
    assert.deepEqual(runs.map((r) => r.status), ["interrupted"]);
    const stats = await runCli(["stats", "-d", t.lib, "--json"], simEnv(t.sim));
    assert.equal(JSON.parse(stats.stdout).runs[0].status, "interrupted", stats.stderr);
    const kept = partialBytes(t.lib);
    assert.ok(kept >= 3 * 262_144, "the partial file stays for the next run");

    t.sim.clearFaults();
    t.sim.resetCounts();
    const again = await runCli(
      ["--config", t.config, "download", "-d", t.lib],
      simEnv(t.sim),
    );
    assert.equal(again.code, 0, again.stderr);
    // Resumed: only the rest of the picture was sent.
    assert.equal(t.sim.counts.fileBytesSent, size - kept);
    await assertLibraryMatches(t.lib, t.sim);
  });
}

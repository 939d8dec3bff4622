/** A library whose state file is damaged, empty or held by another program: one line naming it. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { assertLibraryMatches, isolatedEnv, listFiles, runCli, withScenario } from "../helpers.ts";

/** One `error:` line matching `pattern`, and no stack trace. */
function assertOneError(stderr: string, pattern: RegExp): void {
  const errors = stderr.split("\n").filter((l) => l.startsWith("error"));
  assert.equal(errors.length, 1, stderr);
  assert.match(errors[0], pattern);
  assert.doesNotMatch(stderr, /unexpected failure|\n\s+at /);
}

Deno.test("a damaged state file is named with what to do, and doing it restores the library", () =>
  withScenario({ accountOptions: { seed: 51, pictures: 6 } }, async ({ lib, cli: run, sim }) => {
    assert.equal((await run(["download", "-d", lib])).code, 0);
    const files = await listFiles(lib);
    const state = join(lib, ".slooh-dl", "state.db");
    await Deno.writeFile(state, crypto.getRandomValues(new Uint8Array(8192)));
    for (const args of [["stats"], ["verify"], ["download"]]) {
      const r = await run([...args, "-d", lib]);
      assert.equal(r.code, 4, `${args[0]}: ${r.stderr}`);
      assertOneError(
        r.stderr,
        /The library's state .*state\.db is damaged \(file is not a database\)/,
      );
    }
    assert.deepEqual(await listFiles(lib), files, "a file was touched");

    // The advice holds: moved aside, the next download takes every file back from the disk.
    await Deno.rename(state, `${state}.damaged`);
    sim.resetCounts();
    const again = await run(["download", "-d", lib, "--json"]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).adopted, files.length);
    assert.equal(JSON.parse(again.stdout).downloaded, 0);
    await assertLibraryMatches(lib, sim);
  }));

Deno.test("an empty state file means no records; a locked one names the lock", () =>
  withScenario({ accountOptions: { seed: 52, pictures: 4 } }, async ({ lib, cli: run }) => {
    assert.equal((await run(["download", "-d", lib])).code, 0);
    const state = join(lib, ".slooh-dl", "state.db");

    const db = new DatabaseSync(state);
    db.exec("PRAGMA busy_timeout=0; BEGIN EXCLUSIVE");
    try {
      const r = await run(["download", "-d", lib]);
      assert.equal(r.code, 4, r.stderr);
      assertOneError(r.stderr, /state .*state\.db is locked by another program/);
    } finally {
      db.exec("ROLLBACK");
      db.close();
    }

    await Deno.writeFile(state, new Uint8Array(0));
    const stats = await runCli(["stats", "-d", lib], isolatedEnv());
    assert.equal(stats.code, 2, stats.stderr);
    assertOneError(stats.stderr, /has no records yet \(.*state\.db is empty\); run a download/);
  }));

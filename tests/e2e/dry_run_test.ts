/** `--dry-run` writes nothing at all: no folder, no state, no log, no partial file. */
import assert from "node:assert/strict";
import { withScenario } from "../helpers.ts";
import { join } from "node:path";
import { json, snapshotTree } from "./cli_helpers.ts";

Deno.test("--dry-run on an existing library leaves the tree and the state byte-identical", () =>
  withScenario({ accountOptions: { seed: 4, pictures: 16 } }, async ({ sim, lib, cli: run }) => {
    // A library half done, with a failure on record, so the dry run has work to list.
    sim.injectFault({ kind: "status", status: 404, target: "file", match: ".png", times: 1 });
    const first = await run(["download", "-d", lib, "--limit", "12", "--json"]);
    assert.equal(first.code, 1, first.stderr);
    const before = await snapshotTree(lib);
    assert.ok(before.has(".slooh-dl/state.db"));
    assert.ok([...before.keys()].some((k) => k.startsWith(".slooh-dl/logs/")));

    sim.resetCounts();
    const dry = await run(["download", "-d", lib, "--dry-run", "--json"]);
    assert.equal(dry.code, 0, dry.stderr);
    const plan = json(dry);
    assert.equal(plan.dryRun, true);
    assert.equal(plan.log, null);
    assert.equal(plan.files.length, sim.expectedFiles().length - 11);
    assert.equal(sim.counts.fileGets, 0, "a dry run fetched a file");
    assert.deepEqual(await snapshotTree(lib), before);

    // The human listing too, and with --all and --verbose.
    const listed = await run(["-v", "download", "-d", lib, "--dry-run", "--all"]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.stdout.trim().split("\n").length, plan.files.length);
    assert.deepEqual(await snapshotTree(lib), before);
  }));

Deno.test("--dry-run into a folder that does not exist creates nothing", () =>
  withScenario({ accountOptions: { seed: 4, pictures: 8 } }, async ({ sim, dir, cli: run }) => {
    const lib = join(dir, "not", "yet");
    const before = await snapshotTree(dir);
    const r = await run(["download", "-d", lib, "--dry-run", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(json(r).files.length, sim.expectedFiles().length);
    assert.deepEqual(await snapshotTree(dir), before);
    await assert.rejects(Deno.stat(join(dir, "not")), Deno.errors.NotFound);
  }));

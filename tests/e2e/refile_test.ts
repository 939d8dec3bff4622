/** `slooh-dl refile` as a user runs it: a kill -9 halfway, then a rerun, leaves a whole library. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { Layout } from "../../src/library/layout.ts";
import { recordToItem, State } from "../../src/library/state.ts";
import { cliCommand, listFiles, readState, runCli, tempDir, waitFor } from "../helpers.ts";

const TITLES = ["Open Cluster M103 (NGC 581)", "Caldwell 92 (NGC 3372)", "Orion Nebula (M42)"];

/** A library of `n` small recorded files filed by `layout`; returns their hashes by path. */
function craftLibrary(lib: string, n: number, layout: Layout): string[] {
  const state = State.open(lib);
  const hashes: string[] = [];
  try {
    state.transaction(() => {
      for (let i = 0; i < n; i++) {
        const filename = `obj_20250718_02${String(i % 60).padStart(2, "0")}00_${i}_abcdef_l.png`;
        const item = {
          key: `p${i}`,
          kind: "picture" as const,
          imageId: i,
          customerImageId: null,
          missionId: 100 + (i % 40),
          title: TITLES[i % TITLES.length],
          telescope: "Canary Two",
          instrument: "Highmag",
          capturedAt: new Date(Date.UTC(2025, 6, 18, 2, i % 60)),
          url: `https://images.example/${filename}`,
          filename,
        };
        const path = layout.relativePath(item);
        const bytes = new TextEncoder().encode(`\x89PNG\r\n\x1a\nfile ${i}`);
        Deno.mkdirSync(dirname(join(lib, path)), { recursive: true });
        Deno.writeFileSync(join(lib, path), bytes);
        hashes.push(createHash("sha256").update(bytes).digest("hex"));
        state.recordSeen(item, null);
        state.assignPath(item.key, path);
        state.markDone(item.key, bytes.length, hashes[i]);
      }
    });
  } finally {
    state.close();
  }
  return hashes.sort();
}

async function contents(lib: string): Promise<string[]> {
  const out: string[] = [];
  for (const rel of await listFiles(lib)) {
    out.push(createHash("sha256").update(await Deno.readFile(join(lib, rel))).digest("hex"));
  }
  return out.sort();
}

Deno.test("refile killed with -9 halfway, then run again: every byte kept, every file filed", async () => {
  const dir = await tempDir();
  try {
    const lib = join(dir, "lib");
    const hashes = craftLibrary(lib, 3000, new Layout("{title}", "{filename}"));
    const config = join(dir, "config.json");
    const folders = { template: "{object}/{date}", filename_template: "{telescope}_{filename}" };
    await Deno.writeTextFile(config, JSON.stringify({ folders }));
    const child = cliCommand(["--config", config, "refile", "-d", lib], {}).spawn();
    // The first new folder appears with the first rename: kill right then.
    await waitFor(() => {
      try {
        return Deno.statSync(join(lib, "M103")).isDirectory;
      } catch {
        return false;
      }
    }, 60_000);
    child.kill("SIGKILL");
    await child.output();
    const left = await readState(
      lib,
      (db) => db.prepare("SELECT COUNT(*) AS n FROM refile_steps").get(),
    );
    assert.ok(Number(left?.n) > 0, "the kill landed before the refile ended");
    assert.deepEqual(await contents(lib), hashes, "nothing lost or doubled by the kill");

    const again = await runCli(["--config", config, "refile", "-d", lib], {});
    assert.equal(again.code, 0, again.stderr);
    // Each file counted once: moved (by the recovery or now), or already in place.
    const [, moved, inPlace] = again.stderr.match(/Moved (\d+) files?; (\d+) already in place/)!;
    assert.equal(Number(moved) + Number(inPlace), 3000, again.stderr);
    assert.deepEqual(await contents(lib), hashes);
    const layout = new Layout(folders.template, folders.filename_template);
    const state = State.open(lib, { readOnly: true });
    try {
      const done = state.byStatus("done");
      assert.deepEqual(done.map((r) => r.path!).sort(), await listFiles(lib));
      for (const r of done) assert.equal(r.path, layout.relativePath(recordToItem(r)));
      const steps = state.db.prepare("SELECT COUNT(*) AS n FROM refile_steps").get();
      assert.equal(Number(steps?.n), 0);
    } finally {
      state.close();
    }
    const top = new Set((await listFiles(lib)).map((p) => p.split("/")[0]));
    assert.deepEqual([...top].sort(), ["M103", "M42", "NGC3372"]);
    const dry = await runCli(["--config", config, "refile", "-d", lib, "--dry-run"], {});
    assert.equal(dry.code, 0);
    assert.match(dry.stderr, /Would move 0 files; 3000 already in place/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("refile --dry-run lists its moves on stdout and moves nothing", async () => {
  const dir = await tempDir();
  try {
    const lib = join(dir, "lib");
    craftLibrary(lib, 6, new Layout("{title}", "{filename}"));
    const before = await listFiles(lib);
    const config = join(dir, "config.json");
    await Deno.writeTextFile(config, JSON.stringify({ folders: { template: "{object}" } }));
    const dry = await runCli(["--config", config, "refile", "-d", lib, "--dry-run"], {});
    assert.equal(dry.code, 0, dry.stderr);
    const moves = dry.stdout.trim().split("\n");
    assert.equal(moves.length, 6, dry.stdout);
    for (const m of moves) assert.match(m, /^\S.* -> (M103|M42|NGC3372)\/Canary Two_obj_\S+\.png$/);
    assert.match(dry.stderr, /Would move 6 files; 0 already in place/);
    assert.deepEqual(await listFiles(lib), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

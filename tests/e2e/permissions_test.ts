import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join, relative } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { ENV_VARS } from "../../src/cli/permissions.ts";
import { Simulator } from "../simulator/mod.ts";
import {
  assertLibraryMatches,
  fenceFlags,
  isolatedEnv,
  listFiles,
  runCli,
  simEnv,
  tempDir,
} from "../helpers.ts";

// ---------------------------------------------------------------------------------------------
// The CLI under restricted flags, against the simulator.

/** The user config file the CLI looks for under the tests' isolated environment. */
const TEST_CONFIG = join(isolatedEnv().XDG_CONFIG_HOME, "slooh-dl", "config.json");

function restricted(sim: Simulator, lib: string, over: { write?: boolean } = {}): string[] {
  return fenceFlags(sim, [lib, TEST_CONFIG], over.write === false ? [] : [lib]);
}

interface Access {
  permission: string;
  value: string;
}

async function readAudit(path: string): Promise<Access[]> {
  const text = await Deno.readTextFile(path);
  return text.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith("/"));
}

Deno.test("a full download works with network, read and write fenced to simulator and library", async () => {
  const sim = await Simulator.start({ accountOptions: { seed: 5, pictures: 30 } });
  const dir = await tempDir();
  const lib = join(dir, "library");
  const audit = join(dir, "audit.jsonl");
  try {
    const r = await runCli(
      ["download", "-d", lib, "--json"],
      simEnv(sim, { DENO_AUDIT_PERMISSIONS: audit }),
      restricted(sim, lib),
    );
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.downloaded, sim.expectedFiles().length);
    assert.equal(summary.failed, 0);
    await assertLibraryMatches(lib, sim);

    // Deno's audit log lists every permission check the run made, allowed or not: every write
    // was inside the library, every read inside it or of the config file, every connection to
    // the simulator, every variable one of slooh-dl's.
    const accesses = await readAudit(audit);
    const writes = accesses.filter((a) => a.permission === "write");
    assert.ok(writes.length > 0, "the audit log shows no write at all");
    for (const a of writes) {
      assert.ok(inside(lib, a.value), `write outside the library: ${a.value}`);
    }
    for (const a of accesses.filter((a) => a.permission === "read")) {
      assert.ok(inside(lib, a.value) || a.value === TEST_CONFIG, `read outside: ${a.value}`);
    }
    for (const a of accesses.filter((a) => a.permission === "net")) {
      const host = a.value.includes("://") ? new URL(a.value).host : a.value;
      assert.equal(host, new URL(sim.origin).host);
    }
    for (const a of accesses.filter((a) => a.permission === "env")) {
      assert.ok(ENV_VARS.includes(a.value), `read variable ${a.value}`);
    }
    assert.deepEqual(
      [...new Set(accesses.map((a) => a.permission))].filter((p) =>
        !["read", "write", "net", "env"].includes(p)
      ),
      [],
    );
    // Only the library (and the audit log Deno itself wrote) appeared in the temporary folder.
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "audit.jsonl",
      "library",
    ]);

    // Help and a second run work under the same fence (libraries' colour probes are ignored).
    const help = await runCli(["--help"], simEnv(sim), restricted(sim, lib));
    assert.equal(help.code, 0, help.stderr);
    const again = await runCli(
      ["download", "-d", lib, "--json"],
      simEnv(sim),
      restricted(sim, lib),
    );
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).downloaded, 0);
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the reading commands work under read-only fences and leave the state untouched", async () => {
  const sim = await Simulator.start({ accountOptions: { seed: 6, pictures: 8 } });
  const dir = await tempDir();
  const lib = join(dir, "library");
  try {
    assert.equal(
      (await runCli(["download", "-d", lib], simEnv(sim), restricted(sim, lib))).code,
      0,
    );
    const before = await listFiles(lib, true);
    // No write and no network: stats, missions' local part and verify read the state alone.
    const readOnly = [`--allow-env=${ENV_VARS.join(",")}`, `--allow-read=${lib},${TEST_CONFIG}`];
    for (
      const args of [["stats", "-d", lib], ["verify", "-d", lib], [
        "export",
        "-d",
        lib,
        "--format",
        "csv",
      ]]
    ) {
      const r = await runCli(args, isolatedEnv(), ["--no-prompt", ...readOnly]);
      assert.equal(r.code, 0, `${args[0]}: ${r.stderr}`);
    }
    const dry = await runCli(
      ["download", "-d", lib, "--dry-run"],
      simEnv(sim),
      restricted(sim, lib, { write: false }),
    );
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(await listFiles(lib, true), before, "a reader left files behind");
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a missing --allow-write exits 2 with one line naming the exact flag, writing nothing", async () => {
  const sim = await Simulator.start({ accountOptions: { seed: 6, pictures: 5 } });
  const dir = await tempDir();
  const lib = join(dir, "My Slooh");
  try {
    const r = await runCli(
      ["download", "-d", lib],
      simEnv(sim),
      restricted(sim, lib, { write: false }),
    );
    assert.equal(r.code, 2, r.stderr);
    assert.equal(
      r.stderr,
      `error: missing permission: run again adding --allow-write="${lib}"\n`,
    );
    assert.equal(sim.counts.apiCalls, 0, "the API was called before the check");
    assert.deepEqual([...Deno.readDirSync(dir)], []);

    // A library outside --allow-write is refused the same way: nothing is written there either.
    const other = join(dir, "elsewhere");
    const r2 = await runCli(["download", "-d", other], simEnv(sim), restricted(sim, lib));
    assert.equal(r2.code, 2);
    assert.equal(r2.stderr, `error: missing permission: run again adding --allow-read=${other}\n`);
    assert.deepEqual([...Deno.readDirSync(dir)], []);

    // Missing variables are named all at once.
    const r3 = await runCli(["login"], simEnv(sim), [
      "--no-prompt",
      `--allow-net=${new URL(sim.origin).host}`,
      "--allow-env=SLOOH_USERNAME,HOME",
    ]);
    assert.equal(r3.code, 2);
    const want = Deno.build.os === "linux"
      ? "SLOOH_PASSWORD,SLOOH_BASE_URL,XDG_CONFIG_HOME"
      : Deno.build.os === "darwin"
      ? "SLOOH_PASSWORD,SLOOH_BASE_URL"
      : "SLOOH_PASSWORD,SLOOH_BASE_URL,APPDATA,USERPROFILE";
    assert.equal(r3.stderr, `error: missing permission: run again adding --allow-env=${want}\n`);
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an image host outside --allow-net fails only its items, at once, and the run goes on", async () => {
  const sim = await Simulator.start({ accountOptions: { seed: 7, pictures: 12 } });
  const dir = await tempDir();
  const lib = join(dir, "library");
  const port = new URL(sim.origin).port;
  // Three pictures served from a host the run may not reach (same server, other name).
  const blocked = sim.account.pictures.slice(2, 5);
  for (const p of blocked) p.url = p.url.replace(sim.origin, `http://localhost:${port}`);
  try {
    const r = await runCli(
      ["download", "-d", lib, "--json", "--retries", "3"],
      simEnv(sim),
      restricted(sim, lib),
    );
    assert.equal(r.code, 1, r.stderr);
    const summary = JSON.parse(r.stdout);
    const expected = sim.expectedFiles();
    assert.equal(summary.failed, blocked.length);
    assert.equal(summary.downloaded, expected.length - blocked.length);
    for (const f of summary.failures) {
      assert.equal(
        f.error,
        `network access to localhost:${port} is not allowed (add it to --allow-net)`,
      );
    }
    assert.match(r.stderr, /warning: .*network access to localhost:\d+ is not allowed/);

    // Every other file is in the library, byte for byte.
    const blockedUrls = new Set(blocked.map((p) => p.url));
    const want = expected.filter((f) => !blockedUrls.has(f.url));
    const have = new Map<string, string>();
    for (const rel of await listFiles(lib)) {
      const hash = createHash("sha256").update(await Deno.readFile(join(lib, rel))).digest("hex");
      have.set(hash, rel);
    }
    assert.deepEqual(want.filter((f) => !have.has(f.sha256())).map((f) => f.url), []);
    assert.equal(have.size, want.length);

    // Not retried: one attempt each, though three retries were allowed.
    const db = new DatabaseSync(join(lib, ".slooh-dl", "state.db"), { readOnly: true });
    try {
      for (const f of summary.failures) {
        const row = db.prepare("SELECT status, attempts FROM items WHERE key = ?").get(f.key);
        assert.deepEqual({ ...row }, { status: "failed", attempts: 1 });
      }
    } finally {
      db.close();
    }
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task run:restricted computes the narrow flags and downloads under them", async () => {
  const sim = await Simulator.start({ accountOptions: { seed: 8, pictures: 6 } });
  const dir = await tempDir();
  const lib = join(dir, "library");
  const launcher = new URL("../../scripts/run_restricted.ts", import.meta.url).pathname;
  const run = async (args: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-env", "--allow-run", launcher, ...args],
      env: simEnv(sim),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  };
  try {
    const printed = await run(["--print", "download", "-d", lib]);
    assert.equal(printed.code, 0, printed.stderr);
    const line = printed.stdout.trim();
    assert.ok(line.startsWith("deno run --no-prompt "), line);
    assert.ok(line.includes(`--allow-write=${lib} `), line);
    assert.ok(line.includes(`--allow-read=${lib},${TEST_CONFIG} `), line);
    assert.ok(line.includes(`,${new URL(sim.origin).host} `), "the simulator's host is allowed");
    // --library, the alias of -d, finds the library too.
    const alias = await run(["--print", "download", "--library", lib]);
    assert.ok(alias.stdout.includes(`--allow-write=${lib} `), alias.stdout);

    const r = await run(["download", "-d", lib, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    await assertLibraryMatches(lib, sim);
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join, relative } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { Config } from "../../src/config/config.ts";
import {
  ENV_VARS,
  firstMissingFlag,
  flagsFor,
  type Need,
  neededEnv,
  neededPermissions,
  notCapableMessage,
  type PermissionQuery,
  SLOOH_HOSTS,
} from "../../src/cli/permissions.ts";
import { Simulator } from "../simulator/mod.ts";
import {
  assertLibraryMatches,
  isolatedEnv,
  listFiles,
  runCli,
  simEnv,
  tempDir,
} from "../helpers.ts";

function config(over: Partial<Config> = {}): Config {
  return {
    username: "me",
    password: "pw",
    baseUrl: "https://app.slooh.com",
    library: "/home/me/Pictures/Slooh",
    folderTemplate: "{object}",
    fileTemplate: "{filename}",
    concurrency: 4,
    rateLimit: 0,
    retries: 3,
    retryBaseMs: 1000,
    timeoutMs: 120_000,
    idleTimeoutMs: 60_000,
    pageSize: 50,
    fits: true,
    adoptBySize: true,
    stopEarly: true,
    configFile: null,
    ...over,
  };
}

const CONFIG_FILE = "/home/me/.config/slooh-dl/config.json";

function describe(needs: Need[]): string[] {
  return needs.map((n) => {
    const d = n.descriptor as { name: string; path?: string; host?: string; variable?: string };
    return `${d.name} ${d.path ?? d.host ?? d.variable}${n.deniable ? " (deniable)" : ""}`;
  });
}

/** A query that grants exactly the listed "name value" pairs and answers `other` otherwise. */
function grants(granted: string[], other: Deno.PermissionState = "prompt"): PermissionQuery {
  return (d) => {
    const x = d as { name: string; path?: string; host?: string; variable?: string };
    return granted.includes(`${x.name} ${x.path ?? x.host ?? x.variable}`) ? "granted" : other;
  };
}

Deno.test("a download against Slooh needs the library, the config file and Slooh's hosts", () => {
  assert.deepEqual(describe(neededPermissions(config(), "download", CONFIG_FILE)), [
    "read /home/me/Pictures/Slooh",
    `read ${CONFIG_FILE} (deniable)`,
    "write /home/me/Pictures/Slooh",
    "net app.slooh.com:443",
    "net polaris.slooh.com:443",
    "net polaris2.slooh.com:443",
  ]);
  // A dry run (and missions) writes nothing and fetches no image; login touches no library.
  for (const use of ["dry-run", "missions"] as const) {
    assert.deepEqual(describe(neededPermissions(config(), use, CONFIG_FILE)), [
      "read /home/me/Pictures/Slooh",
      `read ${CONFIG_FILE} (deniable)`,
      "net app.slooh.com:443",
    ]);
  }
  assert.deepEqual(describe(neededPermissions(config(), "login", CONFIG_FILE)), [
    `read ${CONFIG_FILE} (deniable)`,
    "net app.slooh.com:443",
  ]);
  // stats reads the library's own records: no network at all.
  assert.deepEqual(describe(neededPermissions(config(), "stats", CONFIG_FILE)), [
    "read /home/me/Pictures/Slooh",
    `read ${CONFIG_FILE} (deniable)`,
  ]);
});

Deno.test("an explicit config file must be readable; another API host is the only host", () => {
  const cfg = config({ configFile: "/etc/slooh.json", baseUrl: "http://127.0.0.1:8123" });
  assert.deepEqual(describe(neededPermissions(cfg, "download", CONFIG_FILE)), [
    "read /home/me/Pictures/Slooh",
    "read /etc/slooh.json",
    "write /home/me/Pictures/Slooh",
    "net 127.0.0.1:8123",
  ]);
  // No library yet: the command reports that itself, and no path permission is asked for.
  assert.deepEqual(describe(neededPermissions(config({ library: "" }), "download", null)), [
    "net app.slooh.com:443",
    "net polaris.slooh.com:443",
    "net polaris2.slooh.com:443",
  ]);
});

Deno.test("the first missing flag is exact, grouped and quoted for a shell", () => {
  const needs = neededPermissions(config(), "download", CONFIG_FILE);
  const all = [
    "read /home/me/Pictures/Slooh",
    `read ${CONFIG_FILE}`,
    "write /home/me/Pictures/Slooh",
    "net app.slooh.com:443",
    "net polaris.slooh.com:443",
    "net polaris2.slooh.com:443",
  ];
  assert.equal(firstMissingFlag(needs, grants(all)), null);
  assert.equal(
    firstMissingFlag(needs, grants(all.filter((g) => !g.startsWith("write")))),
    "--allow-write=/home/me/Pictures/Slooh",
  );
  assert.equal(
    firstMissingFlag(needs, grants(all.filter((g) => !g.startsWith("read")))),
    `--allow-read=/home/me/Pictures/Slooh,${CONFIG_FILE}`,
  );
  assert.equal(
    firstMissingFlag(needs, grants(all.filter((g) => !g.includes("polaris")))),
    "--allow-net=polaris.slooh.com,polaris2.slooh.com",
  );
  // --ignore-read/--deny-read of the default config file is a choice: it then counts as absent.
  assert.equal(
    firstMissingFlag(needs, grants(all.filter((g) => !g.includes(".json")), "denied")),
    null,
  );
  // A denied library is still missing.
  assert.equal(
    firstMissingFlag(needs, grants(all.filter((g) => !g.startsWith("write")), "denied")),
    "--allow-write=/home/me/Pictures/Slooh",
  );
  const spaced = neededPermissions(config({ library: "/Users/me/My Pictures" }), "download", null);
  assert.equal(firstMissingFlag(spaced, grants([])), `--allow-read="/Users/me/My Pictures"`);
  const sim = neededPermissions(config({ baseUrl: "http://127.0.0.1:8123" }), "login", null);
  assert.equal(firstMissingFlag(sim, grants([])), "--allow-net=127.0.0.1:8123");
});

Deno.test("the variables checked before a config loads follow the platform", () => {
  const vars = (os: typeof Deno.build.os) => neededEnv(os).map((n) => n.value);
  const common = ["SLOOH_USERNAME", "SLOOH_PASSWORD", "SLOOH_BASE_URL"];
  assert.deepEqual(vars("linux"), [...common, "XDG_CONFIG_HOME", "HOME"]);
  assert.deepEqual(vars("darwin"), [...common, "HOME"]);
  assert.deepEqual(vars("windows"), [...common, "APPDATA", "HOME", "USERPROFILE"]);
  for (const os of ["linux", "darwin", "windows"] as const) {
    for (const v of vars(os)) assert.ok(ENV_VARS.includes(v), `${v} missing from ENV_VARS`);
  }
  assert.equal(
    firstMissingFlag(neededEnv("linux"), grants(["env SLOOH_USERNAME", "env HOME"])),
    "--allow-env=SLOOH_PASSWORD,SLOOH_BASE_URL,XDG_CONFIG_HOME",
  );
});

Deno.test("a refusal from Deno mid-run becomes one line with the flag", () => {
  const err = (m: string) => new Deno.errors.NotCapable(m);
  assert.equal(
    notCapableMessage(
      err('Requires write access to "/tmp/x", run again with the --allow-write flag'),
      false,
    ),
    "missing permission: run again adding --allow-write=/tmp/x",
  );
  assert.equal(
    notCapableMessage(err('Requires net access to "polaris9.slooh.com:443", run…'), false),
    "missing permission: run again adding --allow-net=polaris9.slooh.com",
  );
  assert.equal(
    notCapableMessage(err('Requires env access to "HOME", run again…'), false),
    "missing permission: run again adding --allow-env=HOME",
  );
  // Libraries peek at other variables (colours, terminals): those are better ignored than allowed.
  assert.match(
    notCapableMessage(err('Requires env access to "FORCE_COLOR", run again…'), false),
    /^missing permission: run again adding --ignore-env \(/,
  );
  assert.match(
    notCapableMessage(err('Requires write access to "/x", run again…'), true),
    /executable was built without --allow-write=\/x/,
  );
});

Deno.test("flagsFor scopes paths to the library, or to nothing for a run-time library", () => {
  assert.deepEqual(flagsFor({ library: "/lib", configFile: "/c.json" }), [
    `--allow-net=${SLOOH_HOSTS.join(",")}`,
    `--allow-env=${ENV_VARS.join(",")}`,
    "--ignore-env",
    "--allow-read=/lib,/c.json",
    "--allow-write=/lib",
  ]);
  assert.deepEqual(flagsFor({ anyPath: true, extraHosts: ["127.0.0.1:9"] }).slice(0, 1), [
    `--allow-net=${[...SLOOH_HOSTS, "127.0.0.1:9"].join(",")}`,
  ]);
  assert.deepEqual(flagsFor({ anyPath: true }).slice(-2), ["--allow-read", "--allow-write"]);
  assert.ok(SLOOH_HOSTS.includes("astroimages.slooh.com"));
});

// ---------------------------------------------------------------------------------------------
// The CLI under restricted flags, against the simulator.

/** The user config file the CLI looks for under the tests' isolated environment. */
const TEST_CONFIG = join(isolatedEnv().XDG_CONFIG_HOME, "slooh-dl", "config.json");

function restricted(sim: Simulator, lib: string, over: { write?: boolean } = {}): string[] {
  return [
    "--no-prompt",
    `--allow-net=${new URL(sim.origin).host}`,
    `--allow-env=${ENV_VARS.join(",")}`,
    "--ignore-env",
    `--allow-read=${lib},${TEST_CONFIG}`,
    ...(over.write === false ? [] : [`--allow-write=${lib}`]),
  ];
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

    const r = await run(["download", "-d", lib, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    await assertLibraryMatches(lib, sim);
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the README's copy-paste lines grant exactly the hosts and variables of the code", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const net = `--allow-net=${SLOOH_HOSTS.join(",")}`;
  const env = `--allow-env=${ENV_VARS.join(",")} --ignore-env`;
  // The `deno install` and `deno run` lines.
  assert.ok(readme.split(net).length - 1 >= 2, `README lacks ${net} twice`);
  assert.ok(readme.split(env).length - 1 >= 2, `README lacks ${env} twice`);
});

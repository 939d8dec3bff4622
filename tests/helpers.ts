/** Shared test helpers: run the CLI as a subprocess, inspect a library on disk. */
import { createHash } from "node:crypto";
import { join, relative } from "node:path";
import assert from "node:assert/strict";
import type { DownloadReport } from "../src/cli/commands/download.ts";
import { ENV_VARS } from "../src/cli/permissions.ts";
import { runDownload, type RunOptions, type RunSummary } from "../src/download/run.ts";
import { INDEX_FILE } from "../src/library/library_dirs.ts";
import { Layout } from "../src/library/layout.ts";
import { SloohClient } from "../src/slooh/client.ts";
import type { Item } from "../src/slooh/types.ts";
import { Simulator, type SimulatorOptions } from "./simulator/mod.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** Result of a CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The `--json` summary of a download or retry run. */
export type { DownloadReport as RunJson } from "../src/cli/commands/download.ts";

/** Environment that points the CLI at a simulator with the account's credentials. */
export function simEnv(sim: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...isolatedEnv(),
    SLOOH_USERNAME: sim.account.username,
    SLOOH_PASSWORD: sim.account.password,
    SLOOH_BASE_URL: sim.apiRoot,
    ...extra,
  };
}

/** Slooh stops answering the picture roll after its first page (HTTP 503 from then on). */
export function failPagesAfterFirst(sim: Simulator): void {
  sim.injectFault({
    kind: "status",
    status: 503,
    target: "api",
    match: "getMyPictures",
    skip: 1,
    times: Infinity,
  });
}

/**
 * `deno run` flags fencing the CLI to the simulator, slooh-dl's variables and these folders (no
 * `--allow-write` when `write` is empty); never prompting.
 */
export function fenceFlags(sim: Simulator, read: string[], write: string[]): string[] {
  return [
    "--no-prompt",
    `--allow-net=${new URL(sim.origin).host}`,
    `--allow-env=${ENV_VARS.join(",")}`,
    "--ignore-env",
    `--allow-read=${read.join(",")}`,
    ...(write.length ? [`--allow-write=${write.join(",")}`] : []),
  ];
}

/** Variables that keep the developer's own config and credentials out of a test run. */
export function isolatedEnv(): Record<string, string> {
  return {
    XDG_CONFIG_HOME: "/nonexistent-slooh-dl-test",
    SLOOH_USERNAME: "",
    SLOOH_PASSWORD: "",
    SLOOH_BASE_URL: "",
    NO_COLOR: "1",
  };
}

/** Spawns `main.ts` with args; `permissions` replaces --allow-all. */
export function cliCommand(
  args: string[],
  env: Record<string, string>,
  permissions: string[] = ["--allow-all"],
): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", ...permissions, MAIN, ...args],
    env: { ...isolatedEnv(), ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

/** Runs `main.ts` with args and waits for it. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  permissions?: string[],
): Promise<CliResult> {
  const out = await cliCommand(args, env, permissions).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** A fresh temporary directory; the caller removes it. */
export async function tempDir(prefix = "slooh-dl-test-"): Promise<string> {
  return await Deno.makeTempDir({ prefix });
}

/** Every file under root (relative paths); the state folder and gallery index only when asked. */
export async function listFiles(root: string, withState = false): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      const p = join(dir, e.name);
      if (e.isDirectory) {
        if (e.name === ".slooh-dl" && !withState) continue;
        await walk(p);
      } else if (withState || dir !== root || e.name !== INDEX_FILE) out.push(relative(root, p));
    }
  };
  await walk(root);
  return out.sort();
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Asserts the library holds exactly the simulated account's files, byte for byte, each with its
 * capture time as mtime, and no partial file anywhere.
 */
export async function assertLibraryMatches(root: string, sim: Simulator): Promise<void> {
  const expected = new Map(sim.expectedFiles().map((f) => [f.sha256(), f]));
  const files = await listFiles(root);
  const seen = new Set<string>();
  for (const rel of files) {
    const bytes = await Deno.readFile(join(root, rel));
    const hash = sha256(bytes);
    const want = expected.get(hash);
    assert.ok(want, `unexpected file in library: ${rel}`);
    assert.ok(!seen.has(hash), `file downloaded twice: ${rel}`);
    seen.add(hash);
    const mtime = (await Deno.stat(join(root, rel))).mtime!;
    assert.equal(mtime.getTime(), want.capturedAt.getTime(), `mtime of ${rel}`);
  }
  const missing = [...expected.values()].filter((f) => !seen.has(f.sha256()));
  assert.deepEqual(missing.map((f) => f.url), [], "files missing from the library");
  const partial = await listFiles(join(root, ".slooh-dl", "partial")).catch(() => []);
  assert.deepEqual(partial, [], "partial files left behind");
}

/** Writes a config file with fast retries for fault tests; returns its path. */
export async function fastConfig(
  dir: string,
  download: Record<string, number | boolean> = {},
): Promise<string> {
  const path = join(dir, "config.json");
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      download: {
        retry_delay: 0.02,
        idle_timeout: 0.5,
        stall_timeout: 0.5,
        timeout: 5,
        ...download,
      },
    }),
  );
  return path;
}

/** The state database of a library, opened read-only. */
export async function readState<T>(
  root: string,
  fn: (db: import("node:sqlite").DatabaseSync) => T,
): Promise<T> {
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(join(root, ".slooh-dl", "state.db"), { readOnly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** What a scenario starts: the simulator's options, and config extras under `download`. */
export type ScenarioOptions = SimulatorOptions & { download?: Record<string, number | boolean> };

/** A CLI result with the `--json` it printed (null when it printed none). */
export type JsonResult = CliResult & { json: DownloadReport };

/**
 * The one test fixture: a simulator, a scratch folder with a library folder and a fast-retry
 * config, and runners. `cli` spawns the CLI against the simulator, `runJson` a command on the
 * library with `--json`, `run` a `download --json`; `download` runs the pipeline in process.
 * Dispose of it with `await using`, or call `dispose`.
 */
export async function scenario(opts: ScenarioOptions = {}) {
  const sim = await Simulator.start(opts);
  const dir = await tempDir();
  const lib = join(dir, "lib");
  const config = await fastConfig(dir, opts.download);
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, simEnv(sim, env));
  const runJson = async (args: string[] = ["download"]): Promise<JsonResult> => {
    const r = await cli(["--config", config, ...args, "-d", lib, "--json"]);
    let json = null as unknown as DownloadReport;
    try {
      json = JSON.parse(r.stdout);
    } catch { /* not every failure prints JSON */ }
    return { ...r, json };
  };
  const download = (extra: Partial<RunOptions> = {}): Promise<RunSummary> =>
    runDownload({
      root: lib,
      layout: new Layout(),
      client: new SloohClient({
        baseUrl: sim.apiRoot,
        username: sim.account.username,
        password: sim.account.password,
        retryBaseMs: 5,
      }),
      concurrency: 2,
      rateLimit: 0,
      retries: 3,
      retryBaseMs: 5,
      idleTimeoutMs: 2000,
      stallTimeoutMs: 2000,
      pageSize: 50,
      pictures: true,
      fits: true,
      all: false,
      adoptBySize: true,
      dryRun: false,
      ...extra,
    });
  const dispose = async () => {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  };
  return {
    sim,
    dir,
    lib,
    config,
    cli,
    runJson,
    run: (...extra: string[]) => runJson(["download", ...extra]),
    download,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

/** A started scenario. */
export type Scenario = Awaited<ReturnType<typeof scenario>>;

/** Runs fn with a fresh scenario and disposes of it after. */
export async function withScenario(
  opts: ScenarioOptions,
  fn: (t: Scenario) => Promise<void>,
): Promise<void> {
  await using t = await scenario(opts);
  await fn(t);
}

/** Polls `cond` every few ms until it holds; fails when `ms` pass first. */
export async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start >= ms) throw new Error(`waitFor: condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** A domain item for unit tests, "Orion Nebula (M42)" by default. */
export function testItem(over: Partial<Item> = {}): Item {
  return {
    key: "p1",
    kind: "picture",
    imageId: 1,
    customerImageId: null,
    missionId: 7,
    title: "Orion Nebula (M42)",
    telescope: "Canary Two",
    instrument: "Highmag",
    capturedAt: new Date("2025-09-05T21:30:00Z"),
    url: "https://x/y.png",
    filename: "y.png",
    ...over,
  };
}

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import {
  BuildError,
  compileArgs,
  executableName,
  explainFailure,
  parseArgs,
  permissionFlags,
  resolveCommit,
  ROOT,
  TARGETS,
  writeStamp,
} from "../../scripts/compile.ts";
import { ENV_VARS, SLOOH_HOSTS } from "../../src/cli/permissions.ts";
import { VERSION } from "../../src/version.ts";
import { Simulator } from "../simulator/mod.ts";
import { assertLibraryMatches, isolatedEnv, simEnv, tempDir } from "../helpers.ts";

const SCRIPT = join(ROOT, "scripts", "compile.ts");
const dec = new TextDecoder();

async function runScript(args: string[], env: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", "--allow-env", "--allow-run", SCRIPT, ...args],
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("compile builds the five platforms by default, one per runtime with DENORT_BIN", () => {
  const none = () => undefined;
  assert.deepEqual(parseArgs([], none).targets, [...TARGETS]);
  assert.deepEqual(TARGETS.map(executableName), [
    "slooh-dl-x86_64-unknown-linux-gnu",
    "slooh-dl-aarch64-unknown-linux-gnu",
    "slooh-dl-x86_64-apple-darwin",
    "slooh-dl-aarch64-apple-darwin",
    "slooh-dl-x86_64-pc-windows-msvc.exe",
  ]);
  const denort = (n: string) => n === "DENORT_BIN" ? "/opt/denort" : undefined;
  assert.deepEqual(parseArgs([], denort, "aarch64-apple-darwin").targets, ["aarch64-apple-darwin"]);
  assert.deepEqual(parseArgs(["--target=x86_64-pc-windows-msvc"], denort).targets, [
    "x86_64-pc-windows-msvc",
  ]);
  assert.throws(
    () => parseArgs(["--target", TARGETS[0], "--target", TARGETS[1]], denort),
    (e) => e instanceof BuildError && /single --target/.test(e.message),
  );
  assert.throws(() => parseArgs(["--target", "riscv64-linux"], none), /unknown target/);
  assert.throws(() => parseArgs(["--frobnicate"], none), /unknown option/);
  const o = parseArgs(
    ["--library", "/srv/slooh", "--allow-host", "127.0.0.1:9", "--out", "/o"],
    none,
  );
  assert.equal(o.library, "/srv/slooh");
  assert.deepEqual(o.extraHosts, ["127.0.0.1:9"]);
  assert.equal(o.outDir, "/o");
  assert.equal(parseArgs([], none).outDir, join(ROOT, "dist"));
});

Deno.test("the baked permissions: Slooh's hosts and variables; paths as narrow as the library", () => {
  const any = permissionFlags({ library: null, extraHosts: [] });
  assert.deepEqual(any, [
    `--allow-net=${SLOOH_HOSTS.join(",")}`,
    `--allow-env=${ENV_VARS.join(",")}`,
    "--ignore-env",
    "--allow-read",
    "--allow-write",
    "--no-prompt",
  ]);
  const narrow = permissionFlags({ library: "/srv/slooh", extraHosts: [] });
  assert.ok(narrow.includes("--allow-write=/srv/slooh"), narrow.join(" "));
  assert.ok(narrow.some((f) => f.startsWith("--allow-read=/srv/slooh,")), narrow.join(" "));
  assert.ok(!narrow.includes("--allow-read") && !narrow.includes("--allow-write"));
  const args = compileArgs(TARGETS[4], "/o/x.exe", "/b/map.json", any);
  assert.deepEqual(args.slice(0, 8), [
    "compile",
    "--target",
    "x86_64-pc-windows-msvc",
    "--output",
    "/o/x.exe",
    "--import-map",
    "/b/map.json",
    "--no-check",
  ]);
  assert.equal(args.at(-1), join(ROOT, "main.ts"));
});

Deno.test("--version shows the stamped commit through the generated import map", async () => {
  const dir = await tempDir();
  try {
    const map = await writeStamp(dir, "0123456789ab");
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--import-map", map, join(ROOT, "main.ts"), "--version"],
      env: isolatedEnv(),
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, dec.decode(out.stderr));
    assert.equal(dec.decode(out.stdout).trim(), `${VERSION} (0123456789ab)`);
    // The source itself is untouched: a plain run has no commit.
    const plain = await new Deno.Command(Deno.execPath(), {
      args: ["run", join(ROOT, "main.ts"), "--version"],
      stdout: "piped",
    }).output();
    assert.equal(dec.decode(plain.stdout).trim(), VERSION);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the commit comes from SLOOH_DL_COMMIT, else from git", async () => {
  assert.equal(
    await resolveCommit((n) => n === "SLOOH_DL_COMMIT" ? " v1-abc " : undefined),
    "v1-abc",
  );
  const fromGit = await resolveCommit(() => undefined);
  assert.match(fromGit, /^([0-9a-f]{12}(-dirty)?)?$/);
});

Deno.test("a runtime that cannot be downloaded is explained, naming DENORT_BIN", () => {
  // What `deno compile` prints here, where dl.deno.land is unreachable.
  const stderr = `Check main.ts
Compile main.ts to dist/slooh-dl-x86_64-unknown-linux-gnu
Download https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip
error: Writing deno compile executable to temporary file 'dist/x.tmp-70ddea15c3136cb4'

Caused by:
    0: Setting up base binary.
    1: error sending request for url (https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip): client error (Connect): dns error: failed to lookup address information: Name or service not known
    2: client error (Connect)
    3: dns error
    4: failed to lookup address information: Name or service not known

Stack backtrace:
   0: <unknown>
`;
  const msg = explainFailure("x86_64-unknown-linux-gnu", stderr);
  assert.match(msg, /could not download its runtime for x86_64-unknown-linux-gnu/);
  assert.match(msg, /\(failed to lookup address information: Name or service not known\)/);
  assert.match(
    msg,
    /DENORT_BIN=\/path\/to\/denort deno task compile --target x86_64-unknown-linux-gnu/,
  );
  assert.match(msg, /denort-x86_64-unknown-linux-gnu\.zip/);
  assert.equal(
    explainFailure("x86_64-unknown-linux-gnu", 'error: Module not found "file:///x.ts".\n'),
    'deno compile failed for x86_64-unknown-linux-gnu: Module not found "file:///x.ts".',
  );
});

/** Where `deno compile` keeps runtimes it downloaded; a cached one needs no network. */
async function denortCached(target: string): Promise<boolean> {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
  })
    .output();
  const denoDir = JSON.parse(dec.decode(info.stdout)).denoDir as string;
  try {
    await Deno.stat(
      join(denoDir, "dl", "release", `v${Deno.version.deno}`, `denort-${target}.zip`),
    );
    return true;
  } catch {
    return false;
  }
}

const OFFLINE_TARGET = "aarch64-apple-darwin";

Deno.test({
  name: "without DENORT_BIN and no way to download the runtime, the task fails with that advice",
  ignore: await denortCached(OFFLINE_TARGET),
  async fn() {
    const dir = await tempDir();
    try {
      const env: Record<string, string> = {
        ...isolatedEnv(),
        // Any download attempt fails at once, network or not.
        HTTPS_PROXY: "http://127.0.0.1:9",
        HTTP_PROXY: "http://127.0.0.1:9",
        NO_PROXY: "",
        DENORT_BIN: "",
      };
      const r = await runScript(["--target", OFFLINE_TARGET, "--out", dir], env);
      assert.equal(r.code, 1, r.stderr);
      const last = r.stderr.trim().split("\n").pop()!;
      assert.match(last, /^compile: deno compile could not download its runtime/);
      assert.match(last, /DENORT_BIN=/);
      assert.ok(!r.stderr.includes("Stack backtrace"), r.stderr);

      const missing = await runScript(["--out", dir], { ...env, DENORT_BIN: join(dir, "nope") });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /compile: DENORT_BIN=.*nope does not exist/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const DENORT_BIN = Deno.env.get("DENORT_BIN");

Deno.test({
  name: "the compiled executable downloads a whole account, fenced to its library (DENORT_BIN)",
  ignore: !DENORT_BIN,
  async fn() {
    const sim = await Simulator.start({ accountOptions: { seed: 9, pictures: 20 } });
    const dir = await tempDir();
    const lib = join(dir, "library");
    const out = join(dir, "dist");
    try {
      const host = new URL(sim.origin).host;
      const built = await runScript(
        ["--library", lib, "--allow-host", host, "--out", out],
        { ...simEnv(sim), DENORT_BIN: DENORT_BIN!, SLOOH_DL_COMMIT: "feedfacecafe" },
      );
      assert.equal(built.code, 0, built.stderr);
      const exe = join(out, executableName(Deno.build.target));
      const sums = await Deno.readTextFile(join(out, "SHA256SUMS"));
      const hash = createHash("sha256").update(await Deno.readFile(exe)).digest("hex");
      assert.equal(sums, `${hash}  ${executableName(Deno.build.target)}\n`);

      const run = async (args: string[]) => {
        const o = await new Deno.Command(exe, {
          args,
          env: simEnv(sim),
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output();
        return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
      };
      const version = await run(["--version"]);
      assert.equal(version.stdout.trim(), `${VERSION} (feedfacecafe)`);

      const r = await run(["download", "-d", lib, "--json"]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).downloaded, sim.expectedFiles().length);
      await assertLibraryMatches(lib, sim);

      // Another library is outside what this executable was built for: one line, exit 2.
      const other = await run(["download", "-d", join(dir, "other")]);
      assert.equal(other.code, 2);
      assert.match(other.stderr, /^error: this slooh-dl executable was built without --allow-/);
      assert.equal(other.stderr.trim().split("\n").length, 1);
    } finally {
      await sim.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

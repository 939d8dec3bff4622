import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import {
  BuildError,
  checkBuilt,
  compileArgs,
  executableName,
  explainFailure,
  parseArgs,
  permissionFlags,
  shellLine,
  TARGETS,
  WORKER_MODULES,
  writeSums,
} from "../../scripts/compile.ts";
import { ROOT } from "../../scripts/stamp.ts";
import { ENV_VARS, SLOOH_HOSTS } from "../../src/cli/permissions.ts";
import { tempDir } from "../helpers.ts";

const none = () => undefined;

Deno.test("compile builds the five platforms by default, one per runtime with DENORT_BIN", () => {
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
    (e) => e instanceof BuildError && /single --target/.test(e.message) && e.exitCode === 2,
  );
  // An empty DENORT_BIN is no runtime: every target again.
  assert.deepEqual(parseArgs([], (n) => n === "DENORT_BIN" ? "" : undefined).targets, [
    ...TARGETS,
  ]);
  const o = parseArgs(
    ["--library", "/srv/slooh", "--allow-host", "127.0.0.1:9", "--out", "/o", "--print"],
    none,
  );
  assert.equal(o.library, "/srv/slooh");
  assert.deepEqual(o.extraHosts, ["127.0.0.1:9"]);
  assert.equal(o.outDir, "/o");
  assert.equal(o.print, true);
  assert.equal(parseArgs([], none).outDir, join(ROOT, "dist"));
  assert.equal(parseArgs([], none).print, false);
});

Deno.test("bad options are usage errors (exit 2); --help wins over them", () => {
  for (
    const [args, message] of [
      [["--target", "riscv64-linux"], /^unknown target riscv64-linux; known: x86_64-unknown/],
      [["--frobnicate"], /^unknown option --frobnicate \(see --help\)$/],
      [["--print=yes"], /^unknown option --print=yes/],
      [["--out"], /^--out needs a value/],
    ] as const
  ) {
    assert.throws(
      () => parseArgs([...args], none),
      (e) => e instanceof BuildError && message.test(e.message) && e.exitCode === 2,
    );
  }
  assert.equal(parseArgs(["--frobnicate", "--help"], none).help, true);
  assert.equal(parseArgs(["-h"], none).help, true);
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
  // Workers are loaded by URL, so each is embedded by name; the files are really there.
  const included = args.flatMap((a, i) => args[i - 1] === "--include" ? [a] : []);
  assert.deepEqual(included, WORKER_MODULES.map((m) => join(ROOT, m)));
  for (const worker of included) assert.ok(Deno.statSync(worker).isFile, worker);
});

Deno.test("--print lines quote what a shell would split", () => {
  assert.equal(
    shellLine(["deno", "compile", "--allow-net=a.com,b.com:443", "/my dir/it's.ts"]),
    `deno compile --allow-net=a.com,b.com:443 '/my dir/it'\\''s.ts'`,
  );
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
  // What `deno compile` says when given a Linux runtime for Windows.
  assert.equal(
    explainFailure("x86_64-pc-windows-msvc", "error: Invalid object: Failed to parse PE\n", "/d"),
    "deno compile failed for x86_64-pc-windows-msvc: Invalid object: Failed to parse PE " +
      "(is DENORT_BIN=/d the runtime of x86_64-pc-windows-msvc?)",
  );
});

Deno.test("a built file of another platform, or one that does not run, is refused", async () => {
  // This machine's deno is a real executable of this machine's target only.
  const other = TARGETS.find((t) => t !== Deno.build.target)!;
  await assert.rejects(
    () => checkBuilt(other, Deno.execPath(), "", "/opt/denort"),
    (e) =>
      e instanceof BuildError &&
      e.message.includes(`is not the runtime of ${other}`) &&
      e.message.includes("DENORT_BIN=/opt/denort") &&
      e.message.includes(`denort-${other}.zip`) && !e.message.includes("\n"),
  );
  const dir = await tempDir();
  try {
    const script = join(dir, "slooh-dl-x");
    await Deno.writeTextFile(script, "#!/bin/sh\necho 0.1.0\n");
    await assert.rejects(
      () => checkBuilt(Deno.build.target, script, ""),
      (e) =>
        e instanceof BuildError &&
        e.message.startsWith("slooh-dl-x is no ELF, Mach-O or PE executable, not ") &&
        e.message.includes("the runtime deno compile used is not the runtime of"),
    );
    // The right header but no working program (here a cut-off deno): refused, not kept.
    const cut = join(dir, executableName(Deno.build.target));
    await Deno.writeFile(cut, (await Deno.readFile(Deno.execPath())).subarray(0, 65536));
    await Deno.chmod(cut, 0o755).catch(() => {}); // no modes on Windows
    await assert.rejects(
      () => checkBuilt(Deno.build.target, cut, "abc"),
      (e) =>
        e instanceof BuildError && !e.message.includes("\n") &&
        /(answers --version with .* \(exit \d+\), not "[^"]+ \(abc\)"|does not start)/.test(
          e.message,
        ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SHA256SUMS lists every executable in the folder, not only the last built", async () => {
  const dir = await tempDir();
  try {
    const sha = (text: string) => createHash("sha256").update(text).digest("hex");
    await Deno.writeTextFile(join(dir, executableName(TARGETS[2])), "mac");
    await Deno.writeTextFile(join(dir, executableName(TARGETS[4])), "win");
    await Deno.writeTextFile(join(dir, "notes.txt"), "not an executable");
    assert.deepEqual(await writeSums(dir), [
      executableName(TARGETS[2]),
      executableName(TARGETS[4]),
    ]);
    assert.equal(
      await Deno.readTextFile(join(dir, "SHA256SUMS")),
      `${sha("mac")}  slooh-dl-x86_64-apple-darwin\n` +
        `${sha("win")}  slooh-dl-x86_64-pc-windows-msvc.exe\n`,
    );
    // Nothing left to list: no SHA256SUMS naming files that are gone.
    await Deno.remove(join(dir, executableName(TARGETS[2])));
    await Deno.remove(join(dir, executableName(TARGETS[4])));
    assert.deepEqual(await writeSums(dir), []);
    await assert.rejects(() => Deno.stat(join(dir, "SHA256SUMS")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { targetMachine } from "../../scripts/binary_header.ts";
import { executableName, TARGETS } from "../../scripts/compile.ts";
import { ROOT, stampDir, writeStamp } from "../../scripts/stamp.ts";
import { VERSION } from "../../src/version.ts";
import { Simulator } from "../simulator/mod.ts";
import { assertLibraryMatches, isolatedEnv, simEnv, tempDir } from "../helpers.ts";

const SCRIPT = join(ROOT, "scripts", "compile.ts");
const dec = new TextDecoder();

/** Runs the compile script with `env` over this process's, whose DENORT_BIN it gets only when asked. */
async function runScript(args: string[], env: Record<string, string>) {
  const inherited = Deno.env.toObject();
  delete inherited.DENORT_BIN;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", "--allow-env", "--allow-run", SCRIPT, ...args],
    clearEnv: true,
    env: { ...inherited, ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Runs `deno run --import-map <map> <main> --version` from `cwd`. */
async function versionVia(map: string, main: string, cwd: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--import-map", map, main, "--version"],
    cwd,
    env: isolatedEnv(),
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: dec.decode(out.stdout).trim(), stderr: dec.decode(out.stderr) };
}

/**
 * Lays the program out as a compiled executable does: only the local modules of the graph under
 * that map (so src/version.ts, which the map replaces, is not there), and the map itself, at their
 * paths relative to the repository but under another folder. Returns the moved map and main.ts.
 */
async function unpackLikeCompile(map: string, into: string) {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "--import-map", map, join(ROOT, "main.ts")],
    stdout: "piped",
  }).output();
  const modules = (JSON.parse(dec.decode(info.stdout)).modules as { specifier: string }[])
    .map((m) => m.specifier).filter((s) => s.startsWith("file:")).map((s) => fileURLToPath(s));
  const place = (file: string) => join(into, relative(ROOT, file));
  for (const file of [...modules, map]) {
    await Deno.mkdir(dirname(place(file)), { recursive: true });
    await Deno.copyFile(file, place(file));
  }
  return { modules, map: place(map), main: place(join(ROOT, "main.ts")) };
}

Deno.test("--version shows version and commit from a moved tree, as a compiled executable runs", async () => {
  const dir = await tempDir();
  const stamp = stampDir("moved-tree-test");
  try {
    const map = await writeStamp(stamp, "0123456789ab");
    const moved = await unpackLikeCompile(map, join(dir, "unpacked"));
    assert.ok(!moved.modules.includes(join(ROOT, "src", "version.ts")), "only the stamp embedded");
    const r = await versionVia(moved.map, moved.main, dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${VERSION} (0123456789ab)`);

    // A map keyed by the build machine's file:// paths (what every executable had) fails there.
    const absolute = join(stamp, "absolute_map.json");
    const { imports } = JSON.parse(await Deno.readTextFile(map));
    for (const k of Object.keys(imports)) if (k.endsWith("version.ts")) delete imports[k];
    imports[pathToFileURL(join(ROOT, "src", "version.ts")).href] =
      pathToFileURL(join(stamp, "version.ts")).href;
    await Deno.writeTextFile(absolute, JSON.stringify({ imports }));
    const old = await unpackLikeCompile(absolute, join(dir, "unpacked-old"));
    const broken = await versionVia(old.map, old.main, dir);
    assert.notEqual(broken.code, 0);
    assert.match(broken.stderr, /Module not found.*src\/version\.ts/);

    // The source itself is untouched: a plain run has no commit.
    const plain = await new Deno.Command(Deno.execPath(), {
      args: ["run", join(ROOT, "main.ts"), "--version"],
      stdout: "piped",
    }).output();
    assert.equal(dec.decode(plain.stdout).trim(), VERSION);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(stamp, { recursive: true });
  }
});

Deno.test("--help explains the task; --print shows the deno compile commands and builds nothing", async () => {
  const dir = await tempDir();
  try {
    const help = await runScript(["--help"], {});
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: deno task compile \[options\]/);
    for (
      const word of ["--target", "--library", "--allow-host", "--out", "--print", "DENORT_BIN"]
    ) {
      assert.ok(help.stdout.includes(word), word);
    }
    const printed = await runScript(
      ["--print", "--out", dir, "--target", TARGETS[1]],
      { SLOOH_DL_COMMIT: "feedfacecafe" },
    );
    assert.equal(printed.code, 0, printed.stderr);
    const lines = printed.stdout.trim().split("\n");
    assert.equal(lines.length, 1);
    const out = join(dir, executableName(TARGETS[1]));
    assert.match(lines[0], new RegExp(`^deno compile --target ${TARGETS[1]} --output ${out} `));
    for (const worker of ["src/gallery/preview_worker.ts", "src/library/hash_worker.ts"]) {
      assert.ok(lines[0].includes(` --include ${join(ROOT, worker)} `), worker);
    }
    const map = lines[0].match(/--import-map (\S+)/)![1];
    assert.ok(map.startsWith(stampDir("feedfacecafe")), map);
    assert.match(await Deno.readTextFile(join(dirname(map), "version.ts")), /"feedfacecafe"/);
    assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing built");

    const all = await runScript(["--print"], { SLOOH_DL_COMMIT: "feedfacecafe" });
    assert.equal(all.stdout.trim().split("\n").length, TARGETS.length);

    const bad = await runScript(["--frobnicate"], {});
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim(), "compile: unknown option --frobnicate (see --help)");
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(stampDir("feedfacecafe"), { recursive: true });
  }
});

Deno.test("a full deno given as DENORT_BIN is refused, and one of another CPU too", async () => {
  const dir = await tempDir();
  try {
    // An executable from an earlier build stays listed in SHA256SUMS.
    const earlier = join(dir, executableName("x86_64-pc-windows-msvc"));
    await Deno.writeTextFile(earlier, "earlier build");
    const env = { ...isolatedEnv(), DENORT_BIN: Deno.execPath(), SLOOH_DL_COMMIT: "feedfacecafe" };

    const host = await runScript(["--out", dir], env);
    assert.equal(host.code, 1, host.stderr);
    const line = host.stderr.trim().split("\n").at(-1)!;
    assert.match(
      line,
      new RegExp(
        `^compile: ${executableName(Deno.build.target)} answers --version with "deno ${
          Deno.version.deno.replaceAll(".", "\\.")
        } .*": DENORT_BIN=.* is a full deno, not the runtime denort \\(https://dl\\.deno\\.land/`,
      ),
    );
    assert.ok(!host.stderr.includes("built "), host.stderr);

    // The same format for another CPU, where a release has one (deno compile itself refuses
    // a runtime of another format).
    const format = targetMachine(Deno.build.target).format;
    const other = TARGETS.find((t) =>
      t !== Deno.build.target && targetMachine(t).format === format
    );
    if (other) {
      const cross = await runScript(["--out", dir, "--target", other], env);
      assert.equal(cross.code, 1, cross.stderr);
      assert.match(
        cross.stderr.trim().split("\n").at(-1)!,
        new RegExp(
          `^compile: ${executableName(other)} is ${format} ${Deno.build.arch}, not ` +
            `${format} ${targetMachine(other).cpu}: DENORT_BIN=.* is not the runtime of ${other} `,
        ),
      );
    }

    // Neither wrong file is left looking built; the earlier one is still listed.
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["SHA256SUMS", executableName("x86_64-pc-windows-msvc")]);
    const hash = createHash("sha256").update("earlier build").digest("hex");
    assert.equal(
      await Deno.readTextFile(join(dir, "SHA256SUMS")),
      `${hash}  ${executableName("x86_64-pc-windows-msvc")}\n`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
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
        // deno compile's download of its runtime fails at once, network or not.
        HTTPS_PROXY: "http://127.0.0.1:9",
        HTTP_PROXY: "http://127.0.0.1:9",
        NO_PROXY: "",
      };
      const r = await runScript(["--target", OFFLINE_TARGET, "--out", dir], env);
      assert.equal(r.code, 1, r.stderr);
      const last = r.stderr.trim().split("\n").pop()!;
      assert.match(
        last,
        new RegExp(
          `^compile: deno compile could not download its runtime for ${OFFLINE_TARGET} ` +
            `\\(Connection refused.*\\)\\. .*DENORT_BIN=/path/to/denort deno task compile`,
        ),
      );
      assert.ok(!r.stderr.includes("Stack backtrace"), r.stderr);
      assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing built, no SHA256SUMS");

      // An empty DENORT_BIN is no runtime: the download is tried, not a runtime at ''.
      const empty = await runScript(["--target", OFFLINE_TARGET, "--out", dir], {
        ...env,
        DENORT_BIN: "",
      });
      assert.equal(empty.code, 1);
      assert.match(empty.stderr, /could not download its runtime/);

      const missing = await runScript(["--out", dir], { ...env, DENORT_BIN: join(dir, "nope") });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /compile: DENORT_BIN=.*nope does not exist/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const DENORT_BIN = Deno.env.get("DENORT_BIN") || undefined;

Deno.test({
  name: "the compiled executable downloads a whole account, fenced to its library",
  // A runtime is at hand: DENORT_BIN (the release workflow's), or one deno compile downloaded.
  ignore: !DENORT_BIN && !await denortCached(Deno.build.target),
  async fn() {
    const sim = await Simulator.start({ accountOptions: { seed: 9, pictures: 20 } });
    const dir = await tempDir();
    const lib = join(dir, "library");
    const out = join(dir, "dist");
    try {
      const host = new URL(sim.origin).host;
      const built = await runScript(
        ["--library", lib, "--allow-host", host, "--out", out, "--target", Deno.build.target],
        {
          ...simEnv(sim),
          ...(DENORT_BIN ? { DENORT_BIN } : {}),
          SLOOH_DL_COMMIT: "feedfacecafe",
        },
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

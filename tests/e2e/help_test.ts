/** Help, version and shell completions. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { VERSION } from "../../src/version.ts";
import { isolatedEnv, runCli, tempDir } from "../helpers.ts";

const COMMANDS = [
  "configure",
  "login",
  "download",
  "retry",
  "missions",
  "stats",
  "refile",
  "completions",
];

Deno.test("every command has --help with an example, exit 0", async () => {
  const results = await Promise.all(
    [[], ...COMMANDS.map((c) => [c])].map((c) => runCli([...c, "--help"], isolatedEnv())),
  );
  for (const [i, r] of results.entries()) {
    const name = i === 0 ? "slooh-dl" : COMMANDS[i - 1];
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    assert.match(r.stdout, /^Usage: slooh-dl/m, name);
    assert.match(r.stdout, /Examples?:\n {2}\S/, `${name} --help has no example`);
    assert.match(r.stdout, /slooh-dl \w+/, name);
  }
  // The top-level help lists every command.
  for (const c of COMMANDS) assert.match(results[0].stdout, new RegExp(`^ {2}${c}\\b`, "m"));
});

Deno.test("--version prints the version; an unknown command is a usage error", async () => {
  const v = await runCli(["--version"], isolatedEnv());
  assert.equal(v.code, 0);
  assert.equal(v.stdout.trim(), VERSION);
  const bad = await runCli(["donwload"], isolatedEnv());
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: unknown command 'donwload'\n\(Did you mean download\?\)\n/);
});

/** Runs a shell command line if the shell is installed; null when it is not. */
async function shell(name: string, args: string[]): Promise<string | null> {
  try {
    const out = await new Deno.Command(name, { args, stdout: "piped", stderr: "piped" }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    return text;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

Deno.test("completions: the bash script completes commands, options and folders", async () => {
  const dir = await tempDir();
  try {
    const r = await runCli(["completions", "bash"], isolatedEnv());
    assert.equal(r.code, 0, r.stderr);
    const script = join(dir, "slooh-dl.bash");
    await Deno.writeTextFile(script, r.stdout);
    await Deno.mkdir(join(dir, "pics"));
    await Deno.mkdir(join(dir, "My Pictures"));
    const complete = async (...words: string[]) => {
      const line = `source '${script}'; COMP_WORDS=(${
        words.map((w) => `'${w}'`).join(" ")
      }); COMP_CWORD=${words.length - 1}; _slooh_dl; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const out = await shell("bash", ["-c", `cd '${dir}' && ${line}`]);
      assert.ok(out !== null, "bash is needed for this test");
      return out.trim().split("\n").filter(Boolean).sort();
    };
    assert.deepEqual(await complete("slooh-dl", "dow"), ["download"]);
    assert.deepEqual(await complete("slooh-dl", "m"), ["missions"]);
    assert.deepEqual(await complete("slooh-dl", "download", "--si"), ["--since"]);
    assert.deepEqual(await complete("slooh-dl", "-v", "download", "--dr"), ["--dry-run"]);
    assert.deepEqual(await complete("slooh-dl", "stats", "--t"), ["--top"]);
    assert.deepEqual(await complete("slooh-dl", "download", "-d", "pi"), ["pics"]);
    assert.deepEqual(await complete("slooh-dl", "completions", ""), ["bash", "fish", "zsh"]);
    assert.deepEqual(await complete("slooh-dl", "download", "--since", ""), []);
    // A folder with a space is one word; a value with choices offers them.
    assert.deepEqual(await complete("slooh-dl", "download", "-d", "My"), ["My Pictures"]);
    assert.deepEqual(await complete("slooh-dl", "export", "--format", ""), [
      "csv",
      "json",
      "sha256sum",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("completions: zsh and fish scripts name every command and option", async () => {
  const dir = await tempDir();
  try {
    const help = await runCli(["download", "--help"], isolatedEnv());
    const longOptions = [...help.stdout.matchAll(/(--[a-z-]+)/g)].map((m) => m[1]);
    assert.ok(longOptions.includes("--since") && longOptions.includes("--telescope"));
    for (const sh of ["zsh", "fish"]) {
      const r = await runCli(["completions", sh], isolatedEnv());
      assert.equal(r.code, 0, r.stderr);
      for (const c of COMMANDS) assert.ok(r.stdout.includes(c), `${sh}: ${c} missing`);
      for (const o of longOptions) {
        const name = sh === "fish" ? `-l ${o.slice(2)}` : o;
        assert.ok(r.stdout.includes(name), `${sh}: ${o} missing`);
      }
      const file = join(dir, `completion.${sh}`);
      await Deno.writeTextFile(file, r.stdout);
      // Syntax-checked where the shell is installed.
      await shell(sh, ["-n", file]);
    }
    const fish = await shell("fish", [
      "-c",
      `source ${join(dir, "completion.fish")}; complete -C 'slooh-dl download --tel'`,
    ]);
    if (fish !== null) assert.match(fish, /^--telescope\t/);
    const format = await shell("fish", [
      "-c",
      `source ${join(dir, "completion.fish")}; complete -C 'slooh-dl export --format '`,
    ]);
    if (format !== null) {
      assert.deepEqual(format.trim().split("\n").map((l) => l.split("\t")[0]), [
        "csv",
        "json",
        "sha256sum",
      ]);
    }

    const bad = await runCli(["completions", "powershell"], isolatedEnv());
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bash, zsh, fish/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** `configure` by its flags, as a subprocess. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Simulator } from "../simulator/mod.ts";
import { runCli, simEnv, tempDir } from "../helpers.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

const modeOf = async (path: string) => (await Deno.stat(path)).mode! & 0o777;

Deno.test("configure by flags as a subprocess: user config file, mode 0600, password only on request", async () => {
  const sim = await Simulator.start({ accountOptions: { seed: 6, pictures: 8 } });
  const dir = await tempDir();
  try {
    const xdg = join(dir, "xdg");
    const file = join(xdg, "slooh-dl", "config.json");
    const env = simEnv(sim, { XDG_CONFIG_HOME: xdg });
    const r = await runCli([
      "configure",
      "--username",
      sim.account.username,
      "-d",
      join(dir, "lib"),
      "--file-template",
      "{date}_{filename}",
      "--no-fits",
      "--concurrency",
      "3",
    ], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Saved .*config\.json/);
    assert.equal(await modeOf(file), 0o600);
    assert.equal((await Deno.stat(join(xdg, "slooh-dl"))).mode! & 0o777, 0o700);
    const text = await Deno.readTextFile(file);
    assert.ok(!text.includes(sim.account.password), "password stored without --store-password");
    const saved = JSON.parse(text);
    assert.equal(saved.folders.filename_template, "{date}_{filename}");
    assert.equal(saved.download.fits, false);
    assert.equal(saved.download.threads, 3);
    // Three example paths, with the chosen file template.
    const preview = r.stderr.split("\n").filter((l) => l.startsWith(`  ${join(dir, "lib")}/`));
    assert.equal(preview.length, 3, r.stderr);
    for (const l of preview) assert.match(l, /\/\d{4}-\d\d-\d\d_[^/]+$/);

    // The password from stdin, stored on explicit request, then usable with no environment.
    const proc = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", MAIN, "configure", "--password-stdin", "--store-password"],
      env: { ...env, SLOOH_PASSWORD: "", SLOOH_USERNAME: "" },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const w = proc.stdin.getWriter();
    await w.write(new TextEncoder().encode(sim.account.password + "\n"));
    await w.close();
    const done = await proc.output();
    const stderr = new TextDecoder().decode(done.stderr);
    assert.equal(done.code, 0, stderr);
    assert.match(stderr, /warning: the password is stored in plain text/);
    assert.equal(await modeOf(file), 0o600);
    const stored = JSON.parse(await Deno.readTextFile(file));
    assert.equal(stored.slooh.password, sim.account.password);
    assert.equal(stored.download.threads, 3, "a flagless re-run kept the current values");

    const login = await runCli(["login", "--json"], {
      ...env,
      SLOOH_USERNAME: "",
      SLOOH_PASSWORD: "",
    });
    assert.equal(login.code, 0, login.stderr);
    assert.equal(JSON.parse(login.stdout).displayName, sim.account.displayName);

    // And --no-store-password takes it out again.
    const removed = await runCli(["configure", "--no-store-password"], env);
    assert.equal(removed.code, 0, removed.stderr);
    assert.ok(!(await Deno.readTextFile(file)).includes(sim.account.password));
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("configure never prompts without a terminal and never takes a password flag", async () => {
  const dir = await tempDir();
  try {
    const env = { XDG_CONFIG_HOME: dir };
    const none = await runCli(["configure"], env);
    assert.equal(none.code, 2, none.stderr);
    assert.match(none.stderr, /^error: No Slooh username: pass --username/);
    const r = await runCli(["configure", "--username", "me@example.com"], env);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^error: No password to check the login with/);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);

    const flag = await runCli(["configure", "--password", "x"], env);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /unknown option '--password'/);

    // A library that is a file, or inside one, is refused before anything is saved.
    const file = join(dir, "a-file");
    await Deno.writeTextFile(file, "x");
    for (const lib of [file, join(file, "lib")]) {
      const r = await runCli([
        "configure",
        "--yes",
        "--no-check",
        "--username",
        "me@example.com",
        "-d",
        lib,
      ], env);
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        /\nerror: The library .*a-file.* (is|is inside) a file, not a folder\n$/,
      );
    }
    await assert.rejects(Deno.stat(join(dir, "slooh-dl", "config.json")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("configure --base-url, --directory or --library, and a Next: hint that repeats them", async () => {
  const sim = await Simulator.start({ accountOptions: { seed: 7, pictures: 3 } });
  const dir = await tempDir();
  try {
    const config = join(dir, "my config.json");
    const lib = join(dir, "lib");
    // No SLOOH_BASE_URL: the flag alone points configure at the simulator.
    const env = simEnv(sim, { SLOOH_BASE_URL: "" });
    for (const flag of ["--directory", "--library", "-d"]) {
      const r = await runCli([
        "--config",
        config,
        "configure",
        "--username",
        sim.account.username,
        "--base-url",
        sim.apiRoot,
        flag,
        lib,
      ], env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /Logged in as/);
      const next = r.stderr.split("\n").find((l) => l.startsWith("Next: "));
      assert.equal(next, `Next: slooh-dl --config '${config}' download -d ${lib}`);
      const saved = JSON.parse(await Deno.readTextFile(config));
      assert.equal(saved.slooh.base_url, sim.apiRoot);
      assert.equal(saved.folders.base_path, lib);
    }
    // The saved URL serves the next download without any environment.
    const run = await runCli(["--config", config, "download", "--no-fits"], env);
    assert.equal(run.code, 0, run.stderr);

    const bad = await runCli(
      [
        "--config",
        join(dir, "other.json"),
        "configure",
        "--yes",
        "--no-check",
        "--base-url",
        "ftp://x",
      ],
      env,
    );
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /^error: Invalid Slooh API URL/m);
    await assert.rejects(Deno.stat(join(dir, "other.json")));
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

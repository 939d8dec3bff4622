/** `configure`: driven by scripted answers (in process) and by its flags (as a subprocess). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { configure, type ConfigureFlags } from "../../src/cli/commands/configure.ts";
import { Output } from "../../src/cli/output.ts";
import type { Prompter } from "../../src/cli/prompter.ts";
import { AuthError, ConfigError } from "../../src/errors.ts";
import { objectName } from "../../src/library/catalog.ts";
import { Simulator } from "../simulator/mod.ts";
import { runCli, simEnv, tempDir } from "../helpers.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** One question as the scripted prompter saw it. */
interface Asked {
  name: string;
  message: string;
  default?: unknown;
  rejected?: string;
}

/** Answers questions by name, in order; "" takes the default, as Enter does on a terminal. */
class ScriptedPrompter implements Prompter {
  asked: Asked[] = [];
  constructor(private answers: Record<string, unknown[]>) {}

  #next(name: string): unknown {
    const queue = this.answers[name];
    if (!queue?.length) throw new Error(`unexpected question: ${name}`);
    return queue.shift();
  }

  input(q: Parameters<Prompter["input"]>[0]): Promise<string> {
    for (;;) {
      const asked: Asked = { name: q.name, message: q.message, default: q.default };
      this.asked.push(asked);
      const raw = this.#next(q.name) as string;
      const value = raw === "" ? q.default ?? "" : raw;
      const ok = q.validate ? q.validate(value) : true;
      if (ok === true) return Promise.resolve(value);
      asked.rejected = ok;
    }
  }
  password(q: Parameters<Prompter["password"]>[0]): Promise<string> {
    this.asked.push({ name: q.name, message: q.message });
    return Promise.resolve(this.#next(q.name) as string);
  }
  confirm(q: Parameters<Prompter["confirm"]>[0]): Promise<boolean> {
    this.asked.push({ name: q.name, message: q.message, default: q.default });
    const a = this.#next(q.name);
    return Promise.resolve(a === "" ? q.default ?? false : a as boolean);
  }
  number(q: Parameters<Prompter["number"]>[0]): Promise<number> {
    this.asked.push({ name: q.name, message: q.message, default: q.default });
    const a = this.#next(q.name);
    return Promise.resolve(a === "" ? q.default! : a as number);
  }
  /** The default shown for a question (the last time it was asked). */
  defaultOf(name: string): unknown {
    return this.asked.findLast((a) => a.name === name)?.default;
  }
  /** Fails when a scripted answer was never asked for. */
  assertAllUsed(): void {
    const left = Object.entries(this.answers).filter(([, q]) => q.length);
    assert.deepEqual(left, [], "scripted answers left over");
  }
}

/** An Output that keeps its lines instead of printing them. */
class CapturedOutput extends Output {
  lines: string[] = [];
  constructor() {
    super({ quiet: false, verbose: false, color: false });
  }
  override stderr(text: string): void {
    this.lines.push(text);
  }
}

async function withConfigure(
  fn: (o: {
    sim: Simulator;
    dir: string;
    file: string;
    run(flags: ConfigureFlags, p: Prompter | null, env?: Record<string, string>): Promise<
      { result: Awaited<ReturnType<typeof configure>>; out: CapturedOutput }
    >;
  }) => Promise<void>,
): Promise<void> {
  const sim = await Simulator.start({ accountOptions: { seed: 6, pictures: 12 } });
  const dir = await tempDir();
  const file = join(dir, "cfg", "config.json");
  try {
    await fn({
      sim,
      dir,
      file,
      async run(flags, prompter, env = {}) {
        const out = new CapturedOutput();
        const vars: Record<string, string> = { SLOOH_BASE_URL: sim.apiRoot, ...env };
        const result = await configure(flags, {
          out,
          prompter,
          configFile: file,
          env: (n) => vars[n],
          readStdin: () => Promise.reject(new Error("stdin is not scripted")),
          cwd: dir,
        });
        return { result, out };
      },
    });
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const modeOf = async (path: string) => (await Deno.stat(path)).mode! & 0o777;

Deno.test("configure asks everything, checks the login, previews real paths, saves 0600", () =>
  withConfigure(async ({ sim, dir, file, run }) => {
    const p = new ScriptedPrompter({
      username: [sim.account.username],
      password: [sim.account.password],
      library: ["photos"],
      folderTemplate: ["{galaxy}", "{year}/{object}"],
      fileTemplate: [""],
      keepLayout: [true],
      fits: [false],
      concurrency: [8],
      storePassword: [false],
    });
    const { result, out } = await run({}, p);
    p.assertAllUsed();
    // A bad template is refused at the prompt, naming the valid placeholders.
    const bad = p.asked.find((a) => a.name === "folderTemplate" && a.rejected);
    assert.match(bad?.rejected ?? "", /\{galaxy\}.*\{object\}/);

    const saved = JSON.parse(await Deno.readTextFile(file));
    assert.deepEqual(saved, {
      slooh: { username: sim.account.username },
      folders: {
        base_path: join(dir, "photos"),
        template: "{year}/{object}",
        filename_template: "{telescope}_{filename}",
      },
      download: { threads: 8, fits: false },
    });
    assert.equal(await modeOf(file), 0o600);
    assert.equal(result.passwordStored, false);
    assert.ok(!(await Deno.readTextFile(file)).includes(sim.account.password));

    // Three real pictures of the first photo-roll page, at the paths the new layout gives.
    const expected = sim.account.pictures.slice(0, 20).map((x) =>
      [
        String(x.capturedAt.getUTCFullYear()),
        objectName(x.title),
        `${x.telescope || "Unknown"}_${
          x.downloadFilename ?? new URL(x.url).pathname.split("/").pop()
        }`,
      ].join("/")
    );
    assert.equal(result.preview.length, 3);
    for (const path of result.preview) {
      assert.ok(expected.includes(path), `preview ${path} is not one of the first pictures`);
    }
    assert.equal(new Set(result.preview.map((x) => x.split("/")[1])).size, 3, "same object thrice");
    assert.ok(
      out.lines.some((l) => l.includes(join(dir, "photos", ...result.preview[0].split("/")))),
    );
    assert.ok(out.lines.some((l) => /Logged in as Jane Stargazer/.test(l)));
  }));

Deno.test("re-running configure offers the current values as defaults", () =>
  withConfigure(async ({ sim, dir, file, run }) => {
    const env = { SLOOH_PASSWORD: sim.account.password };
    await run(
      {
        username: sim.account.username,
        library: "/srv/slooh",
        folderTemplate: "{telescope}/{date}",
        fileTemplate: "{filename}",
        fits: false,
        concurrency: 6,
        storePassword: true,
      },
      null,
      env,
    );
    const first = await Deno.readTextFile(file);
    assert.match(first, /"password": "correct horse battery"/);

    const p = new ScriptedPrompter({
      username: [""],
      library: [""],
      folderTemplate: [""],
      fileTemplate: [""],
      keepLayout: [""],
      fits: [""],
      concurrency: [""],
      storePassword: [""],
    });
    const { result } = await run({}, p);
    p.assertAllUsed();
    assert.equal(p.defaultOf("username"), sim.account.username);
    assert.equal(p.defaultOf("library"), "/srv/slooh");
    assert.equal(p.defaultOf("folderTemplate"), "{telescope}/{date}");
    assert.equal(p.defaultOf("fileTemplate"), "{filename}");
    assert.equal(p.defaultOf("fits"), false);
    assert.equal(p.defaultOf("concurrency"), 6);
    // The stored password was used for the login check, and keeping it is the default.
    assert.ok(!p.asked.some((a) => a.name === "password"));
    assert.equal(p.defaultOf("storePassword"), true);
    assert.equal(result.passwordStored, true);
    assert.equal(await Deno.readTextFile(file), first);
    void dir;
  }));

Deno.test("a refused login is asked again on a terminal, and is an AuthError without one", () =>
  withConfigure(async ({ sim, file, run }) => {
    const p = new ScriptedPrompter({
      username: [sim.account.username, ""],
      password: ["wrong one", sim.account.password],
      library: ["/tmp/x"],
      folderTemplate: [""],
      fileTemplate: [""],
      keepLayout: [true],
      fits: [true],
      concurrency: [""],
      storePassword: [false],
    });
    const { out } = await run({}, p);
    p.assertAllUsed();
    assert.ok(out.lines.some((l) => /refused the login/.test(l)));
    assert.ok(!out.lines.join("\n").includes("wrong one"));
    assert.equal(JSON.parse(await Deno.readTextFile(file)).download.threads, 4);

    await Deno.remove(file);
    await assert.rejects(
      run({ username: sim.account.username, library: "/tmp/x" }, null, {
        SLOOH_PASSWORD: "wrong one",
      }),
      AuthError,
    );
    await assert.rejects(Deno.stat(file), Deno.errors.NotFound, "saved despite a failed login");
  }));

Deno.test("--yes asks nothing; without a password the login cannot be checked", () =>
  withConfigure(async ({ sim, file, run }) => {
    const never: Prompter = {
      input: () => Promise.reject(new Error("asked")),
      password: () => Promise.reject(new Error("asked")),
      confirm: () => Promise.reject(new Error("asked")),
      number: () => Promise.reject(new Error("asked")),
    };
    await assert.rejects(
      run({ yes: true, username: sim.account.username }, never),
      (e: unknown) => e instanceof ConfigError && /--no-check/.test(e.message),
    );
    const { result } = await run({ yes: true, username: "someone", check: false }, never);
    assert.deepEqual(result.preview, []);
    const saved = JSON.parse(await Deno.readTextFile(file));
    assert.equal(saved.slooh.username, "someone");
    assert.equal(saved.folders.base_path, "~/Pictures/Slooh");
    assert.equal(saved.download.threads, 4);
  }));

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
    await assert.rejects(Deno.stat(join(dir, "slooh-dl", "config.json")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

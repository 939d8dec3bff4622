/** `configure` in process, driven by scripted answers against the simulator. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { configure, type ConfigureFlags } from "../../src/cli/commands/configure.ts";
import { Output } from "../../src/cli/output.ts";
import type { Prompter } from "../../src/cli/prompter.ts";
import { AuthError, ConfigError } from "../../src/errors.ts";
import { objectName } from "../../src/library/catalog.ts";
import { Simulator } from "../simulator/mod.ts";
import { tempDir } from "../helpers.ts";

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

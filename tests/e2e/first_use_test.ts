/** What a first use showed (issue 14, part 6), each against the real CLI and the simulator. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  cliCommand,
  failPagesAfterFirst,
  fastConfig,
  isolatedEnv,
  runCli,
  simEnv,
  tempDir,
  withScenario,
} from "../helpers.ts";
import { json, pathsOf } from "./cli_helpers.ts";

/** Runs the CLI in `cwd` (runCli has no cwd), to see what lands in the working folder. */
async function runIn(cwd: string, args: string[], env: Record<string, string>) {
  const main = new URL("../../main.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", main, ...args],
    cwd,
    env: { ...isolatedEnv(), ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("-d '' is a usage error for every command, and writes nothing", () =>
  withScenario({ accountOptions: { seed: 41, pictures: 3 } }, async ({ dir, sim }) => {
    const cwd = join(dir, "cwd");
    await Deno.mkdir(cwd);
    for (
      const args of [
        ["download", "-d", ""],
        ["download", "--dry-run", "-d", " "],
        ["retry", "-d", ""],
        ["stats", "-d", ""],
        ["verify", "-d", ""],
        ["export", "--format", "csv", "-d", ""],
        ["missions", "--library", ""],
        ["gallery", "--library", ""],
        ["configure", "--yes", "--no-check", "-d", ""],
      ]
    ) {
      const r = await runIn(cwd, args, simEnv(sim));
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /cannot be empty|needs a folder/, args.join(" "));
      assert.equal(r.stderr.trim().split("\n")[0].includes("    at "), false);
    }
    assert.deepEqual([...Deno.readDirSync(cwd)], [], "something was written");
    assert.equal(sim.counts.apiCalls, 0);
  }));

Deno.test("a library path that is a file is a clear error, dry or not", () =>
  withScenario({ accountOptions: { seed: 42, pictures: 3 } }, async ({ dir, cli: run, sim }) => {
    const file = join(dir, "not-a-folder");
    await Deno.writeTextFile(file, "x");
    for (const extra of [[], ["--dry-run"]]) {
      const r = await run(["download", "-d", file, ...extra]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^error: The library .*not-a-folder is a file, not a folder\n/);
      const under = await run(["download", "-d", join(file, "lib"), ...extra]);
      assert.equal(under.code, 2, under.stderr);
      assert.match(
        under.stderr,
        /^error: The library .*not-a-folder\/lib is inside a file, not a folder\n/,
      );
    }
    assert.equal(await Deno.readTextFile(file), "x");
    assert.equal(sim.counts.apiCalls, 0);
  }));

Deno.test("hints repeat the --config and -d given; an aborted run still reports", () =>
  withScenario(
    { accountOptions: { seed: 43, pictures: 30 } },
    async ({ dir, lib, cli: run, sim }) => {
      const config = await fastConfig(dir, { max_retries: 0, batch_size: 10 });
      const broken = sim.expectedFiles().find((f) => f.kind === "picture")!;
      sim.injectFault({
        kind: "status",
        status: 404,
        target: "file",
        match: new URL(broken.url).pathname,
        times: Infinity,
      });
      const failed = await run(["--config", config, "download", "--library", lib]);
      assert.equal(failed.code, 1, failed.stderr);
      assert.ok(
        failed.stderr.includes(`Run \`slooh-dl --config ${config} retry -d ${lib}\``),
        failed.stderr,
      );
      const stats = await runCli(["--config", config, "stats", "-d", lib], isolatedEnv());
      assert.ok(stats.stdout.includes(`slooh-dl --config ${config} retry -d ${lib}`));

      // Slooh stops answering the roll after its first page: exit 4, with the summary and JSON.
      sim.clearFaults();
      failPagesAfterFirst(sim);
      const aborted = await run(["--config", config, "download", "-d", lib, "--all", "--json"]);
      assert.equal(aborted.code, 4, aborted.stderr);
      const report = json(aborted);
      assert.equal(report.aborted, true);
      assert.match(report.error, /503/);
      assert.equal(typeof report.downloaded, "number");
      assert.match(aborted.stderr, /^error: .*503/m);
      assert.match(aborted.stderr, /^Aborted after downloading \d+ files? /m);
      assert.ok(
        aborted.stderr.includes(
          `Run \`slooh-dl --config ${config} download -d ${lib}\` again once that is fixed.`,
        ),
        aborted.stderr,
      );
    },
  ));

Deno.test("retry with nothing to retry says so without logging in", () =>
  withScenario({ accountOptions: { seed: 44, pictures: 3 } }, async ({ lib, cli: run, sim }) => {
    assert.equal((await run(["download", "-d", lib])).code, 0);
    sim.resetCounts();
    const r = await run(["retry", "-d", lib, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Nothing to retry: no failed items in /);
    assert.equal(json(r).failed, 0);
    assert.equal(sim.counts.apiCalls, 0, "retry logged in");
    // A folder slooh-dl never wrote is a mistaken -d, said before any login.
    const none = await runCli(["retry", "-d", join(lib, "..", "empty")], isolatedEnv());
    assert.equal(none.code, 2, none.stderr);
    assert.match(none.stderr, /^error: .*empty is not a slooh-dl library yet/);
  }));

Deno.test("--object twice with --telescope: (either object) on that telescope", () =>
  withScenario({ accountOptions: { seed: 45, pictures: 60 } }, async ({ lib, cli: run, sim }) => {
    const wanted = (title: string, telescope: string) =>
      /\(M42\)|Messier 43/.test(title) && telescope.toLowerCase().includes("canary");
    const pics = sim.account.pictures.filter((p) => wanted(p.title, p.telescope));
    assert.ok(
      pics.some((p) => p.title.includes("M42")) && pics.some((p) => p.title.includes("43")),
    );
    const r = await run([
      "download",
      "-d",
      lib,
      "--no-fits",
      "--object",
      "m42",
      "--object",
      "m43",
      "--telescope",
      "canary",
      "--dry-run",
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(pathsOf(json(r).files), pathsOf(pics));
  }));

Deno.test("help names the --concurrency limit and every command takes -d and --library", async () => {
  const help = await runCli(["download", "--help"], isolatedEnv());
  assert.match(help.stdout, /--concurrency <n>\s+parallel transfers, 1 to 32/);
  const over = await runCli(["download", "-d", "/tmp/x", "--concurrency", "33"], isolatedEnv());
  assert.equal(over.code, 2);
  for (
    const command of [
      "configure",
      "download",
      "retry",
      "missions",
      "stats",
      "verify",
      "export",
      "gallery",
    ]
  ) {
    const h = await runCli([command, "--help"], isolatedEnv());
    assert.match(h.stdout, /-d, --directory <dir>/, command);
  }
  const dir = await tempDir();
  try {
    const r = await runCli(["stats", "--library", dir], isolatedEnv());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not a slooh-dl library yet/, "--library was not taken as the folder");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a closed stdout ends quietly: exit 0, no error line", () =>
  withScenario({ accountOptions: { seed: 46, pictures: 20 } }, async ({ lib, cli: run }) => {
    assert.equal((await run(["download", "-d", lib])).code, 0);
    for (const args of [["stats", "-d", lib], ["export", "-d", lib, "--format", "csv"]]) {
      const child = cliCommand(args, isolatedEnv()).spawn();
      await child.stdout.cancel(); // the reader is gone before the first line is written
      const [status, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
      assert.equal(status.code, 0, `${args[0]}: ${stderr}`);
      assert.equal(stderr, "", args[0]);
    }
  }));

Deno.test({
  name: "a library that cannot be made (inside /proc) ends the run with one line and exit 4",
  ignore: Deno.build.os !== "linux",
  fn: () =>
    withScenario({ accountOptions: { seed: 44, pictures: 2 } }, async ({ cli: run }) => {
      const r = await run(["download", "-d", "/proc/slooh-dl-no-library"]);
      assert.equal(r.code, 4, r.stderr);
      assert.match(
        r.stderr,
        /\nerror: Cannot write into the library \/proc\/slooh-dl-no-library: No such file/,
      );
      assert.doesNotMatch(r.stderr, /unexpected failure|\n {4}at /);
    }),
});

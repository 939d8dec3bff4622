/** The command line's parser against the real program specs. */
import assert from "node:assert/strict";
import { type Invocation, parseCommandLine, UsageError } from "../../src/cli/command_line.ts";
import { editDistance, suggestion } from "../../src/cli/suggest.ts";
import { PROGRAM } from "../../src/cli/definitions/program.ts";

function run(argv: string[]): Extract<Invocation, { kind: "run" }> {
  const call = parseCommandLine(PROGRAM, argv);
  assert.equal(call.kind, "run");
  return call as Extract<Invocation, { kind: "run" }>;
}

function usage(argv: string[]): UsageError {
  try {
    parseCommandLine(PROGRAM, argv);
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  assert.fail(`${argv.join(" ")} parsed`);
}

Deno.test("command line: values, defaults, negations and repeats", () => {
  const c = run(["download", "-d", "pics", "--object", "m42", "--object=m43", "--no-fits"]);
  assert.equal(c.command.name, "download");
  assert.equal(c.options.directory, "pics");
  assert.deepEqual(c.options.object, ["m42", "m43"]);
  assert.equal(c.options.fits, false);
  assert.equal(c.options.gallery, true);
  assert.equal(c.options.limit, undefined);
  assert.deepEqual(c.args, []);
  assert.equal(run(["download", "--limit", "5"]).options.limit, 5);
  assert.equal(run(["download", "-dpics"]).options.directory, "pics");
  // A value may start with a dash, unless it is an option known here.
  assert.equal(run(["download", "--object", "-m42"]).options.object?.toString(), "-m42");
  assert.match(usage(["download", "--object", "-q"]).message, /'--object <text>' argument missing/);
  assert.match(usage(["download", "--since", "--all"]).message, /argument missing/);
  // The first word after `--` may still be the command.
  assert.equal(run(["--", "stats"]).command.name, "stats");
});

Deno.test("command line: global options before or after the command, short ones clustered", () => {
  const before = run(["-v", "--config", "c.toml", "stats"]);
  assert.equal(before.globals.verbose, true);
  assert.equal(before.globals.config, "c.toml");
  assert.equal(before.globals.color, true);
  const after = run(["stats", "-qv", "--no-color", "--top", "3"]);
  assert.deepEqual(
    [after.globals.quiet, after.globals.verbose, after.globals.color, after.options.top],
    [true, true, false, 3],
  );
  assert.equal(run(["refile", "-qn"]).options.dryRun, true);
});

Deno.test("command line: a pair of forms is true, false or unset", () => {
  assert.equal(run(["configure"]).options.fits, undefined);
  assert.equal(run(["configure", "--fits"]).options.fits, true);
  assert.equal(run(["configure", "--fits", "--no-fits"]).options.fits, false);
  assert.equal(run(["configure"]).options.check, true);
  assert.equal(run(["test"]).command.name, "login");
});

Deno.test("command line: help and version win over everything else", () => {
  for (
    const argv of [["--version"], ["--version", "--bogus"], ["foo", "--version"], [
      "-h",
      "--version",
    ]]
  ) {
    assert.deepEqual(parseCommandLine(PROGRAM, argv), { kind: "version" }, argv.join(" "));
  }
  assert.deepEqual(parseCommandLine(PROGRAM, ["help", "help"]), { kind: "help", command: null });
  const asked = parseCommandLine(PROGRAM, ["help", "download", "-h"]);
  assert.equal(asked.kind === "help" && asked.command?.name, "download");
  const help = parseCommandLine(PROGRAM, ["download", "--limit", "x", "--help"]);
  assert.equal(help.kind === "help" && help.command?.name, "download");
  const topic = parseCommandLine(PROGRAM, ["help", "stats"]);
  assert.equal(topic.kind === "help" && topic.command?.name, "stats");
  assert.deepEqual(parseCommandLine(PROGRAM, ["-h"]), { kind: "help", command: null });
  const cluster = parseCommandLine(PROGRAM, ["refile", "-qh"]);
  assert.equal(cluster.kind === "help" && cluster.command?.name, "refile");
  // In `-dh`, h is the folder.
  assert.equal(run(["refile", "-dh"]).options.directory, "h");
  // After `--`, a --help is an argument.
  assert.match(usage(["stats", "--", "--help"]).message, /too many arguments for 'stats'/);
});

Deno.test("command line: bad input is one line naming what is wrong", () => {
  const cases: [string[], RegExp][] = [
    [["download", "--frob"], /^unknown option '--frob'$/],
    [["-d", "x", "download"], /^unknown option '-d'$/],
    [["download", "-x"], /^unknown option '-x'$/],
    [["download", "--json=1"], /^option '--json' takes no value$/],
    [["download", "--since"], /^option '--since <date>' argument missing$/],
    [["download", "-d", "--", "x"], /^option '-d, --directory <dir>' argument missing$/],
    [["download", "--limit", "0"], /^option '--limit <n>' argument '0' is invalid\. expected/],
    [["download", "-d", " "], /argument ' ' is invalid\. a folder cannot be empty$/],
    [["--config", "", "stats"], /argument '' is invalid\. a file name cannot be empty$/],
    [["export"], /^required option '--format <format>' not specified$/],
    [["export", "--format", "xml"], /Allowed choices are csv, json, sha256sum\.$/],
    [["completions"], /^missing required argument 'shell'$/],
    [["completions", "pwsh"], /^command-argument value 'pwsh' is invalid for argument 'shell'/],
    [["stats", "extra"], /^too many arguments for 'stats'\. Expected 0 arguments but got 1\.$/],
    [["donwload"], /^unknown command 'donwload'$/],
    [["frobnicate"], /^unknown command 'frobnicate'$/],
    [["help", "nope"], /^unknown command 'nope'$/],
  ];
  for (const [argv, want] of cases) assert.match(usage(argv).message, want, argv.join(" "));
  // Hints, on a line of their own, among the names known where the mistake was made.
  assert.equal(usage(["donwload"]).hint, "Did you mean download?");
  assert.equal(usage(["stats", "--jsn"]).hint, "Did you mean --json?");
  assert.equal(usage(["download", "--fit"]).hint, "Did you mean --fits?");
  assert.equal(usage(["--color", "stats"]).hint, "Did you mean --no-color?");
  // The hidden --library is never suggested; short options get no hint.
  assert.equal(usage(["stats", "--librar"]).hint, null);
  assert.equal(usage(["stats", "-x"]).hint, null);
  assert.equal(usage(["frobnicate"]).hint, null);
  const none = usage([]);
  assert.equal(none.showHelp, true);
  assert.equal(usage(["-v"]).showHelp, true);
  assert.equal(run(["completions", "zsh"]).args[0], "zsh");
});

Deno.test("suggestion: the nearest names, all of them on a tie", () => {
  assert.equal(
    suggestion("stast", ["stats", "start", "verify"]),
    "Did you mean one of start, stats?",
  );
  assert.equal(suggestion("xyz", ["abc"]), null);
  // No one-letter guesses.
  assert.equal(suggestion("x", ["y"]), null);
  assert.equal(suggestion("--tpo", ["--top", "--runs"]), "Did you mean --top?");
});

Deno.test("editDistance counts a swap of neighbours as one edit", () => {
  assert.equal(editDistance("donwload", "download"), 1);
  assert.equal(editDistance("stat", "stats"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("verify", "refile"), 4);
});

/** Help pages laid out from the specs, at the width of the terminal. */
import assert from "node:assert/strict";
import { PROGRAM } from "../../src/cli/definitions/program.ts";
import { commandHelp, programHelp } from "../../src/cli/help.ts";
import { findCommand } from "../../src/cli/command_line.ts";

const longest = (text: string) => Math.max(...text.split("\n").map((l) => l.length));

Deno.test("help wraps its own text to the width it is given", () => {
  const download = findCommand(PROGRAM, "download")!;
  for (const width of [50, 80, 120]) {
    // The tail (examples, exit codes) is written by hand and printed as it is.
    const own = (text: string, after?: string) => after ? text.slice(0, text.indexOf(after)) : text;
    const page = own(commandHelp(PROGRAM, download, width), download.after);
    assert.ok(longest(page) <= width, `${width}: ${longest(page)}`);
    assert.ok(longest(own(programHelp(PROGRAM, width), PROGRAM.after)) <= width);
  }
  // A wider terminal gets longer lines, not just the same page.
  assert.ok(longest(programHelp(PROGRAM, 120).slice(0, -PROGRAM.after!.length)) > 80);
});

Deno.test("help lists an argument's and an option's choices", () => {
  const completions = commandHelp(PROGRAM, findCommand(PROGRAM, "completions")!);
  assert.match(completions, /^Usage: slooh-dl completions \[options\] <shell>$/m);
  assert.match(
    completions,
    /^Arguments:\n {2}shell +the shell \(choices: "bash", "zsh", "fish"\)$/m,
  );
  const exportHelp = commandHelp(PROGRAM, findCommand(PROGRAM, "export")!);
  assert.match(exportHelp, /--format <format> +csv, json or sha256sum \(choices: "csv", "json",/);
  assert.match(
    commandHelp(PROGRAM, findCommand(PROGRAM, "test")!),
    /^Usage: slooh-dl login\|test/m,
  );
});

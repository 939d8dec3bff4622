/** Help pages laid out from the specs, at the width of the terminal. */
import assert from "node:assert/strict";
import { PROGRAM } from "../../src/cli/definitions/program.ts";
import { commandHelp, programHelp } from "../../src/cli/help.ts";
import { findCommand } from "../../src/cli/command_line.ts";

const longest = (text: string) => Math.max(...text.split("\n").map((l) => l.length));

Deno.test("help wraps its own text to the width it is given", () => {
  // Examples (the indented lines of a page's closing text) are printed as they are, to be
  // pasted, and a word longer than its column (a URL) stays whole; all else fits the width.
  const prose = (page: string, after = "") => {
    const examples = new Set(after.split("\n").filter((l) => l.startsWith(" ")));
    return page.split("\n").filter((l) => !examples.has(l) && /\S \S/.test(l)).join("\n");
  };
  for (const width of [50, 80, 120]) {
    const program = prose(programHelp(PROGRAM, width), PROGRAM.after);
    assert.ok(longest(program) <= width, `program at ${width}`);
    for (const c of PROGRAM.commands) {
      const page = prose(commandHelp(PROGRAM, c, width), c.after);
      assert.ok(longest(page) <= width, `${c.name} at ${width}: ${longest(page)}`);
    }
  }
  // A wider terminal gets longer lines, not just the same page.
  assert.ok(longest(programHelp(PROGRAM, 120)) > 80);
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

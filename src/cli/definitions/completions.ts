/** `completions` on the command line; the script is written by commands/completions.ts. */
import { command } from "../option.ts";

/** Shells a script can be generated for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;
/** One of SHELLS. */
export type Shell = typeof SHELLS[number];

/** The `completions` command (main adds its action). */
export const completionsDefinition = command({
  name: "completions",
  description: "print a shell completion script (bash, zsh or fish)",
  options: {},
  argument: { name: "shell", description: "the shell", choices: SHELLS },
  after: `
Examples:
  source <(slooh-dl completions bash)                       # in ~/.bashrc
  slooh-dl completions zsh > "\${fpath[1]}/_slooh-dl"
  slooh-dl completions fish > ~/.config/fish/completions/slooh-dl.fish`,
});

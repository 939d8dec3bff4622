/** What main hands every command: output, the global flags, prompts, and the exit code. */
import type { GlobalOptions } from "./definitions/program.ts";
import type { Output } from "./output.ts";
import type { Prompter } from "./prompter.ts";

/** Shared state of one CLI invocation. */
export interface CliContext {
  /** Replaced once the global flags are parsed (verbosity, colour). */
  out: Output;
  globals(): GlobalOptions;
  /** Prompts, or null when none may be shown (stdin is not a terminal). */
  prompter(): Prompter | null;
  /** The code main returns once the command's action has finished. */
  exitCode: number;
}

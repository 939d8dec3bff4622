/** The command line: parses argv, wires the commands, maps failures to exit codes. */
import { Command, CommanderError } from "@commander-js/extra-typings";
import { ExitCode, FatalError } from "../errors.ts";
import { COMMIT, VERSION } from "../version.ts";
// Every run, even --version, pays for the whole static module graph: only the commands'
// definitions are in it, and each action, with all it imports, loads when its command runs.
// `completions` is the exception: it needs nothing but commander (under 1 ms).
import { completionsCommand } from "./commands/completions.ts";
import { configureCommand } from "./definitions/configure.ts";
import { downloadCommand } from "./definitions/download.ts";
import { exportCommand } from "./definitions/export.ts";
import { galleryCommand } from "./definitions/gallery.ts";
import { loginCommand } from "./definitions/login.ts";
import { missionsCommand } from "./definitions/missions.ts";
import { retryCommand } from "./definitions/retry.ts";
import { refileCommand } from "./definitions/refile.ts";
import { statsCommand } from "./definitions/stats.ts";
import { verifyCommand } from "./definitions/verify.ts";
import type { CliContext } from "./context.ts";
import { colorWanted, Output } from "./output.ts";
import { isPromptExit, type Prompter, terminalPrompter } from "./prompter.ts";

/** What tests may replace: the prompts (default: @inquirer/prompts when stdin is a terminal). */
export interface MainDeps {
  prompter?: Prompter;
}

/** Runs the CLI with `argv` (without the program name); resolves to the exit code. */
export async function main(argv: string[], deps: MainDeps = {}): Promise<number> {
  const ctx: CliContext = {
    out: new Output({ quiet: false, verbose: false, color: false }),
    globals: () => program.opts(),
    prompter: () => deps.prompter ?? (Deno.stdin.isTerminal() ? terminalPrompter() : null),
    exitCode: ExitCode.ok,
  };

  const program = new Command()
    .name("slooh-dl")
    .description(
      "Download your whole Slooh image collection, pictures and FITS, and keep it up to date.",
    )
    .version(COMMIT ? `${VERSION} (${COMMIT})` : VERSION, "--version", "print the version")
    .option("--config <file>", "config file (default: the user config file)")
    .option("-v, --verbose", "more detail, including HTTP traces with secrets hidden")
    .option("-q, --quiet", "only warnings, errors and the final summary")
    .option("--no-color", "no colours (NO_COLOR is honoured too)")
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) })
    .showHelpAfterError("(run with --help for usage)")
    .hook("preAction", (cmd) => {
      const g = cmd.opts();
      ctx.out = new Output({
        quiet: !!g.quiet,
        verbose: !!g.verbose,
        color: colorWanted(g.color),
      });
    })
    .addHelpText(
      "after",
      `
Examples:
  slooh-dl configure
  slooh-dl download
  slooh-dl download --since 2025-09-01 --object m42 --dry-run
  slooh-dl verify --repair

Exit codes: 0 all wanted files present, 1 some items failed (or verify found a problem),
2 usage or config error, 3 authentication failed, 4 run aborted (Slooh unreachable,
disk full), 130 interrupted (Ctrl-C), 143 stopped by SIGTERM, 129 by SIGHUP.`,
    );

  for (
    const command of [
      configureCommand(ctx),
      loginCommand(ctx),
      downloadCommand(ctx),
      retryCommand(ctx),
      missionsCommand(ctx),
      statsCommand(ctx),
      verifyCommand(ctx),
      exportCommand(ctx),
      galleryCommand(ctx),
      refileCommand(ctx),
      completionsCommand(ctx, () => program),
    ]
  ) {
    // Subcommands built apart do not inherit exitOverride and output settings by themselves.
    program.addCommand(command.copyInheritedSettings(program));
  }

  try {
    await program.parseAsync(argv, { from: "user" });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === "commander.helpDisplayed" ||
          e.code === "commander.version"
        ? ExitCode.ok
        : ExitCode.usage;
    }
    // A reader that stopped early (`slooh-dl stats | head -1`) got what it wanted.
    if (e instanceof Deno.errors.BrokenPipe) return ExitCode.ok;
    const out = ctx.out;
    if (e instanceof FatalError) {
      out.error(e.message);
      return e.exitCode;
    }
    if (e instanceof DOMException && e.name === "AbortError") return ExitCode.interrupted;
    if (isPromptExit(e)) return ExitCode.interrupted;
    if (e instanceof Deno.errors.NotCapable) {
      // Loaded only here: the permission tables pull in the whole config reader.
      const { notCapableMessage } = await import("./permissions.ts");
      out.error(notCapableMessage(e));
      return ExitCode.usage;
    }
    if (e instanceof Deno.errors.PermissionDenied) {
      out.error(e.message.split("\n")[0]);
      return ExitCode.usage;
    }
    out.error(`unexpected failure: ${(e as Error)?.message ?? e}`);
    if (out.opts.verbose) out.stderr(String((e as Error)?.stack ?? ""));
    return ExitCode.aborted;
  }
}

/** The command line: parses argv, wires the commands, maps failures to exit codes. */
import { Command, CommanderError } from "@commander-js/extra-typings";
import { ExitCode, FatalError } from "../errors.ts";
import { COMMIT, VERSION } from "../version.ts";
// Every run, even --version, pays for the whole static module graph: only the commands'
// definitions are in it, and each action, with all it imports, loads when its command runs.
// `completions` is the exception: it needs nothing but commander (under 1 ms).
import { completionsCommand } from "./commands/completions.ts";
import { configureDefinition } from "./definitions/configure.ts";
import { downloadDefinition } from "./definitions/download.ts";
import { exportDefinition } from "./definitions/export.ts";
import { galleryDefinition } from "./definitions/gallery.ts";
import { loginDefinition } from "./definitions/login.ts";
import { missionsDefinition } from "./definitions/missions.ts";
import { retryDefinition } from "./definitions/retry.ts";
import { refileDefinition } from "./definitions/refile.ts";
import { statsDefinition } from "./definitions/stats.ts";
import { verifyDefinition } from "./definitions/verify.ts";
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

  // Each action is imported when its command runs (string specifiers, so that `deno compile`
  // embeds them).
  const commands = [
    configureDefinition().action(async (o) =>
      (await import("./commands/configure.ts")).configureAction(ctx, o)
    ),
    loginDefinition().action(async (o) =>
      (await import("./commands/login.ts")).loginAction(ctx, o)
    ),
    downloadDefinition().action(async (o) =>
      (await import("./commands/download.ts")).downloadAction(ctx, o)
    ),
    retryDefinition().action(async (o) =>
      (await import("./commands/retry.ts")).retryAction(ctx, o)
    ),
    missionsDefinition().action(async (o) =>
      (await import("./commands/missions.ts")).missionsAction(ctx, o)
    ),
    statsDefinition().action(async (o) =>
      (await import("./commands/stats.ts")).statsAction(ctx, o)
    ),
    verifyDefinition().action(async (o) =>
      (await import("./commands/verify.ts")).verifyAction(ctx, o)
    ),
    exportDefinition().action(async (o) =>
      (await import("./commands/export.ts")).exportAction(ctx, o)
    ),
    galleryDefinition().action(async (o) =>
      (await import("./commands/gallery.ts")).galleryAction(ctx, o)
    ),
    refileDefinition().action(async (o) =>
      (await import("./commands/refile.ts")).refileAction(ctx, o)
    ),
    completionsCommand(ctx, () => program),
  ];
  for (const command of commands) {
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

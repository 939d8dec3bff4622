/** The command line: parses argv, runs the command, maps failures to exit codes. */
import { ExitCode, FatalError } from "../errors.ts";
import { parseCommandLine, UsageError } from "./command_line.ts";
import type { CliContext } from "./context.ts";
import { configureDefinition } from "./definitions/configure.ts";
import type { Shell } from "./definitions/completions.ts";
import { downloadDefinition } from "./definitions/download.ts";
import { exportDefinition } from "./definitions/export.ts";
import { galleryDefinition } from "./definitions/gallery.ts";
import { loginDefinition } from "./definitions/login.ts";
import { missionsDefinition } from "./definitions/missions.ts";
import { type GlobalOptions, PROGRAM } from "./definitions/program.ts";
import { refileDefinition } from "./definitions/refile.ts";
import { retryDefinition } from "./definitions/retry.ts";
import { statsDefinition } from "./definitions/stats.ts";
import { verifyDefinition } from "./definitions/verify.ts";
import { commandHelp, programHelp } from "./help.ts";
import { type CommandSpec, initialValues, type Opt, type ValuesOf } from "./option.ts";
import { colorWanted, helpWidth, Output } from "./output.ts";
import { isPromptExit, type Prompter, terminalPrompter } from "./prompter.ts";

// Every run, even --version, pays for the whole static module graph: only the commands'
// definitions are in it, and each action, with all it imports, loads when its command runs
// (string specifiers, so that `deno compile` embeds them).

/** What tests may replace: the prompts (default: @inquirer/prompts when stdin is a terminal). */
export interface MainDeps {
  prompter?: Prompter;
}

type Action = (
  ctx: CliContext,
  options: Record<string, unknown>,
  args: readonly string[],
) => Promise<void>;

/** An action typed by its command's options: the parser built them from that very table. */
function bind<S extends Record<string, Opt<unknown>>>(
  _command: CommandSpec<S>,
  action: (ctx: CliContext, options: ValuesOf<S>) => Promise<void>,
): Action {
  return (ctx, options) => action(ctx, options as ValuesOf<S>);
}

const ACTIONS: Record<string, Action> = {
  configure: bind(
    configureDefinition,
    async (ctx, o) => (await import("./commands/configure.ts")).configureAction(ctx, o),
  ),
  login: bind(
    loginDefinition,
    async (ctx, o) => (await import("./commands/login.ts")).loginAction(ctx, o),
  ),
  download: bind(
    downloadDefinition,
    async (ctx, o) => (await import("./commands/download.ts")).downloadAction(ctx, o),
  ),
  retry: bind(
    retryDefinition,
    async (ctx, o) => (await import("./commands/retry.ts")).retryAction(ctx, o),
  ),
  missions: bind(
    missionsDefinition,
    async (ctx, o) => (await import("./commands/missions.ts")).missionsAction(ctx, o),
  ),
  stats: bind(
    statsDefinition,
    async (ctx, o) => (await import("./commands/stats.ts")).statsAction(ctx, o),
  ),
  verify: bind(
    verifyDefinition,
    async (ctx, o) => (await import("./commands/verify.ts")).verifyAction(ctx, o),
  ),
  export: bind(
    exportDefinition,
    async (ctx, o) => (await import("./commands/export.ts")).exportAction(ctx, o),
  ),
  gallery: bind(
    galleryDefinition,
    async (ctx, o) => (await import("./commands/gallery.ts")).galleryAction(ctx, o),
  ),
  refile: bind(
    refileDefinition,
    async (ctx, o) => (await import("./commands/refile.ts")).refileAction(ctx, o),
  ),
  completions: async (ctx, _o, args) =>
    (await import("./commands/completions.ts")).completionsAction(ctx, PROGRAM, args[0] as Shell),
};

/** Runs the CLI with `argv` (without the program name); resolves to the exit code. */
export async function main(argv: string[], deps: MainDeps = {}): Promise<number> {
  let globals = initialValues(PROGRAM.globals) as GlobalOptions;
  const ctx: CliContext = {
    out: new Output({ quiet: false, verbose: false, color: false }),
    globals: () => globals,
    prompter: () => deps.prompter ?? (Deno.stdin.isTerminal() ? terminalPrompter() : null),
    exitCode: ExitCode.ok,
  };

  try {
    const call = parseCommandLine(PROGRAM, argv);
    if (call.kind === "version") {
      ctx.out.data(PROGRAM.version);
      return ExitCode.ok;
    }
    if (call.kind === "help") {
      const width = helpWidth(Deno.stdout);
      ctx.out.data(
        call.command ? commandHelp(PROGRAM, call.command, width) : programHelp(PROGRAM, width),
      );
      return ExitCode.ok;
    }
    globals = call.globals as GlobalOptions;
    ctx.out = new Output({
      quiet: !!globals.quiet,
      verbose: !!globals.verbose,
      color: colorWanted(globals.color),
    });
    await ACTIONS[call.command.name](ctx, call.options, call.args);
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      const hint = e.hint ? `\n(${e.hint})` : "";
      ctx.out.stderr(
        e.showHelp
          ? programHelp(PROGRAM, helpWidth(Deno.stderr))
          : `error: ${e.message}${hint}\n(run with --help for usage)`,
      );
      return ExitCode.usage;
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

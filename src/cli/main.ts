/** The command line: parses argv, wires config, client and library, maps failures to exit codes. */
import { Command, CommanderError, InvalidArgumentError } from "@commander-js/extra-typings";
import { type Config, loadConfig } from "../config/config.ts";
import { runDownload, type RunSummary } from "../download/run.ts";
import { ConfigError, ExitCode, UserError } from "../errors.ts";
import { Layout } from "../library/layout.ts";
import { SloohClient } from "../slooh/client.ts";
import { COMMIT, VERSION } from "../version.ts";
import { formatBytes, formatDuration, plural } from "./format.ts";
import { colorWanted, Output } from "./output.ts";
import { progressReporter } from "./progress.ts";

function intArg(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    }
    return n;
  };
}

/** Asks for the password on a terminal; never prompts when stdin is not one. */
async function ensureCredentials(cfg: Config): Promise<void> {
  if (!cfg.username) {
    throw new ConfigError(
      "No Slooh username: set SLOOH_USERNAME, or run `slooh-dl configure`",
    );
  }
  if (cfg.password) return;
  if (!Deno.stdin.isTerminal()) {
    throw new ConfigError(
      "No Slooh password: set SLOOH_PASSWORD (stdin is not a terminal, so no prompt)",
    );
  }
  const { password } = await import("@inquirer/prompts");
  cfg.password = await password({ message: `Slooh password for ${cfg.username}:`, mask: true });
}

function makeClient(cfg: Config, out: Output, signal?: AbortSignal): SloohClient {
  return new SloohClient({
    baseUrl: cfg.baseUrl,
    username: cfg.username,
    password: cfg.password,
    timeoutMs: cfg.timeoutMs,
    retryBaseMs: cfg.retryDelayMs,
    signal,
    trace: out.opts.verbose ? (line) => out.debug(line) : undefined,
  });
}

/** Ctrl-C once: stop starting work and wrap up; twice: leave at once. */
function interruptible(out: Output): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onInt = () => {
    if (controller.signal.aborted) Deno.exit(ExitCode.interrupted);
    out.err("\nInterrupted: finishing up (press Ctrl-C again to quit at once)…");
    controller.abort(new DOMException("Interrupted", "AbortError"));
  };
  try {
    Deno.addSignalListener("SIGINT", onInt);
  } catch {
    // Signals are unavailable in some embeddings; Ctrl-C then ends the process directly.
  }
  return {
    signal: controller.signal,
    dispose: () => {
      try {
        Deno.removeSignalListener("SIGINT", onInt);
      } catch { /* see above */ }
    },
  };
}

function summaryLine(s: RunSummary, dryRun: boolean): string {
  if (dryRun) {
    const known = s.plan.reduce((a, j) => a + (j.size ?? 0), 0);
    return `Dry run: ${plural(s.plan.length, "file")} would be downloaded` +
      (known ? ` (at least ${formatBytes(known)})` : "") + `, ${s.skipped} already present.`;
  }
  const parts = [`Downloaded ${plural(s.downloaded, "file")} (${formatBytes(s.bytes)})`];
  if (s.adopted) parts.push(`adopted ${s.adopted} already on disk`);
  parts.push(`${s.skipped} already present`);
  parts.push(`${s.failed} failed`);
  return `${parts.join(", ")} in ${formatDuration(s.durationMs)}` +
    (s.interrupted ? " (interrupted)" : "") + ".";
}

/** Runs the CLI with `argv` (without the program name); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let out = new Output({ quiet: false, verbose: false, color: false });
  let exitCode: number = ExitCode.ok;

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
      out = new Output({ quiet: !!g.quiet, verbose: !!g.verbose, color: colorWanted(g.color) });
    })
    .addHelpText(
      "after",
      `
Examples:
  SLOOH_USERNAME=me@example.com slooh-dl download -d ~/Pictures/Slooh
  slooh-dl login

Exit codes: 0 all wanted files present, 1 some items failed, 2 usage or config error,
3 authentication failed, 4 run aborted (Slooh unreachable, disk full), 130 interrupted.`,
    );

  const globals = () => program.opts();

  program.command("login")
    .alias("test")
    .description("check your credentials and API access; print the account summary")
    .option("--json", "print the summary as JSON on stdout")
    .addHelpText("after", "\nExample:\n  SLOOH_USERNAME=me@example.com slooh-dl login")
    .action(async (opts) => {
      const cfg = await loadConfig({ configFile: globals().config });
      await ensureCredentials(cfg);
      const client = makeClient(cfg, out);
      const account = await client.login();
      const gravity = await client.gravity().catch(() => null);
      const first = await client.picturesPage({ kind: "photoRoll" }, 1, 1);
      if (opts.json) {
        out.data(JSON.stringify({ ...account, gravity, pictures: first.total }));
        return;
      }
      out.info(`Logged in to ${client.baseUrl} as ${account.displayName || cfg.username}`);
      out.info(
        `  membership: ${account.membershipType || "?"} ${
          account.planName ? `(${account.planName})` : ""
        }`.trimEnd(),
      );
      if (gravity) {
        out.info(
          `  gravity: ${gravity.points} GP, tier ${
            gravity.tier || "?"
          } (${gravity.progress}/${gravity.progressMax})`,
        );
      }
      out.info(`  pictures in the photo roll: ${first.total}`);
    });

  program.command("download")
    .description("bring the library up to date (new images only, unless --all)")
    .option("-d, --directory <dir>", "library folder")
    .option("--all", "re-check every image instead of stopping at what earlier runs completed")
    .option("--mission <id>", "only this mission", intArg(1))
    .option("--no-fits", "skip raw FITS frames")
    .option("--fits-only", "only raw FITS frames")
    .option("--limit <n>", "download at most n files", intArg(1))
    .option("--dry-run", "list what would be downloaded and where; write nothing")
    .option("--concurrency <n>", "parallel transfers (default 4)", intArg(1))
    .option("--rate-limit <n>", "start at most n transfers a minute (0 = no cap)", intArg(0))
    .option("--retries <n>", "retries per file after the first try (default 3)", intArg(0))
    .option("--json", "print the run summary as JSON on stdout")
    .addHelpText(
      "after",
      "\nExamples:\n  slooh-dl download -d ~/Pictures/Slooh\n  slooh-dl download --dry-run --no-fits",
    )
    .action(async (opts) => {
      if (opts.fitsOnly && opts.fits === false) {
        throw new ConfigError("--fits-only and --no-fits exclude each other");
      }
      const cfg = await loadConfig({
        configFile: globals().config,
        library: opts.directory,
        concurrency: opts.concurrency,
        rateLimit: opts.rateLimit,
        retries: opts.retries,
        fits: opts.fits === false ? false : opts.fitsOnly ? true : undefined,
      });
      exitCode = await download(cfg, out, {
        all: !!opts.all || !cfg.checkTracker,
        missionId: opts.mission,
        pictures: !opts.fitsOnly,
        limit: opts.limit,
        dryRun: !!opts.dryRun,
        json: !!opts.json,
        retryOnly: false,
      });
    });

  program.command("retry")
    .description("retry the items that failed before")
    .option("-d, --directory <dir>", "library folder")
    .option("--json", "print the run summary as JSON on stdout")
    .action(async (opts) => {
      const cfg = await loadConfig({ configFile: globals().config, library: opts.directory });
      exitCode = await download(cfg, out, {
        all: false,
        pictures: true,
        dryRun: false,
        json: !!opts.json,
        retryOnly: true,
      });
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === "commander.helpDisplayed" ||
          e.code === "commander.version"
        ? ExitCode.ok
        : ExitCode.usage;
    }
    if (e instanceof UserError) {
      out.error(e.message);
      return e.exitCode;
    }
    if (e instanceof DOMException && e.name === "AbortError") return ExitCode.interrupted;
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      out.error(e.message.split("\n")[0]);
      return ExitCode.usage;
    }
    out.error(`unexpected failure: ${(e as Error)?.message ?? e}`);
    if (out.opts.verbose) out.err(String((e as Error)?.stack ?? ""));
    return ExitCode.aborted;
  }
}

interface DownloadChoice {
  all: boolean;
  missionId?: number;
  pictures: boolean;
  limit?: number;
  dryRun: boolean;
  json: boolean;
  retryOnly: boolean;
}

async function download(cfg: Config, out: Output, choice: DownloadChoice): Promise<number> {
  if (!cfg.library) {
    throw new ConfigError(
      "No library folder: pass -d <folder>, or set folders.base_path (slooh-dl configure)",
    );
  }
  const layout = new Layout(cfg.folderTemplate, cfg.fileTemplate);
  await ensureCredentials(cfg);
  const stop = interruptible(out);
  const client = makeClient(cfg, out, stop.signal);
  const reporter = progressReporter(out, Deno.stderr.isTerminal() && !choice.json);
  let summary: RunSummary;
  try {
    out.info(`${choice.dryRun ? "Checking" : "Updating"} ${cfg.library} from ${client.baseUrl}`);
    summary = await runDownload({
      root: cfg.library,
      layout,
      client,
      concurrency: cfg.concurrency,
      rateLimit: cfg.rateLimit,
      retries: cfg.retries,
      retryBaseMs: cfg.retryDelayMs,
      idleTimeoutMs: cfg.idleTimeoutMs,
      pageSize: cfg.pageSize,
      pictures: choice.pictures,
      fits: cfg.fits,
      all: choice.all,
      adoptExisting: cfg.adoptExisting,
      missionId: choice.missionId,
      limit: choice.limit,
      dryRun: choice.dryRun,
      retryOnly: choice.retryOnly,
      signal: stop.signal,
      events: reporter,
    });
  } finally {
    reporter.stop();
    stop.dispose();
  }
  if (choice.dryRun && !choice.json) {
    for (const job of summary.plan) {
      out.data(job.size ? `${job.path}\t${formatBytes(job.size)}` : job.path);
    }
  }
  if (choice.json) {
    out.data(JSON.stringify({
      library: cfg.library,
      dryRun: choice.dryRun,
      downloaded: summary.downloaded,
      adopted: summary.adopted,
      skipped: summary.skipped,
      failed: summary.failed,
      bytes: summary.bytes,
      durationMs: summary.durationMs,
      pageRequests: summary.pageRequests,
      interrupted: summary.interrupted,
      failures: summary.failures,
      ...(choice.dryRun
        ? { files: summary.plan.map((j) => ({ path: j.path, url: j.item.url, size: j.size })) }
        : {}),
    }));
  }
  out.err(summaryLine(summary, choice.dryRun));
  if (summary.failed) {
    out.err(`Run \`slooh-dl retry\` to try the ${plural(summary.failed, "failed item")} again.`);
  }
  if (summary.interrupted) return ExitCode.interrupted;
  return summary.failed ? ExitCode.someFailed : ExitCode.ok;
}

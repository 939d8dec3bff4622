/** `download`: bring the library up to date, with filters, progress and a run log. */
import type { Config } from "../../config/config.ts";
import { runDownload } from "../../download/run.ts";
import { ConfigError, ExitCode, FatalError } from "../../errors.ts";
import { Layout } from "../../library/layout.ts";
import { parseSelection, type Selection, selectionFilter } from "../../library/selection.ts";
import type { SloohClient } from "../../slooh/client.ts";
import { VERSION } from "../../version.ts";
import type { CliContext } from "../context.ts";
import type { DownloadOptions } from "../definitions/download.ts";
import { refreshAfterRun } from "../gallery_refresh.ts";
import { refuseUnmountedDrive, requireLibrary } from "../library_folder.ts";
import { loadPermittedConfig } from "../permissions.ts";
import { progressMode, progressReporter } from "../progress.ts";
import { RunLog } from "../run_log.ts";
import { watch } from "../watch.ts";
import { reportAborted, rerunHint, type Tally, tallying } from "../aborted_run.ts";
import { ensureCredentials, interruptible, type Interruption, makeClient } from "../session.ts";
import { type DownloadChoice, report } from "../download_report.ts";

export type { DownloadChoice, DownloadReport } from "../download_report.ts";

/** Runs `download` with the options its command line parsed. */
export async function downloadAction(ctx: CliContext, opts: DownloadOptions): Promise<void> {
  if (opts.fitsOnly && opts.fits === false) {
    throw new ConfigError("--fits-only and --no-fits exclude each other");
  }
  if (opts.watch !== undefined && opts.dryRun) {
    throw new ConfigError("--watch and --dry-run exclude each other");
  }
  const selection = parseSelection(opts);
  const directory = opts.directory ?? opts.library;
  const cfg = await loadPermittedConfig({
    configFile: ctx.globals().config,
    library: directory,
    concurrency: opts.concurrency,
    rateLimit: opts.rateLimit,
    retries: opts.retries,
    fits: opts.fitsOnly ? true : opts.fits,
    gallery: opts.gallery === false ? false : undefined,
  }, opts.dryRun ? "dry-run" : "download");
  const choice: DownloadChoice = {
    command: "download",
    all: !!opts.all || !cfg.stopEarly,
    missionId: opts.mission,
    pictures: !opts.fitsOnly,
    selection,
    limit: opts.limit,
    dryRun: !!opts.dryRun,
    json: !!opts.json,
    retryOnly: false,
    given: { config: ctx.globals().config, directory },
  };
  // A watch says when it runs again instead of how to.
  ctx.exitCode = opts.watch === undefined
    ? await downloadOnce(ctx, cfg, choice)
    : await watch(ctx, opts.watch, (stop) => download(ctx, cfg, choice, stop));
}

/** One run, and after an aborted one the command that runs it again; resolves to the exit code. */
export async function downloadOnce(
  ctx: CliContext,
  cfg: Config,
  choice: DownloadChoice,
  interruption?: Interruption,
  loggedIn?: SloohClient,
): Promise<number> {
  const code = await download(ctx, cfg, choice, interruption, loggedIn);
  if (code === ExitCode.aborted) rerunHint(ctx, choice);
  return code;
}

/** A short description of the selection for the log. */
function describeChoice(cfg: Config, c: DownloadChoice, flags: Selection | undefined): string {
  const parts = [`library ${cfg.library}`, `concurrency ${cfg.concurrency}`];
  if (c.all) parts.push("all");
  if (c.missionId) parts.push(`mission ${c.missionId}`);
  if (!c.pictures) parts.push("FITS only");
  else if (!cfg.fits) parts.push("no FITS");
  if (flags?.since) parts.push(`since ${flags.since.toISOString()}`);
  if (flags?.until) parts.push(`until ${flags.until.toISOString()}`);
  for (const o of flags?.objects ?? []) parts.push(`object "${o.text}"`);
  for (const t of flags?.telescopes ?? []) parts.push(`telescope "${t}"`);
  if (c.limit) parts.push(`limit ${c.limit}`);
  return parts.join(", ");
}

/** Opens the run log; a library that cannot take it is reported by the run itself. */
async function openLog(ctx: CliContext, cfg: Config, command: string): Promise<RunLog | null> {
  try {
    return await RunLog.open(cfg.library, command, { secrets: [cfg.password] });
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable) throw e;
    ctx.out.debug(`no run log: ${(e as Error).message.split("\n")[0]}`);
    return null;
  }
}

/**
 * Runs a download or retry with progress, log and summary; resolves to the exit code. A watch
 * passes the interruption that outlives its runs; `verify --repair` passes it too, with the
 * client it logged in on its signal.
 */
export async function download(
  ctx: CliContext,
  cfg: Config,
  choice: DownloadChoice,
  interruption?: Interruption,
  loggedIn?: SloohClient,
): Promise<number> {
  const out = ctx.out;
  requireLibrary(cfg);
  refuseUnmountedDrive(cfg.library!);
  const layout = new Layout(cfg.folderTemplate, cfg.fileTemplate);
  await ensureCredentials(cfg, ctx.prompter());
  const stop = interruption ?? interruptible(out);
  const started = performance.now();
  let log: RunLog | null = null;
  let reporter: ReturnType<typeof progressReporter> | null = null;
  let counted: Tally | null = null;
  try {
    const client = loggedIn ?? makeClient(cfg, out, stop.signal);
    reporter = progressReporter(out, progressMode(out.opts.quiet, Deno.stderr.isTerminal()));
    const { events, tally } = tallying(reporter);
    counted = tally;
    // Logged in before the log is opened, since a refused login must leave no library folder
    // behind; what the login printed goes into the log once it is open.
    const early: string[] = [];
    out.log = { write: (line) => early.push(line) };
    if (!loggedIn) {
      client.onWait = (w) => events.retrying?.(null, w);
      await client.login();
      client.onWait = null;
    }
    // A dry run writes nothing, not even its log.
    log = choice.dryRun ? null : await openLog(ctx, cfg, choice.command);
    for (const line of early) log?.write(line);
    out.log = log;
    log?.write(`slooh-dl ${VERSION} ${choice.command} as ${cfg.username} from ${client.baseUrl}`);
    log?.write(describeChoice(cfg, choice, choice.selection));
    out.info(`${choice.dryRun ? "Checking" : "Updating"} ${cfg.library} from ${client.baseUrl}`);
    const summary = await runDownload({
      root: cfg.library,
      layout,
      client,
      concurrency: cfg.concurrency,
      rateLimit: cfg.rateLimit,
      retries: cfg.retries,
      retryBaseMs: cfg.retryBaseMs,
      idleTimeoutMs: cfg.idleTimeoutMs,
      stallTimeoutMs: cfg.stallTimeoutMs,
      pageSize: cfg.pageSize,
      pictures: choice.pictures,
      fits: cfg.fits,
      all: choice.all,
      adoptBySize: cfg.adoptBySize,
      missionId: choice.missionId,
      filter: choice.selection ? selectionFilter(choice.selection) : undefined,
      limit: choice.limit,
      dryRun: choice.dryRun,
      retryOnly: choice.retryOnly,
      signal: stop.signal,
      events,
    });
    reporter.stop();
    report(ctx, choice, cfg, summary, log);
    await refreshAfterRun(ctx, cfg, summary, stop.signal);
    // Stopped during the refresh too: the exit says so, as after a stop during the transfers.
    if (summary.interrupted || stop.signal.aborted) return stop.exitCode;
    return summary.failed ? ExitCode.someFailed : ExitCode.ok;
  } catch (e) {
    // Stopped before the run began (e.g. while logging in): nothing to sum up.
    if (stop.signal.aborted && e instanceof DOMException && e.name === "AbortError") {
      return stop.exitCode;
    }
    if (!(e instanceof FatalError) || e.exitCode !== ExitCode.aborted || !counted) {
      out.record(`error: ${(e as Error)?.message?.split("\n")[0] ?? e}`);
      throw e;
    }
    // Aborted mid-run: the error, then what was done before it, as after any run.
    reporter?.stop();
    out.error(e.message);
    reportAborted(ctx, choice, cfg, {
      ...counted,
      durationMs: Math.round(performance.now() - started),
      error: e.message,
    }, log);
    return ExitCode.aborted;
  } finally {
    reporter?.stop();
    if (!interruption) stop.dispose();
    out.log = null;
    log?.close();
  }
}

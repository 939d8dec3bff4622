/** `retry`: fetch again exactly the items that failed before. */
import type { Config } from "../../config/config.ts";
import type { CliContext } from "../context.ts";
import type { RetryOptions } from "../definitions/retry.ts";
import { openRecordedState } from "../library_folder.ts";
import { loadPermittedConfig } from "../permissions.ts";
import { emptySummary } from "../../download/run.ts";
import { downloadReport } from "../download_report.ts";
import { downloadOnce } from "./download.ts";

/** Runs `retry` with the options its command line parsed. */
export async function retryAction(ctx: CliContext, opts: RetryOptions): Promise<void> {
  const directory = opts.directory ?? opts.library;
  const cfg = await loadPermittedConfig(
    {
      configFile: ctx.globals().config,
      library: directory,
      gallery: opts.gallery === false ? false : undefined,
    },
    "download",
  );
  if (nothingToRetry(ctx, cfg, !!opts.json)) return;
  ctx.exitCode = await downloadOnce(ctx, cfg, {
    command: "retry",
    all: false,
    pictures: true,
    dryRun: false,
    json: !!opts.json,
    retryOnly: true,
    given: { config: ctx.globals().config, directory },
  });
}

/** `retry` with no failed item says so and ends before any login. */
function nothingToRetry(ctx: CliContext, cfg: Config, json: boolean): boolean {
  // A folder that is no library yet is a mistaken -d, not a library with nothing to retry.
  const state = openRecordedState(cfg);
  let failed = 0;
  try {
    failed = state.failedCount();
  } finally {
    state.close();
  }
  if (failed > 0) return false;
  if (json) {
    const summary = emptySummary();
    summary.timings.startupMs = Math.round(performance.now());
    ctx.out.data(JSON.stringify(downloadReport(cfg, false, summary, null)));
  }
  ctx.out.always(`Nothing to retry: no failed items in ${cfg.library}.`);
  return true;
}

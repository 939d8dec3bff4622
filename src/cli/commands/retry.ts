/** `retry`: fetch again exactly the items that failed before. */
import { Command } from "@commander-js/extra-typings";
import type { Config } from "../../config/config.ts";
import { folderArg, libraryAlias } from "../args.ts";
import type { CliContext } from "../context.ts";
import { openRecordedStateIfAny } from "../library_folder.ts";
import { loadPermittedConfig } from "../permissions.ts";
import { emptySummary } from "../../download/run.ts";
import { downloadReport } from "../download_report.ts";
import { download } from "./download.ts";

/** The `retry` command. */
export function retryCommand(ctx: CliContext) {
  return new Command("retry")
    .description("retry the items that failed before")
    .option("-d, --directory <dir>", "library folder", folderArg)
    .addOption(libraryAlias())
    .option("--json", "print the run summary as JSON on stdout")
    .option("--no-gallery", "do not refresh the library's gallery after this run")
    .addHelpText("after", "\nExample:\n  slooh-dl retry -d ~/Pictures/Slooh")
    .action(async (opts) => {
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
      ctx.exitCode = await download(ctx, cfg, {
        command: "retry",
        all: false,
        pictures: true,
        dryRun: false,
        json: !!opts.json,
        retryOnly: true,
        given: { config: ctx.globals().config, directory },
      });
    });
}

/** `retry` with no failed item says so and ends before any login. */
function nothingToRetry(ctx: CliContext, cfg: Config, json: boolean): boolean {
  const state = openRecordedStateIfAny(cfg);
  let failed = 0;
  try {
    failed = state?.countByStatus().failed ?? 0;
  } finally {
    state?.close();
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

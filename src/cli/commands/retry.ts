/** `retry`: fetch again exactly the items that failed before. */
import { Command } from "@commander-js/extra-typings";
import type { Config } from "../../config/config.ts";
import { folderArg, libraryAlias } from "../args.ts";
import type { CliContext } from "../context.ts";
import { openRecordedStateIfAny } from "../library_folder.ts";
import { loadPermittedConfig } from "../permissions.ts";
import { download, type DownloadReport } from "./download.ts";

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
    ctx.out.data(JSON.stringify(
      {
        library: cfg.library,
        dryRun: false,
        downloaded: 0,
        adopted: 0,
        skipped: 0,
        failed: 0,
        bytes: 0,
        durationMs: 0,
        pageRequests: 0,
        interrupted: false,
        failures: [],
        timings: {
          startupMs: Math.round(performance.now()),
          loginMs: 0,
          pagesMs: 0,
          missionSearchMs: 0,
          fileChecksMs: 0,
        },
        log: null,
      } satisfies DownloadReport,
    ));
  }
  ctx.out.always(`Nothing to retry: no failed items in ${cfg.library}.`);
  return true;
}

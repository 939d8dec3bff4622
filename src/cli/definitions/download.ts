/** `download` on the command line: name, options and help; the action is in commands/download.ts. */
import { Command } from "@commander-js/extra-typings";
import { MAX_CONCURRENCY } from "../../config/defaults.ts";
import { folderArg, intArg, intervalArg, libraryAlias, repeatable } from "../args.ts";

/** What `download` parsed from its options. */
export type DownloadOptions = ReturnType<ReturnType<typeof downloadDefinition>["opts"]>;

/** The `download` command without its action (main adds it). */
export function downloadDefinition() {
  return new Command("download")
    .description("bring the library up to date: new images, and files missing or cut short")
    .option("-d, --directory <dir>", "library folder", folderArg)
    .addOption(libraryAlias())
    .option("--all", "re-check every image instead of stopping at what earlier runs completed")
    .option("--since <date>", "only images captured on or after this UTC date (YYYY[-MM[-DD]])")
    .option("--until <date>", "only images captured on or before this UTC date (inclusive)")
    .option(
      "--object <text>",
      'only this object: "m42", "NGC 3195", or part of the title (repeat: any of them)',
      repeatable,
    )
    .option(
      "--telescope <text>",
      "only telescopes whose name contains this text (repeat: any of them)",
      repeatable,
    )
    .option("--mission <id>", "only this mission", intArg(1))
    .option("--no-fits", "skip raw FITS frames")
    .option("--fits-only", "only raw FITS frames")
    .option("--limit <n>", "download at most n files", intArg(1))
    .option("--dry-run", "list what would be downloaded and where; write nothing")
    .option(
      "--concurrency <n>",
      `parallel transfers, 1 to ${MAX_CONCURRENCY} (default 4)`,
      intArg(1, MAX_CONCURRENCY),
    )
    .option("--rate-limit <n>", "start at most n transfers a minute (0 = no cap)", intArg(0))
    .option("--retries <n>", "retries per file after the first try (default 3)", intArg(0))
    .option("--json", "print the run summary as JSON on stdout (with --watch: one line per run)")
    .option(
      "--watch <interval>",
      'run now, then again every interval ("90s", "30m", "2h") until Ctrl-C or SIGTERM',
      intervalArg,
    )
    .option("--no-gallery", "do not refresh the library's gallery after this run")
    .addHelpText(
      "after",
      `
Different filters must all match; a repeated --object or --telescope means either.
Filters apply to FITS through their mission.

Examples:
  slooh-dl download -d ~/Pictures/Slooh
  slooh-dl download --since 2025-09-01 --until 2025-09-30 --object m42
  slooh-dl download --object m42 --object m43 --telescope canary
  slooh-dl download --dry-run --no-fits
  slooh-dl download --watch 30m`,
    );
}

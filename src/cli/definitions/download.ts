/** `download` on the command line: name, options and help; the action is in commands/download.ts. */
import { MAX_CONCURRENCY } from "../../config/defaults.ts";
import { directoryOption, intArg, intervalArg, libraryAlias } from "../args.ts";
import { command, flag, negation, repeated, toggle, valued, type ValuesOf } from "../option.ts";

/** The `download` command (main adds its action). */
export const downloadDefinition = command({
  name: "download",
  description: "bring the library up to date: new images, and files missing or cut short",
  options: {
    directory: directoryOption(),
    library: libraryAlias(),
    all: flag("--all", "re-check every image instead of stopping at what earlier runs completed"),
    since: valued(
      "--since <date>",
      "only images captured on or after this UTC date (YYYY[-MM[-DD]])",
    ),
    until: valued("--until <date>", "only images captured on or before this UTC date (inclusive)"),
    object: repeated(
      "--object <text>",
      'only this object: "m42", "NGC 3195", or part of the title (repeat: any of them)',
    ),
    telescope: repeated(
      "--telescope <text>",
      "only telescopes whose name contains this text (repeat: any of them)",
    ),
    mission: valued("--mission <id>", "only this mission", intArg(1)),
    fits: toggle(
      "--fits",
      "also raw FITS frames this run (when download.fits is false)",
      "--no-fits",
      "skip raw FITS frames",
    ),
    fitsOnly: flag("--fits-only", "only raw FITS frames"),
    limit: valued("--limit <n>", "download at most n files", intArg(1)),
    dryRun: flag("--dry-run", "list what would be downloaded and where; write nothing"),
    concurrency: valued(
      "--concurrency <n>",
      `parallel transfers, 1 to ${MAX_CONCURRENCY} (default 4)`,
      intArg(1, MAX_CONCURRENCY),
    ),
    rateLimit: valued(
      "--rate-limit <n>",
      "start at most n transfers a minute (0 = no cap)",
      intArg(0),
    ),
    retries: valued("--retries <n>", "retries per file after the first try (default 3)", intArg(0)),
    json: flag(
      "--json",
      "print the run summary as JSON on stdout (with --watch: one line per run)",
    ),
    watch: valued(
      "--watch <interval>",
      'run now, then again every interval ("90s", "30m", "2h") until Ctrl-C or SIGTERM',
      intervalArg,
    ),
    gallery: negation("--no-gallery", "do not refresh the library's gallery after this run"),
  },
  after: `
Different filters must all match; a repeated --object or --telescope means either.
Filters apply to FITS through their mission.

Examples:
  slooh-dl download -d ~/Pictures/Slooh
  slooh-dl download --since 2025-09-01 --until 2025-09-30 --object m42
  slooh-dl download --object m42 --object m43 --telescope canary
  slooh-dl download --dry-run --no-fits
  slooh-dl download --watch 30m`,
});

/** What `download` parsed from its options. */
export type DownloadOptions = ValuesOf<typeof downloadDefinition.options>;

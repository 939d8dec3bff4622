/** `refile` on the command line: name, options and help; the action is in commands/refile.ts. */
import { directoryOption, libraryAlias } from "../args.ts";
import { command, flag, type ValuesOf } from "../option.ts";

/** The `refile` command (main adds its action). */
export const refileDefinition = command({
  name: "refile",
  description: "move every downloaded file to where today's templates and rules put it",
  options: {
    directory: directoryOption(),
    library: libraryAlias(),
    dryRun: flag("-n, --dry-run", "list the moves without making them"),
    json: flag("--json", "print the moves as JSON on stdout"),
  },
  after:
    "\nDownloads keep the path a file was given; refile is the one way to re-file. Run it after " +
    "\nchanging folders.template or folders.filename_template, and after an upgrade whose " +
    "\nnotes say the filing rules changed. It renames inside the library only, needs no login, " +
    "\nand can be stopped at any point: the next refile or download completes it.\n\n" +
    "Examples:\n  slooh-dl refile --dry-run\n  slooh-dl refile -d ~/Pictures/Slooh",
});

/** What `refile` parsed from its options. */
export type RefileOptions = ValuesOf<typeof refileDefinition.options>;

/** `refile` on the command line: name, options and help; the action is in commands/refile.ts. */
import { Command } from "@commander-js/extra-typings";
import { folderArg, libraryAlias } from "../args.ts";

/** What `refile` parsed from its options. */
export type RefileOptions = ReturnType<ReturnType<typeof refileDefinition>["opts"]>;

/** The `refile` command without its action (main adds it). */
export function refileDefinition() {
  return new Command("refile")
    .description("move every downloaded file to where today's templates and rules put it")
    .option("-d, --directory <dir>", "library folder", folderArg)
    .addOption(libraryAlias())
    .option("-n, --dry-run", "list the moves without making them")
    .option("--json", "print the moves as JSON on stdout")
    .addHelpText(
      "after",
      "\nDownloads keep the path a file was given; refile is the one way to re-file. Run it after " +
        "\nchanging folders.template or folders.filename_template, and after an upgrade whose " +
        "\nnotes say the filing rules changed. It renames inside the library only, needs no login, " +
        "\nand can be stopped at any point: the next refile or download completes it.\n\n" +
        "Examples:\n  slooh-dl refile --dry-run\n  slooh-dl refile -d ~/Pictures/Slooh",
    );
}

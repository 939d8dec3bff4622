/** `missions` on the command line: name, options and help; the action is in commands/missions.ts. */
import { Command } from "@commander-js/extra-typings";
import { folderArg, intArg, libraryAlias } from "../args.ts";

/** What `missions` parsed from its options. */
export type MissionsOptions = ReturnType<ReturnType<typeof missionsDefinition>["opts"]>;

/** The `missions` command without its action (main adds it). */
export function missionsDefinition() {
  return new Command("missions")
    .description("list your missions, newest first, with image and FITS counts and local status")
    .option("-d, --directory <dir>", "library folder (for the local status)", folderArg)
    .addOption(libraryAlias())
    .option("--limit <n>", "show at most n missions", intArg(1))
    .option("--json", "print the missions as JSON on stdout")
    .addHelpText(
      "after",
      `
LOCAL: complete (every picture and FITS present), partial, or none; "-" without a library.

Examples:
  slooh-dl missions --limit 20
  slooh-dl missions --json > missions.json`,
    );
}

/** `stats` on the command line: name, options and help; the action is in commands/stats.ts. */
import { Command } from "@commander-js/extra-typings";
import { folderArg, intArg, libraryAlias } from "../args.ts";

/** What `stats` parsed from its options. */
export type StatsOptions = ReturnType<ReturnType<typeof statsDefinition>["opts"]>;

/** The `stats` command without its action (main adds it). */
export function statsDefinition() {
  return new Command("stats")
    .description("what the library holds: totals by format, telescope and object; last runs")
    .option("-d, --directory <dir>", "library folder", folderArg)
    .addOption(libraryAlias())
    .option("--top <n>", "objects to list (default 10)", intArg(1))
    .option("--runs <n>", "recent runs to list (default 5)", intArg(1))
    .option("--json", "print the statistics as JSON on stdout")
    .addHelpText(
      "after",
      "\nNeeds no login: it reads the library's own records.\n\nExamples:\n" +
        "  slooh-dl stats -d ~/Pictures/Slooh\n  slooh-dl stats --json --top 25",
    );
}

/** `stats` on the command line: name, options and help; the action is in commands/stats.ts. */
import { directoryOption, intArg, libraryAlias } from "../args.ts";
import { command, flag, valued, type ValuesOf } from "../option.ts";

/** The `stats` command (main adds its action). */
export const statsDefinition = command({
  name: "stats",
  description: "what the library holds: totals by format, telescope and object; last runs",
  options: {
    directory: directoryOption(),
    library: libraryAlias(),
    top: valued("--top <n>", "objects to list (default 10)", intArg(1)),
    runs: valued("--runs <n>", "recent runs to list (default 5)", intArg(1)),
    json: flag("--json", "print the statistics as JSON on stdout"),
  },
  after: "\nNeeds no login: it reads the library's own records.\n\nExamples:\n" +
    "  slooh-dl stats -d ~/Pictures/Slooh\n  slooh-dl stats --json --top 25",
});

/** What `stats` parsed from its options. */
export type StatsOptions = ValuesOf<typeof statsDefinition.options>;

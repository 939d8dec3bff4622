/** `missions` on the command line: name, options and help; the action is in commands/missions.ts. */
import { directoryOption, intArg, libraryAlias } from "../args.ts";
import { command, flag, valued, type ValuesOf } from "../option.ts";

/** The `missions` command (main adds its action). */
export const missionsDefinition = command({
  name: "missions",
  description: "list your missions, newest first, with image and FITS counts and local status",
  options: {
    directory: directoryOption("library folder (for the local status)"),
    library: libraryAlias(),
    limit: valued("--limit <n>", "show at most n missions", intArg(1)),
    json: flag("--json", "print the missions as JSON on stdout"),
  },
  after: `
LOCAL: complete (every picture and FITS present), partial, or none; "-" without a library.

Examples:
  slooh-dl missions --limit 20
  slooh-dl missions --json > missions.json`,
});

/** What `missions` parsed from its options. */
export type MissionsOptions = ValuesOf<typeof missionsDefinition.options>;

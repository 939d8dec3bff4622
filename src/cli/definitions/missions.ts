/** `missions` on the command line: name, options and help; the action is in commands/missions.ts. */
import { Command } from "@commander-js/extra-typings";
import { folderArg, intArg, libraryAlias } from "../args.ts";
import type { CliContext } from "../context.ts";

/** The `missions` command; its action is loaded only when it runs. */
export function missionsCommand(ctx: CliContext) {
  return missionsDefinition().action(async (opts) => {
    const { missionsAction } = await import("../commands/missions.ts");
    await missionsAction(ctx, opts);
  });
}

/** What `missions` parsed from its options. */
export type MissionsOptions = ReturnType<ReturnType<typeof missionsDefinition>["opts"]>;

/** The command `missions` without its action. */
function missionsDefinition() {
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

/** `retry` on the command line: name, options and help; the action is in commands/retry.ts. */
import { Command } from "@commander-js/extra-typings";
import { folderArg, libraryAlias } from "../args.ts";

/** What `retry` parsed from its options. */
export type RetryOptions = ReturnType<ReturnType<typeof retryDefinition>["opts"]>;

/** The `retry` command without its action (main adds it). */
export function retryDefinition() {
  return new Command("retry")
    .description("retry the items that failed before")
    .option("-d, --directory <dir>", "library folder", folderArg)
    .addOption(libraryAlias())
    .option("--json", "print the run summary as JSON on stdout")
    .option("--no-gallery", "do not refresh the library's gallery after this run")
    .addHelpText("after", "\nExample:\n  slooh-dl retry -d ~/Pictures/Slooh");
}

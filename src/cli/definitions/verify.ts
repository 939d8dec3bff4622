/** `verify` on the command line: name, options and help; the action is in commands/verify.ts. */
import { Command } from "@commander-js/extra-typings";
import { folderArg, libraryAlias } from "../args.ts";

/** What `verify` parsed from its options. */
export type VerifyOptions = ReturnType<ReturnType<typeof verifyDefinition>["opts"]>;

/** The `verify` command without its action (main adds it). */
export function verifyDefinition() {
  return new Command("verify")
    .description("re-hash every downloaded file against its recorded sha256")
    .option("-d, --directory <dir>", "library folder", folderArg)
    .addOption(libraryAlias())
    .option("--repair", "fetch missing and damaged files again (needs a login)")
    .option("--json", "print the findings as JSON on stdout")
    .addHelpText(
      "after",
      `
Without --repair it needs no login and no network. Files the library's record does not know
are listed but never touched. Exit 0 when every file is intact (or, with --repair, restored),
1 when something is missing or damaged, 4 when Slooh cannot be reached for --repair.

Examples:
  slooh-dl verify -d ~/Pictures/Slooh
  slooh-dl verify --repair`,
    );
}

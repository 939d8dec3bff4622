/** `verify` on the command line: name, options and help; the action is in commands/verify.ts. */
import { directoryOption, libraryAlias } from "../args.ts";
import { command, flag, type ValuesOf } from "../option.ts";

/** The `verify` command (main adds its action). */
export const verifyDefinition = command({
  name: "verify",
  description: "re-hash every downloaded file against its recorded sha256",
  options: {
    directory: directoryOption(),
    library: libraryAlias(),
    repair: flag("--repair", "fetch missing and damaged files again (needs a login)"),
    json: flag("--json", "print the findings as JSON on stdout"),
  },
  after: `
Without --repair it needs no login and no network. Files the library's record does not know
are listed but never touched. Exit 0 when every file is intact (or, with --repair, restored),
1 when something is missing or damaged, 4 when Slooh cannot be reached for --repair.

Examples:
  slooh-dl verify -d ~/Pictures/Slooh
  slooh-dl verify --repair`,
});

/** What `verify` parsed from its options. */
export type VerifyOptions = ValuesOf<typeof verifyDefinition.options>;

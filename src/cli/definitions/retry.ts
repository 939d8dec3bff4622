/** `retry` on the command line: name, options and help; the action is in commands/retry.ts. */
import { directoryOption, libraryAlias } from "../args.ts";
import { command, flag, negation, type ValuesOf } from "../option.ts";

/** The `retry` command (main adds its action). */
export const retryDefinition = command({
  name: "retry",
  description: "retry the items that failed before",
  options: {
    directory: directoryOption(),
    library: libraryAlias(),
    json: flag("--json", "print the run summary as JSON on stdout"),
    gallery: negation("--no-gallery", "do not refresh the library's gallery after this run"),
  },
  after: "\nExample:\n  slooh-dl retry -d ~/Pictures/Slooh",
});

/** What `retry` parsed from its options. */
export type RetryOptions = ValuesOf<typeof retryDefinition.options>;

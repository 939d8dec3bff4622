/** `login` on the command line: name, options and help; the action is in commands/login.ts. */
import { command, flag, type ValuesOf } from "../option.ts";

/** The `login` command (main adds its action). */
export const loginDefinition = command({
  name: "login",
  aliases: ["test"],
  description: "check your credentials and API access; print the account summary",
  options: { json: flag("--json", "print the summary as JSON on stdout") },
  after: "\nExample:\n  SLOOH_USERNAME=me@example.com slooh-dl login",
});

/** What `login` parsed from its options. */
export type LoginOptions = ValuesOf<typeof loginDefinition.options>;

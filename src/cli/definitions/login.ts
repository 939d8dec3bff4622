/** `login` on the command line: name, options and help; the action is in commands/login.ts. */
import { Command } from "@commander-js/extra-typings";

/** What `login` parsed from its options. */
export type LoginOptions = ReturnType<ReturnType<typeof loginDefinition>["opts"]>;

/** The `login` command without its action (main adds it). */
export function loginDefinition() {
  return new Command("login")
    .alias("test")
    .description("check your credentials and API access; print the account summary")
    .option("--json", "print the summary as JSON on stdout")
    .addHelpText("after", "\nExample:\n  SLOOH_USERNAME=me@example.com slooh-dl login");
}

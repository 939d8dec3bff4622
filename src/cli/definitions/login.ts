/** `login` on the command line: name, options and help; the action is in commands/login.ts. */
import { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../context.ts";

/** The `login` command; its action is loaded only when it runs. */
export function loginCommand(ctx: CliContext) {
  return loginDefinition().action(async (opts) => {
    const { loginAction } = await import("../commands/login.ts");
    await loginAction(ctx, opts);
  });
}

/** What `login` parsed from its options. */
export type LoginOptions = ReturnType<ReturnType<typeof loginDefinition>["opts"]>;

/** The command `login` without its action. */
function loginDefinition() {
  return new Command("login")
    .alias("test")
    .description("check your credentials and API access; print the account summary")
    .option("--json", "print the summary as JSON on stdout")
    .addHelpText("after", "\nExample:\n  SLOOH_USERNAME=me@example.com slooh-dl login");
}

/** `configure` on the command line: name, options and help; the action is in commands/configure.ts. */
import {
  DEFAULT_FILE_TEMPLATE,
  DEFAULT_FOLDER_TEMPLATE,
  MAX_CONCURRENCY,
} from "../../config/defaults.ts";
import { directoryOption, intArg, libraryAlias } from "../args.ts";
import { command, flag, negation, toggle, valued, type ValuesOf } from "../option.ts";

/** The `configure` command (main adds its action). */
export const configureDefinition = command({
  name: "configure",
  description: "set up account, library folder, layout, FITS and concurrency",
  options: {
    username: valued("--username <e-mail>", "Slooh username"),
    passwordStdin: flag(
      "--password-stdin",
      "read the password from standard input (or set SLOOH_PASSWORD)",
    ),
    directory: directoryOption(),
    library: libraryAlias(),
    baseUrl: valued(
      "--base-url <url>",
      "Slooh API URL (default https://app.slooh.com; e.g. a simulator)",
    ),
    folderTemplate: valued(
      "--folder-template <template>",
      `folders inside the library (${DEFAULT_FOLDER_TEMPLATE})`,
    ),
    fileTemplate: valued("--file-template <template>", `file name (${DEFAULT_FILE_TEMPLATE})`),
    fits: toggle("--fits", "download raw FITS frames", "--no-fits", "skip raw FITS frames"),
    concurrency: valued("--concurrency <n>", "parallel transfers", intArg(1, MAX_CONCURRENCY)),
    storePassword: toggle(
      "--store-password",
      "store the password in the config file (plain text)",
      "--no-store-password",
      "do not store the password; remove a stored one",
    ),
    yes: flag("-y, --yes", "ask nothing: use the flags, then the current values, then defaults"),
    check: negation("--no-check", "save without checking the login (and without a preview)"),
  },
  after: `
Without a terminal nothing is asked, as with --yes. The password is never taken from the
command line: use SLOOH_PASSWORD or --password-stdin.

Examples:
  slooh-dl configure
  read -rs SLOOH_PASSWORD && export SLOOH_PASSWORD    # typed, not echoed, not in history
  slooh-dl configure --yes --username me@example.com -d ~/Pictures/Slooh`,
});

/** What `configure` parsed from its options. */
export type ConfigureOptions = ValuesOf<typeof configureDefinition.options>;

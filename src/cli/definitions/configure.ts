/** `configure` on the command line: name, options and help; the action is in commands/configure.ts. */
import { Command } from "@commander-js/extra-typings";
import {
  DEFAULT_FILE_TEMPLATE,
  DEFAULT_FOLDER_TEMPLATE,
  MAX_CONCURRENCY,
} from "../../config/defaults.ts";
import { folderArg, intArg, libraryAlias } from "../args.ts";

/** What `configure` parsed from its options. */
export type ConfigureOptions = ReturnType<ReturnType<typeof configureDefinition>["opts"]>;

/** The `configure` command without its action (main adds it). */
export function configureDefinition() {
  return new Command("configure")
    .description("set up account, library folder, layout, FITS and concurrency")
    .option("--username <e-mail>", "Slooh username")
    .option("--password-stdin", "read the password from standard input (or set SLOOH_PASSWORD)")
    .option("-d, --directory <dir>", "library folder", folderArg)
    .addOption(libraryAlias())
    .option("--base-url <url>", "Slooh API URL (default https://app.slooh.com; e.g. a simulator)")
    .option(
      "--folder-template <template>",
      `folders inside the library (${DEFAULT_FOLDER_TEMPLATE})`,
    )
    .option("--file-template <template>", `file name (${DEFAULT_FILE_TEMPLATE})`)
    .option("--fits", "download raw FITS frames")
    .option("--no-fits", "skip raw FITS frames")
    .option("--concurrency <n>", "parallel transfers", intArg(1, MAX_CONCURRENCY))
    .option("--store-password", "store the password in the config file (plain text)")
    .option("--no-store-password", "do not store the password; remove a stored one")
    .option("-y, --yes", "ask nothing: use the flags, then the current values, then defaults")
    .option("--no-check", "save without checking the login (and without a preview)")
    .addHelpText(
      "after",
      `
Without a terminal nothing is asked, as with --yes. The password is never taken from the
command line: use SLOOH_PASSWORD or --password-stdin.

Examples:
  slooh-dl configure
  SLOOH_PASSWORD=… slooh-dl configure --yes --username me@example.com -d ~/Pictures/Slooh`,
    );
}

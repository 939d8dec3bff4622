/** `export` on the command line: name, options and help; the action is in commands/export.ts. */
import { Command, Option } from "@commander-js/extra-typings";
import { folderArg, libraryAlias } from "../args.ts";

/** What `export` parsed from its options. */
export type ExportOptions = ReturnType<ReturnType<typeof exportDefinition>["opts"]>;

/** The `export` command without its action (main adds it). */
export function exportDefinition() {
  return new Command("export")
    .description("list every file of the library with its metadata and sha256 (CSV, JSON)")
    .option("-d, --directory <dir>", "library folder", folderArg)
    .addOption(libraryAlias())
    .addOption(
      new Option("--format <format>", "csv, json or sha256sum")
        .choices(["csv", "json", "sha256sum"] as const)
        .makeOptionMandatory(),
    )
    .option("-o, --output <file>", "write to this file (atomically) instead of stdout")
    .addHelpText(
      "after",
      `
Needs no login. Paths are relative to the library; capture times are UTC (ISO 8601).

Examples:
  slooh-dl export --format csv -o slooh.csv
  slooh-dl export --format sha256sum -o ~/Pictures/Slooh/SHA256SUMS
  cd ~/Pictures/Slooh && sha256sum -c --quiet SHA256SUMS`,
    );
}

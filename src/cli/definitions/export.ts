/** `export` on the command line: name, options and help; the action is in commands/export.ts. */
import { directoryOption, libraryAlias } from "../args.ts";
import { command, mandatory, oneOf, valued, type ValuesOf } from "../option.ts";

/** The `export` command (main adds its action). */
export const exportDefinition = command({
  name: "export",
  description: "list every file of the library with its metadata and sha256 (CSV, JSON)",
  options: {
    directory: directoryOption(),
    library: libraryAlias(),
    format: mandatory(
      oneOf("--format <format>", "csv, json or sha256sum", ["csv", "json", "sha256sum"] as const),
    ),
    output: valued("-o, --output <file>", "write to this file (atomically) instead of stdout"),
  },
  after: `
Needs no login. Paths are relative to the library; capture times are UTC (ISO 8601).

Examples:
  slooh-dl export --format csv -o slooh.csv
  slooh-dl export --format sha256sum -o ~/Pictures/Slooh/SHA256SUMS
  cd ~/Pictures/Slooh && sha256sum -c --quiet SHA256SUMS`,
});

/** What `export` parsed from its options. */
export type ExportOptions = ValuesOf<typeof exportDefinition.options>;

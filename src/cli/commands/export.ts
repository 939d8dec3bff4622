/** `export`: the library's files as CSV, JSON or sha256sum lines, from its records alone. */
import { Command, Option } from "@commander-js/extra-typings";
import { resolve } from "node:path";
import { ConfigError } from "../../errors.ts";
import { exportRow, exportSources, toCsv, toJson, toSha256sum } from "../../library/export_rows.ts";
import { folderArg, libraryAlias } from "../args.ts";
import { writeFileAtomic } from "../atomic_write.ts";
import type { CliContext } from "../context.ts";
import { plural } from "../format.ts";
import { openRecordedState, readerConfig } from "../library_folder.ts";

const FORMATS = { csv: toCsv, json: toJson, sha256sum: toSha256sum } as const;

/** The `export` command. */
export function exportCommand(ctx: CliContext) {
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
    )
    .action(async (opts) => {
      const out = ctx.out;
      const cfg = await readerConfig(ctx, opts);
      const state = openRecordedState(cfg);
      let text: string;
      let count: number;
      try {
        const rows = exportSources(state.db).map((s) => exportRow(s));
        text = FORMATS[opts.format](rows);
        count = rows.length;
      } finally {
        state.close();
      }
      if (opts.output === undefined) {
        if (text) out.data(text);
        return;
      }
      const target = resolve(opts.output);
      try {
        await writeFileAtomic(target, text);
      } catch (e) {
        if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.IsADirectory) {
          throw new ConfigError(`Cannot write ${target}: ${(e as Error).message.split(":")[0]}`);
        }
        throw e;
      }
      out.info(`Wrote ${plural(count, "file")} to ${target}.`);
    });
}

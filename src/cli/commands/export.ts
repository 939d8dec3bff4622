/** `export`: the library's files as CSV, JSON or sha256sum lines, from its records alone. */
import { resolve } from "node:path";
import { isDiskError } from "../../disk_error.ts";
import { ConfigError, FatalError } from "../../errors.ts";
import { exportRow, exportSources, toCsv, toJson, toSha256sum } from "../../library/export_rows.ts";
import { writeFileAtomic } from "../atomic_write.ts";
import type { CliContext } from "../context.ts";
import type { ExportOptions } from "../definitions/export.ts";
import { exportTarget } from "../export_target.ts";
import { plural } from "../format.ts";
import { openRecordedState, readerConfig } from "../library_folder.ts";
import { replaceFileNeeds, requirePermissions } from "../permissions.ts";

const FORMATS = { csv: toCsv, json: toJson, sha256sum: toSha256sum } as const;

/** Runs `export` with the options its command line parsed. */
export async function exportAction(ctx: CliContext, opts: ExportOptions): Promise<void> {
  const out = ctx.out;
  const cfg = await readerConfig(ctx, opts);
  const asked = opts.output === undefined ? null : resolve(opts.output);
  if (asked) requirePermissions(replaceFileNeeds(asked));
  const state = openRecordedState(cfg);
  let text: string;
  let count: number;
  let target: string | null = null;
  try {
    if (asked) {
      target = await exportTarget(cfg.library, state, asked);
      // Through a link the file lives elsewhere, where the same permissions are needed.
      if (target !== asked) requirePermissions(replaceFileNeeds(target));
    }
    const rows = exportSources(state.db).map((s) => exportRow(s));
    text = FORMATS[opts.format](rows);
    count = rows.length;
  } finally {
    state.close();
  }
  if (!target) {
    if (text) out.data(text);
    return;
  }
  try {
    await writeFileAtomic(target, text);
  } catch (e) {
    const why = (e as Error).message.split(":")[0];
    if (
      e instanceof Deno.errors.NotFound || e instanceof Deno.errors.IsADirectory ||
      e instanceof Deno.errors.NotADirectory
    ) {
      throw new ConfigError(`Cannot write ${target}: ${why}`);
    }
    // A full or read-only disk: the run could not finish, as for a download.
    if (isDiskError(e)) throw new FatalError(`Cannot write ${target}: ${why}`);
    throw e;
  }
  out.info(`Wrote ${plural(count, "file")} to ${target}.`);
}

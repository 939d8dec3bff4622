/**
 * FITS facts for a library downloaded before headers were read: each recorded FITS file's header
 * is read from the disk (its leading blocks only, no network), kept in the state, and its
 * `DATE-OBS` set as the file's mtime. Runs once per file: a read header is marked, facts or not.
 */
import { readFitsFacts } from "../fits/file_facts.ts";
import { resolveInside } from "../library/sanitize.ts";
import type { State } from "../library/state.ts";
import { filterWarning } from "./fetch_job.ts";
import { isDiskError } from "../disk_error.ts";

/** What the backfill did: headers read, mtimes changed, warnings to show. */
export interface BackfillResult {
  read: number;
  retimed: number;
  warnings: string[];
}

/** Reads the headers the state lacks from the files on disk; see the module comment. */
export async function backfillFitsFacts(root: string, state: State): Promise<BackfillResult> {
  const result: BackfillResult = { read: 0, retimed: 0, warnings: [] };
  const todo = state.fitsWithoutFacts();
  if (todo.length === 0) return result;
  const found: { key: string; facts: Awaited<ReturnType<typeof readFitsFacts>> }[] = [];
  for (const rec of todo) {
    if (!rec.path) continue;
    const file = resolveInside(root, rec.path);
    try {
      const facts = await readFitsFacts(file);
      found.push({ key: rec.key, facts });
      const warning = filterWarning(rec.path, rec.filename, facts);
      if (warning) result.warnings.push(warning);
      const at = facts?.observedAt;
      if (at && (await Deno.stat(file)).mtime?.getTime() !== at.getTime()) {
        await Deno.utime(file, at, at);
        result.retimed++;
      }
    } catch (e) {
      // A file gone or unreadable is the planner's to fetch again; a full disk is the run's end.
      if (isDiskError(e)) throw e;
    }
  }
  state.transaction(() => {
    for (const f of found) state.recordFits(f.key, f.facts);
  });
  result.read = found.length;
  return result;
}

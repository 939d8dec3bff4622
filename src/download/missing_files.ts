/**
 * The check a routine run makes below the anchor, where the walk no longer looks: each file
 * recorded as present must still be there with its recorded size, so files deleted or cut short
 * by hand are found (above the anchor the planner checks each item the same way). Same-size
 * damage is `verify`'s job.
 */
import { join } from "node:path";
import type { State } from "../library/state.ts";
import { statSizeSync } from "./local_file.ts";

/** Keys of the items recorded as present whose file is missing or has another size. */
export function changedFiles(root: string, state: State): string[] {
  const changed: string[] = [];
  // One synchronous pass: a local stat is cheaper than the hop to a thread and back. A plain
  // join: a stat writes nothing, and the planner checks the path again before a transfer.
  for (const f of state.donePaths()) {
    if (statSizeSync(join(root, f.path)) !== f.size) changed.push(f.key);
  }
  return changed;
}

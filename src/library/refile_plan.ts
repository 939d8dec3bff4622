/**
 * Where `refile` moves each recorded file, and in what order: today's templates and rules give
 * every file its path again, collisions are resolved as downloads resolve them, and the renames
 * are ordered so that none lands on a file that has not moved away yet.
 */
import type { Item } from "../slooh/types.ts";
import { alternative, type Layout } from "./layout.ts";
import { pathKey } from "./path_key.ts";

/** A file the state records: its item and where it is now, relative to the library root. */
export interface RecordedFile {
  item: Item;
  path: string;
  /** The filter label to file it under, when it differs from its name's (a FITS header's). */
  filter?: string;
}

/** One rename inside the library. */
export interface RefileStep {
  key: string;
  from: string;
  to: string;
}

/** The renames, in order, and how many files already sit where they belong. */
export interface RefilePlan {
  steps: RefileStep[];
  unchanged: number;
}

/** Paths are one path when they differ only in case or Unicode form, as on macOS and Windows. */
const fold = pathKey;

/** The name a file waits under while a cycle of renames (A→B, B→A) is broken. */
export function refileTemporaryPath(step: RefileStep): string {
  return `${step.from}.slooh-dl-refile`;
}

/**
 * The plan that puts every recorded file where `layout` puts it today.
 *
 * `foreign` holds the folded paths of files on disk the state does not know: they are never
 * moved or overwritten, so a file that wants such a path takes an alternative, as a download
 * would. Files already at their path keep it; the others claim paths in the order given (the
 * caller passes the roll's order, newest first, as a download sees them).
 */
export function planRefile(
  files: readonly RecordedFile[],
  layout: Layout,
  foreign: ReadonlySet<string> = new Set(),
): RefilePlan {
  const owner = new Map<string, string>();
  for (const path of foreign) owner.set(path, "");
  const wanted = files.map((f) =>
    layout.relativePath(f.item, f.filter === undefined ? {} : { filter: f.filter })
  );
  let unchanged = 0;
  files.forEach((f, i) => {
    if (fold(wanted[i]) === fold(f.path) && !owner.has(fold(f.path))) {
      owner.set(fold(f.path), f.item.key);
      if (wanted[i] === f.path) unchanged++;
    }
  });
  const moves: RefileStep[] = [];
  files.forEach((f, i) => {
    if (owner.get(fold(f.path)) === f.item.key && fold(wanted[i]) === fold(f.path)) {
      if (wanted[i] !== f.path) moves.push({ key: f.item.key, from: f.path, to: wanted[i] });
      return;
    }
    let to = wanted[i];
    for (let n = 0; owner.has(fold(to)) && owner.get(fold(to)) !== f.item.key; n++) {
      to = alternative(wanted[i], f.item, n);
    }
    owner.set(fold(to), f.item.key);
    if (to === f.path) unchanged++;
    else moves.push({ key: f.item.key, from: f.path, to });
  });
  return { steps: orderMoves(moves), unchanged };
}

/**
 * Orders renames so each target is free when its rename runs. A target can be the source of at
 * most one other rename, so the moves form chains and simple cycles: a chain runs from its free
 * end, a cycle first parks one file under a temporary name.
 */
function orderMoves(moves: RefileStep[]): RefileStep[] {
  const bySource = new Map(moves.map((m) => [fold(m.from), m]));
  // A case-only rename frees and takes the same folded path: it waits for nobody.
  const blocker = (m: RefileStep) =>
    fold(m.to) === fold(m.from) ? undefined : bySource.get(fold(m.to));
  const done = new Set<RefileStep>();
  const steps: RefileStep[] = [];
  for (const start of moves) {
    if (done.has(start)) continue;
    const chain: RefileStep[] = [];
    const inChain = new Set<RefileStep>();
    let cur: RefileStep | undefined = start;
    while (cur !== undefined && !done.has(cur) && !inChain.has(cur)) {
      chain.push(cur);
      inChain.add(cur);
      cur = blocker(cur);
    }
    const parked = cur !== undefined && inChain.has(cur) ? cur : undefined;
    if (parked) steps.push({ key: parked.key, from: parked.from, to: refileTemporaryPath(parked) });
    for (const m of chain.reverse()) {
      steps.push(m === parked ? { ...m, from: refileTemporaryPath(m) } : m);
      done.add(m);
    }
  }
  return steps;
}

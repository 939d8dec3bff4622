/**
 * `refile` carried out: every recorded file moved to where today's templates and rules put it,
 * inside the library only. The plan is written into the state before the first rename, and each
 * rename is recorded as it is made, so a run killed halfway is completed by the next `refile` or
 * `download` (recoverRefile) and the state never names a path the file has left.
 */
import { dirname, join } from "node:path";
import { filingFilter } from "../fits/facts.ts";
import { STATE_DIR } from "./library_dirs.ts";
import type { Layout } from "./layout.ts";
import { opticalFilter } from "./optical_filter.ts";
import { pathKey } from "./path_key.ts";
import { planRefile, type RecordedFile, type RefileStep } from "./refile_plan.ts";
import { resolveInside } from "./sanitize.ts";
import { recordToItem, type Row, type State } from "./state.ts";

/** What a refile did (or, dry, would do). */
export interface RefileResult {
  moved: RefileStep[];
  unchanged: number;
  /** Renames that could not be made, with why; those files stay where they were. */
  failed: { step: RefileStep; error: string }[];
  /** Folders left empty by the moves and removed. */
  removedFolders: number;
}

/** The files the state records as present, newest first (the order a download sees them). */
function recordedFiles(state: State): RecordedFile[] {
  return state.byStatus("done").filter((r) => r.path !== null).map((r) => {
    const letter = opticalFilter(r.filename);
    const filter = r.fits ? filingFilter(letter, r.fits.filter) : letter;
    return { item: recordToItem(r), path: r.path!, ...(filter !== letter ? { filter } : {}) };
  });
}

/** Folded relative paths of the files on disk the state does not know (never moved or replaced). */
async function foreignFiles(root: string, state: State): Promise<Set<string>> {
  const out = new Set<string>();
  const walk = async (dir: string, rel: string) => {
    for await (const e of Deno.readDir(dir)) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) {
        if (path !== STATE_DIR) await walk(join(dir, e.name), path);
      } else if (state.pathOwner(path) === undefined) out.add(pathKey(path));
    }
  };
  await walk(root, "");
  return out;
}

/** Plans the refile of the library at `root` with `layout`; dry, that is all it does. */
export async function refile(
  root: string,
  state: State,
  layout: Layout,
  dryRun: boolean,
): Promise<RefileResult> {
  const recovered = dryRun ? null : await recoverRefile(root, state);
  const plan = planRefile(recordedFiles(state), layout, await foreignFiles(root, state));
  if (dryRun) {
    return { moved: plan.steps, unchanged: plan.unchanged, failed: [], removedFolders: 0 };
  }
  state.transaction(() => {
    // Items not present yet lose their old path: their download takes today's.
    state.db.exec("UPDATE items SET path = NULL, path_key = NULL WHERE status != 'done'");
    const insert = state.q("INSERT INTO refile_steps (key, from_path, to_path) VALUES (?, ?, ?)");
    for (const s of plan.steps) insert.run(s.key, s.from, s.to);
  });
  const done = await recoverRefile(root, state);
  // A file the recovery moved is in place for today's plan too: counted once, as moved.
  const replanned = new Set(plan.steps.map((s) => s.key));
  const movedBefore = recovered!.moved.filter((s) => !replanned.has(s.key)).length;
  return {
    moved: [...recovered!.moved, ...done.moved],
    unchanged: plan.unchanged - movedBefore,
    failed: [...recovered!.failed, ...done.failed],
    removedFolders: recovered!.removedFolders + done.removedFolders,
  };
}

/** Completes the renames of a refile the state holds (none after a finished one). */
export async function recoverRefile(root: string, state: State): Promise<RefileResult> {
  const result: RefileResult = { moved: [], unchanged: 0, failed: [], removedFolders: 0 };
  const rows = state.q("SELECT seq, key, from_path, to_path FROM refile_steps ORDER BY seq")
    .all() as Row[];
  const left = new Set<string>();
  for (const r of rows) {
    const step = { key: String(r.key), from: String(r.from_path), to: String(r.to_path) };
    const error = await rename(root, step);
    state.transaction(() => {
      if (error === null) state.assignPath(step.key, step.to);
      state.q("DELETE FROM refile_steps WHERE seq = ?").run(r.seq);
    });
    if (error === null) {
      result.moved.push(step);
      left.add(dirname(step.from));
    } else result.failed.push({ step, error });
  }
  result.removedFolders = await removeEmptied(root, left);
  return result;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Whether `to` is free or `from` itself (one file under two cases on a case-blind disk). */
async function sameOrFree(from: string, to: string): Promise<boolean> {
  let t: Deno.FileInfo;
  try {
    t = await Deno.lstat(to);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return true;
    throw e;
  }
  const f = await Deno.lstat(from);
  // Without inode numbers (some Windows file systems) the disk is taken to be case-blind.
  return t.ino === null || (t.ino === f.ino && t.dev === f.dev);
}

/**
 * Makes one rename, or finds it made (a kill after the rename, before its record); null when
 * the file is at `to`, else why not. Never replaces a file: `to` must be free or `from` itself.
 */
async function rename(root: string, step: RefileStep): Promise<string | null> {
  const from = resolveInside(root, step.from);
  const to = resolveInside(root, step.to);
  try {
    const hasFrom = await exists(from);
    const caseOnly = pathKey(step.from) === pathKey(step.to);
    if (!hasFrom) return await exists(to) ? null : `${step.from} is missing`;
    if (caseOnly ? !(await sameOrFree(from, to)) : await exists(to)) {
      return `${step.to} is taken by another file`;
    }
    await Deno.mkdir(dirname(to), { recursive: true });
    await Deno.rename(from, to);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message.split("\n")[0] : String(e);
  }
}

/** Removes the folders in `dirs` (and their parents) that the moves left empty. */
async function removeEmptied(root: string, dirs: Set<string>): Promise<number> {
  let removed = 0;
  // Deepest first, so a parent is tried once its children are gone.
  const queue = [...dirs].sort((a, b) => b.split("/").length - a.split("/").length);
  const tried = new Set<string>();
  while (queue.length) {
    const dir = queue.shift()!;
    if (dir === "." || dir === "" || tried.has(dir)) continue;
    tried.add(dir);
    try {
      // Fails on a folder that still holds anything: only empty ones go.
      await Deno.remove(resolveInside(root, dir));
      removed++;
      queue.push(dirname(dir));
    } catch {
      // Not empty, or gone already.
    }
  }
  return removed;
}

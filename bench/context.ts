/** What every benchmark scenario shares: the work folder, nginx, and how figures are reported. */
import { basename, join } from "node:path";
import type { Target } from "./targets.ts";
import { syncDisks } from "./proc.ts";

/** Another build of slooh-dl measured next to this one (a patched copy, or an executable). */
export interface Variant {
  name: string;
  /** Its main.ts, or the executable itself. */
  main: string;
}

/** Shared state of one bench run. */
export interface BenchContext {
  /** bench/.work */
  work: string;
  /** Root that nginx serves. */
  www: string;
  /** nginx origin. */
  origin: string;
  /** Requests the file server (nginx) has answered so far. */
  fileRequests(): Promise<number>;
  /** Runs per measured figure; the median is reported. */
  rounds: number;
  /** Extra builds measured in the same rounds (`--variant`); the targets concern this one. */
  variants: Variant[];
  /** Prints one figure line (stdout). */
  figure(line: string): void;
  /** Prints progress (stderr). */
  log(line: string): void;
  /** Prints a target line and keeps it for the summary at the end. */
  target(t: Target): void;
}

let counter = 0;

/** A new empty folder under the work dir's `out/`. */
export async function freshDir(ctx: BenchContext, name: string): Promise<string> {
  const dir = join(ctx.work, "out", `${name}-${++counter}`);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  return dir;
}

/** Removes a folder and everything in it, now. */
export async function removeDir(dir: string): Promise<void> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

/** Where `discardDir` puts folders until `emptyTrash` deletes them at the end of the bench. */
function trashOf(work: string): string {
  return join(work, "trash");
}

/**
 * Puts a folder out of the way without deleting it: its files emptied, which frees their space,
 * and the folder moved into the work dir's trash. Deleting would bill the next runs: on an ext4
 * without a journal the kernel reuses no inode deleted in the last minute (six while its inode
 * table block is not yet written back; `recently_deleted` in fs/ext4/ialloc.c), and every new
 * inode is searched past them (measured here: 2,000 new files of 1 KiB, 0.1 s of system time; 1.2
 * to 2.1 s right after deleting as many, and 0.9 to 1.2 s three minutes later).
 */
export async function discardDir(ctx: Pick<BenchContext, "work">, dir: string): Promise<void> {
  try {
    await emptyFiles(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  await Deno.mkdir(trashOf(ctx.work), { recursive: true });
  await Deno.rename(dir, join(trashOf(ctx.work), `${basename(dir)}-${++counter}`));
}

async function emptyFiles(dir: string): Promise<void> {
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) await emptyFiles(path);
    else if (e.isFile) await Deno.truncate(path, 0);
  }
}

/** Deletes what `discardDir` put aside. */
export async function emptyTrash(work: string): Promise<void> {
  await removeDir(trashOf(work));
}

/**
 * The contenders of a round in the order they run: as given in even rounds, reversed in odd ones,
 * so that no contender always runs first (right after the fixture, or after the same other one).
 */
export function inRoundOrder<T>(round: number, contenders: readonly T[]): T[] {
  return round % 2 === 0 ? [...contenders] : [...contenders].reverse();
}

/**
 * Runs one measured program in a fresh folder, the disks synced first (what earlier runs left
 * dirty is written out before, not during), and discards the folder after.
 */
export async function inFreshDir<T>(
  ctx: BenchContext,
  name: string,
  run: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await freshDir(ctx, name);
  try {
    await syncDisks();
    return await run(dir);
  } finally {
    await discardDir(ctx, dir);
  }
}

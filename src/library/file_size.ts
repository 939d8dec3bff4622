/** The size of a file on the local disk, or null when no regular file is there. */
import { existsSync } from "node:fs";

/** Size of a regular file, or null when there is none at `path`. */
export async function statSize(path: string): Promise<number | null> {
  try {
    const st = await Deno.stat(path);
    return st.isFile ? st.size : null;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** Size of a regular file, or null; synchronous, as a local stat costs less than a thread hop. */
export function statSizeSync(path: string): number | null {
  try {
    const st = Deno.statSync(path);
    return st.isFile ? st.size : null;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/**
 * statSizeSync for a path where nothing usually is (a new file's place): checked first without
 * an exception, which costs several times the stat when thousands of new files are placed.
 */
export function sizeIfAnySync(path: string): number | null {
  return existsSync(path) ? statSizeSync(path) : null;
}

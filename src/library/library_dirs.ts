/** Every place slooh-dl keeps inside a library: one owner for the state folder's layout. */
import { createHash } from "node:crypto";
import { join } from "node:path";

/** Name of the state folder inside the library. */
export const STATE_DIR = ".slooh-dl";
/** Folder of the run logs inside the state folder. */
export const LOG_DIR = "logs";
/** Damaged copies wait here during `verify --repair`, so no byte is lost if Slooh's copy differs. */
export const DAMAGED_DIR = join(STATE_DIR, "damaged");
/** The gallery's folder inside the library (pages, previews, CSS, JS). */
export const GALLERY_DIR = join(STATE_DIR, "gallery");
/** The gallery's index page, at the library root. */
export const INDEX_FILE = "index.html";

/** The state folder of the library at `root`. */
export function stateDir(root: string): string {
  return join(root, STATE_DIR);
}

/** The state database of the library at `root`. */
export function stateDbPath(root: string): string {
  return join(root, STATE_DIR, "state.db");
}

/** The folder of partial files (transfers in progress). */
export function partialDir(root: string): string {
  return join(root, STATE_DIR, "partial");
}

/** The lock file held by a running download. */
export function lockPath(root: string): string {
  return join(root, STATE_DIR, "lock");
}

/** The lock file held while the gallery is written. */
export function galleryLockPath(root: string): string {
  return join(root, STATE_DIR, "gallery.lock");
}

/** The folder of the run logs. */
export function logDir(root: string): string {
  return join(root, STATE_DIR, LOG_DIR);
}

/** File name of an item's partial file: the key itself when it is short and safe, else a hash. */
export function partName(key: string): string {
  return /^[a-z]\d+$/.test(key)
    ? `${key}.part`
    : createHash("sha256").update(key).digest("hex").slice(0, 32) + ".part";
}

/** Where the partial file of an item lives. */
export function partPath(root: string, key: string): string {
  return join(partialDir(root), partName(key));
}

/** Whether `root` is a slooh-dl library (holds a state database). */
export function isLibrary(root: string): boolean {
  try {
    Deno.statSync(stateDbPath(root));
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Removes every partial file but those of the items `keep` (keys). */
export async function removePartialsExcept(root: string, keep: Iterable<string>): Promise<void> {
  const names = new Set([...keep].map(partName));
  const dir = partialDir(root);
  try {
    for await (const e of Deno.readDir(dir)) {
      if (!names.has(e.name)) await Deno.remove(join(dir, e.name)).catch(() => {});
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

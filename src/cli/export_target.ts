/**
 * Where `export -o` may write. The file is replaced by a rename, which would replace whatever
 * holds the name: a device (`/dev/full` as root), a FIFO, the library's state or one of its
 * images. So only a regular file (or a new name) outside the library's own files is taken, and
 * a symbolic link to a file is written through, to the file it names.
 */
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { ConfigError } from "../errors.ts";
import { STATE_DIR } from "../library/library_dirs.ts";
import type { State } from "../library/state.ts";

/** The path to write `target` at, or a ConfigError (exit 2) saying why it is refused. */
export async function exportTarget(root: string, state: State, target: string): Promise<string> {
  const refuse = (why: string) => new ConfigError(`Cannot export to ${target}: ${why}`);
  let write = target;
  let info = await lstatOrNull(target);
  if (info?.isSymlink) {
    // A dangling link is replaced like any name; a live one is written through.
    write = await realOr(target);
    info = write === target ? null : await Deno.stat(write);
  }
  if (info && !info.isFile) {
    throw refuse("it is not a regular file (without -o the export goes to stdout)");
  }
  // Compared as real paths, so that no link or `..` hides the library.
  const real = join(await realOr(dirname(write)), basename(write));
  const rel = relative(await realOr(root), real);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return write;
  const parts = rel.split(sep);
  if (parts[0] === STATE_DIR) throw refuse(`it is inside ${STATE_DIR}, the library's own records`);
  const recorded = state.db.prepare("SELECT 1 AS one FROM items WHERE path = ?").get(
    parts.join("/"),
  );
  if (recorded) throw refuse("it is one of the library's downloaded files");
  return write;
}

async function lstatOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.lstat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** The real path of `path`, or `path` itself when it does not exist (yet). */
async function realOr(path: string): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return path;
    throw e;
  }
}

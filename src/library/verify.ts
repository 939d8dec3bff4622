/**
 * Checking a library against its record: every file recorded as downloaded is re-hashed and
 * compared with the sha256 taken when it was written; files the record does not know are listed.
 */
import { join } from "node:path";
import { defaultHasher, type Hasher } from "./hash_pool.ts";
import { statSize } from "./file_size.ts";
import { resolveInside } from "./sanitize.ts";
import { INDEX_FILE, STATE_DIR } from "./library_dirs.ts";
import { pathKey } from "./path_key.ts";

/** A file the record says the library holds. */
export interface RecordedFile {
  key: string;
  path: string;
  size: number;
  sha256: string;
}

/** What is wrong with a recorded file, or null when it is intact. */
export type Problem = "missing" | "damaged" | null;

/** One step of a check: bytes hashed, or a file's verdict. */
export type CheckEvent =
  | { type: "bytes"; n: number }
  | { type: "checked"; file: RecordedFile; problem: Problem };

/**
 * Checks every file, yielding bytes hashed and each verdict; a size that differs from the record
 * settles it without reading a byte. The others are hashed by `hash` (on every core unless the
 * process may not start workers), so their verdicts come in completion order.
 */
export async function* checkFiles(
  root: string,
  files: readonly RecordedFile[],
  hash: Hasher = defaultHasher(),
): AsyncGenerator<CheckEvent> {
  const toHash: RecordedFile[] = [];
  const paths: string[] = [];
  for (const file of files) {
    const full = resolveInside(root, file.path);
    const size = await statSize(full);
    if (size !== file.size) {
      yield { type: "checked", file, problem: size === null ? "missing" : "damaged" };
      continue;
    }
    toHash.push(file);
    paths.push(full);
  }
  for await (const e of hash(paths)) {
    if (e.type === "bytes") yield e;
    else {
      const file = toHash[e.index];
      yield { type: "checked", file, problem: e.hex === file.sha256 ? null : "damaged" };
    }
  }
}

/** Names never reported as unknown, wherever they are: the desktop's own bookkeeping. */
const IGNORED_NAMES = new Set([".ds_store", "thumbs.db", "desktop.ini"]);

/** Files at the library's top level that slooh-dl writes: the gallery's index, and the checksum
 * list the README has `export` write there. */
const TOP_LEVEL_FILES = new Set([INDEX_FILE, "sha256sums"]);

/** Whether an untracked file is slooh-dl's or the system's, and so not worth reporting. */
export function isIgnored(relPath: string): boolean {
  const parts = relPath.split("/");
  if (parts[0] === STATE_DIR) return true;
  if (parts.length === 1 && TOP_LEVEL_FILES.has(parts[0].toLowerCase())) return true;
  return IGNORED_NAMES.has(parts.at(-1)!.toLowerCase());
}

/** Files under `root` (relative, `/`-separated, sorted) that no record claims. */
export async function unknownFiles(root: string, known: Iterable<string>): Promise<string[]> {
  const claimed = new Set<string>();
  for (const p of known) claimed.add(pathKey(p));
  const out: string[] = [];
  const walk = async (dir: string, rel: string) => {
    for await (const e of Deno.readDir(dir)) {
      const sub = rel ? `${rel}/${e.name}` : e.name;
      if (isIgnored(sub)) continue;
      if (e.isDirectory) await walk(join(dir, e.name), sub);
      else if (!claimed.has(pathKey(sub))) out.push(sub);
    }
  };
  await walk(root, "");
  return out.sort();
}

/**
 * Checking a library against its record: every file recorded as downloaded is re-hashed and
 * compared with the sha256 taken when it was written; files the record does not know are listed.
 */
import { join } from "node:path";
import { sha256OfFile } from "./file_hash.ts";
import { resolveInside } from "./sanitize.ts";
import { pathKey, STATE_DIR } from "./state.ts";

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

/** Files hashed at once: the hash runs on this thread, so more would only interleave. */
const PARALLEL = 1;

/** The verdict on one file; a size that differs settles it without reading a byte. */
async function checkOne(
  root: string,
  file: RecordedFile,
  onBytes: (n: number) => void,
): Promise<Problem> {
  const full = resolveInside(root, file.path);
  let size: number;
  try {
    const st = await Deno.stat(full);
    if (!st.isFile) return "missing";
    size = st.size;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "missing";
    throw e;
  }
  if (size !== file.size) return "damaged";
  return await sha256OfFile(full, onBytes) === file.sha256 ? null : "damaged";
}

/** Checks every file, yielding progress and verdicts in the order the checks end. */
export async function* checkFiles(
  root: string,
  files: readonly RecordedFile[],
): AsyncGenerator<CheckEvent> {
  const queue: CheckEvent[] = [];
  let wake: (() => void) | null = null;
  const push = (e: CheckEvent) => {
    queue.push(e);
    wake?.();
  };
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < files.length && failure === null) {
      const file = files[next++];
      try {
        push({
          type: "checked",
          file,
          problem: await checkOne(root, file, (n) => push({ type: "bytes", n })),
        });
      } catch (e) {
        failure ??= e;
      }
    }
  };
  let done = false;
  const workers = Promise.all(Array.from({ length: PARALLEL }, worker)).then(() => {
    done = true;
    wake?.();
  });
  while (!done || queue.length) {
    if (queue.length) {
      yield queue.shift()!;
      continue;
    }
    await new Promise<void>((resolve) => wake = resolve);
    wake = null;
  }
  await workers;
  if (failure !== null) throw failure;
}

/** Names never reported as unknown, wherever they are: the desktop's own bookkeeping. */
const IGNORED_NAMES = new Set([".ds_store", "thumbs.db", "desktop.ini"]);

/** Files at the library's top level that belong to slooh-dl's gallery. */
const GALLERY_FILES = new Set(["index.html"]);

/** Whether an untracked file is slooh-dl's or the system's, and so not worth reporting. */
export function isIgnored(relPath: string): boolean {
  const parts = relPath.split("/");
  if (parts[0] === STATE_DIR) return true;
  if (parts.length === 1 && GALLERY_FILES.has(parts[0].toLowerCase())) return true;
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

/**
 * The preview cache under LIB/.slooh-dl/gallery/previews/: files named by content hash and a
 * manifest of what each holds, so a refresh renders only what is new and drops what is gone.
 */
import { writeFileAtomic } from "../cli/atomic_write.ts";
import { join } from "node:path";
import type { PreviewRecord } from "./preview_job.ts";

const MANIFEST = "previews.json";
// 2: header facts as fitsFacts reads them, viewer copies binned by a whole factor.
const VERSION = 2;

/** Records by id, read from the manifest, keeping only those whose files are still there. */
export async function loadCache(dir: string): Promise<Map<string, PreviewRecord>> {
  const present = await listNames(dir);
  let parsed: { version?: number; previews?: Record<string, PreviewRecord> } = {};
  try {
    parsed = JSON.parse(await Deno.readTextFile(join(dir, MANIFEST)));
  } catch (e) {
    // A missing or damaged manifest only costs a re-render.
    if (!(e instanceof Deno.errors.NotFound) && !(e instanceof SyntaxError)) throw e;
  }
  const out = new Map<string, PreviewRecord>();
  if (parsed.version !== VERSION) return out;
  for (const [id, r] of Object.entries(parsed.previews ?? {})) {
    if (present.has(r.thumb) && (r.large === null || present.has(r.large))) out.set(id, r);
  }
  return out;
}

/** Writes the manifest (whole, then renamed over the old one). */
export async function saveCache(dir: string, records: ReadonlyMap<string, PreviewRecord>) {
  await writeFileAtomic(
    join(dir, MANIFEST),
    JSON.stringify({ version: VERSION, previews: Object.fromEntries(records) }),
  );
}

async function listNames(dir: string): Promise<Set<string>> {
  const names = new Set<string>();
  try {
    for await (const e of Deno.readDir(dir)) if (e.isFile) names.add(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names;
}

/**
 * Forgets records whose id is not in `keep` and deletes every file of the folder that no kept
 * record names (stale previews, leftovers of a killed run); returns how many files went.
 */
export async function pruneCache(
  dir: string,
  records: Map<string, PreviewRecord>,
  keep: ReadonlySet<string>,
): Promise<number> {
  for (const id of [...records.keys()]) if (!keep.has(id)) records.delete(id);
  const wanted = new Set([MANIFEST]);
  for (const r of records.values()) {
    wanted.add(r.thumb);
    if (r.large) wanted.add(r.large);
  }
  let removed = 0;
  for (const name of await listNames(dir)) {
    if (wanted.has(name)) continue;
    await Deno.remove(join(dir, name));
    removed++;
  }
  return removed;
}

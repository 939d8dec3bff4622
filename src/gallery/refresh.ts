/**
 * Brings a library's gallery up to date: renders the previews of new or changed files (and
 * colour sets), drops those of removed files, and rewrites the pages. Yields progress; the
 * caller decides what to show. Used by `slooh-dl gallery`, and meant for `download` after a run.
 */
import { writeFileAtomic } from "../cli/atomic_write.ts";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { GALLERY_DIR, INDEX_FILE } from "../library/library_dirs.ts";
import { lockGallery } from "../library/library_lock.ts";
import { ConfigError } from "../errors.ts";
import { galleryEntry, readLibrary } from "./entries.ts";
import { GENERATOR_META } from "./html.ts";
import { indexPage } from "./index_page.ts";
import { buildModel, type ObjectGroup } from "./model.ts";
import { objectPage } from "./object_page.ts";
import { loadCache, pruneCache, saveCache } from "./preview_cache.ts";
import type { PreviewJob, PreviewRecord } from "./preview_job.ts";
import { GALLERY_JS } from "./script.ts";
import { statsPage } from "./stats_page.ts";
import { GALLERY_CSS } from "./style.ts";
import { renderOnPool } from "./worker_pool.ts";

export { GALLERY_DIR, INDEX_FILE };

/** Options of a refresh. */
export interface GalleryOptions {
  /** Preview workers (default: one per core). */
  workers?: number;
}

/** Progress of a refresh. */
export type GalleryProgress =
  | { phase: "previews"; done: number; total: number }
  | { phase: "pages"; objects: number };

/** What a refresh did. */
export interface GalleryResult {
  /** Absolute path of the index page. */
  index: string;
  files: number;
  objects: number;
  /** Previews rendered in this run (files and colour sets). */
  rendered: number;
  /** Previews of files or sets that are no longer in the library, removed. */
  pruned: number;
  /** Files whose preview could not be rendered (they show a tile saying why). */
  unreadable: number;
}

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Refuses to replace an index.html at the library root that slooh-dl did not write. */
function requireOwnIndex(root: string): void {
  const path = join(root, INDEX_FILE);
  let text = "";
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    if (!(e instanceof Deno.errors.IsADirectory)) throw e;
  }
  if (!text.includes(GENERATOR_META)) {
    throw new ConfigError(
      `${path} exists and was not written by slooh-dl: move it elsewhere to make a gallery`,
    );
  }
}

/** Renders `jobs`, recording each result; yields progress counted from `base`. */
async function* render(
  jobs: PreviewJob[],
  records: Map<string, PreviewRecord>,
  progress: { done: number; total: number },
  workers: number | undefined,
): AsyncGenerator<GalleryProgress> {
  for await (const { job, record } of renderOnPool(jobs, workers)) {
    records.set(job.id, record);
    progress.done++;
    yield { phase: "previews", ...progress };
  }
}

async function writePages(
  root: string,
  objects: readonly ObjectGroup[],
  records: ReadonlyMap<string, PreviewRecord>,
  stats: string,
): Promise<void> {
  const dir = join(root, GALLERY_DIR);
  const pagesDir = join(dir, "objects");
  await Deno.mkdir(pagesDir, { recursive: true });
  await writeFileAtomic(join(dir, "gallery.css"), GALLERY_CSS);
  await writeFileAtomic(join(dir, "gallery.js"), GALLERY_JS);
  await writeFileAtomic(join(dir, "stats.html"), stats);
  const pages = new Set<string>();
  for (const o of objects) {
    pages.add(o.page);
    await writeFileAtomic(join(pagesDir, o.page), objectPage(o, records));
  }
  for await (const e of Deno.readDir(pagesDir)) {
    if (!pages.has(e.name)) await Deno.remove(join(pagesDir, e.name));
  }
  // The index last: once it is there, everything it links to is.
  await writeFileAtomic(join(root, INDEX_FILE), indexPage(objects, records));
}

/** Refreshes the gallery of the library at `root`, creating it when absent; one at a time. */
export async function* refreshGallery(
  root: string,
  options: GalleryOptions = {},
): AsyncGenerator<GalleryProgress, GalleryResult> {
  requireOwnIndex(root);
  using _lock = await lockGallery(root);
  return yield* refreshHeld(root, options);
}

async function* refreshHeld(
  root: string,
  options: GalleryOptions,
): AsyncGenerator<GalleryProgress, GalleryResult> {
  const library = readLibrary(root);
  // A file deleted since the last download has no card: nothing to link to.
  const files = library.files.filter((f) => exists(join(root, f.path)));
  const previewsDir = join(root, GALLERY_DIR, "previews");
  await Deno.mkdir(previewsDir, { recursive: true });
  const records = await loadCache(previewsDir);
  const jobs = new Map<string, PreviewJob>();
  for (const f of files) {
    if (records.has(f.sha256) || jobs.has(f.sha256)) continue;
    const files = [join(root, f.path)];
    jobs.set(f.sha256, { id: f.sha256, kind: f.kind, files, dir: previewsDir });
  }
  const progress = { done: 0, total: jobs.size };
  if (jobs.size) yield { phase: "previews", ...progress };
  yield* render([...jobs.values()], records, progress, options.workers);

  const entries = files.map((f) => galleryEntry(f, records.get(f.sha256)?.facts ?? undefined));
  let objects = buildModel(entries, records, sha);
  const colourJobs: PreviewJob[] = objects.flatMap((o) => o.missions)
    .flatMap((m) => (m.colour && !records.has(m.colour.id) ? [m.colour] : []))
    .map((c) => ({
      id: c.id,
      kind: "colour",
      files: c.frames.map((f) => join(root, f.path)),
      dir: previewsDir,
    }));
  progress.total += colourJobs.length;
  yield* render(colourJobs, records, progress, options.workers);
  if (colourJobs.length) objects = buildModel(entries, records, sha);

  const keep = new Set(files.map((f) => f.sha256));
  for (const o of objects) for (const m of o.missions) if (m.colour) keep.add(m.colour.id);
  const pruned = await pruneCache(previewsDir, records, keep);
  await saveCache(previewsDir, records);
  yield { phase: "pages", objects: objects.length };
  await writePages(root, objects, records, statsPage(entries, library.runs));
  return {
    index: join(root, INDEX_FILE),
    files: files.length,
    objects: objects.length,
    rendered: progress.done,
    pruned,
    unreadable: files.filter((f) => records.get(f.sha256)?.error).length,
  };
}

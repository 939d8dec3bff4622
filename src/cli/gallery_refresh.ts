/**
 * Keeping a library's gallery current from the commands that bring files: after a `download` or
 * `retry` (and each pass of a watch) that downloaded or adopted something, a gallery the library
 * already has is refreshed. Only `slooh-dl gallery` creates one; a failed refresh is a warning,
 * never a failed run.
 */
import { join } from "node:path";
import type { Config } from "../config/config.ts";
import type { RunSummary } from "../download/run.ts";
import type { GalleryProgress, GalleryResult } from "../gallery/refresh.ts";
import { GALLERY_DIR, INDEX_FILE } from "../library/library_dirs.ts";
import type { CliContext } from "./context.ts";
import { plural } from "./format.ts";
import type { Output } from "./output.ts";
import { LiveDisplay, type ProgressMode, progressMode, terminalColumns } from "./progress.ts";

/** Whether a finished run should refresh the gallery: it brought files and nothing said no. */
export function wantsRefresh(
  cfg: Pick<Config, "galleryAuto">,
  s: Pick<RunSummary, "downloaded" | "adopted" | "interrupted">,
): boolean {
  return cfg.galleryAuto && !s.interrupted && s.downloaded + s.adopted > 0;
}

/** Whether the library already has a gallery (made once by `slooh-dl gallery`). */
export function hasGallery(root: string): boolean {
  try {
    return Deno.statSync(join(root, INDEX_FILE)).isFile &&
      Deno.statSync(join(root, GALLERY_DIR)).isDirectory;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Off a terminal, a progress line every this many previews (and the last one). */
const PLAIN_EVERY = 50;

/** The progress line of a refresh step (`previews 120/400`, `pages`). */
export function galleryLine(p: GalleryProgress): string {
  return p.phase === "previews" ? `previews ${p.done}/${p.total}` : "pages";
}

/**
 * Runs a refresh to its end, showing its progress: redrawn in place on a terminal, a plain line
 * now and then elsewhere, nothing when quiet. Stops early (null) once `signal` is aborted.
 */
export async function followRefresh(
  out: Output,
  run: AsyncGenerator<GalleryProgress, GalleryResult>,
  mode: ProgressMode,
  signal?: AbortSignal,
): Promise<GalleryResult | null> {
  const live = mode === "live" ? new LiveDisplay((t) => out.raw(t), terminalColumns) : null;
  if (live) out.beforeMessage = () => live.clear();
  let last = "";
  try {
    for (;;) {
      if (signal?.aborted) {
        await run.return(null as never);
        return null;
      }
      const step = await run.next();
      if (step.done) return step.value;
      const line = galleryLine(step.value);
      if (line === last) continue;
      last = line;
      const p = step.value;
      if (live) live.draw([line]);
      else if (
        mode === "plain" && (p.phase === "pages" || p.done % PLAIN_EVERY === 0 ||
          p.done === p.total)
      ) out.info(line);
    }
  } finally {
    if (live) {
      live.clear();
      out.beforeMessage = null;
    }
  }
}

/** The one-line outcome of a refresh. */
export function galleryOutcome(r: GalleryResult): string {
  return `Gallery: ${plural(r.objects, "object")}, ${plural(r.files, "file")}, ` +
    `${plural(r.rendered, "preview")} rendered` +
    (r.unreadable ? `, ${plural(r.unreadable, "file")} without preview` : "");
}

/**
 * After a run: refreshes the library's gallery when it has one and the run brought files.
 * Resolves to what the refresh did, or null when it did not run or failed (a warning).
 */
export async function refreshAfterRun(
  ctx: CliContext,
  cfg: Config,
  summary: Pick<RunSummary, "downloaded" | "adopted" | "interrupted">,
  signal?: AbortSignal,
): Promise<GalleryResult | null> {
  const out = ctx.out;
  if (!wantsRefresh(cfg, summary)) return null;
  try {
    if (!hasGallery(cfg.library)) return null;
    // The renderer (pngjs, jpeg-js, zlib) is loaded only by a run that refreshes a gallery.
    const { refreshGallery } = await import("../gallery/refresh.ts");
    const mode = progressMode(out.opts.quiet, Deno.stderr.isTerminal());
    const result = await followRefresh(out, refreshGallery(cfg.library), mode, signal);
    if (result) out.info(galleryOutcome(result));
    else if (signal?.aborted) {
      out.warn("the gallery refresh was interrupted; `slooh-dl gallery` completes it");
    }
    return result;
  } catch (e) {
    out.warn(`the gallery was not refreshed: ${(e as Error)?.message?.split("\n")[0] ?? e}`);
    return null;
  }
}

/** `gallery`: static pages of the whole library, with previews of pictures and FITS frames. */
import { join } from "node:path";
import { diskError, isDiskError } from "../../disk_error.ts";
import { type GalleryResult, INDEX_FILE, refreshGallery } from "../../gallery/refresh.ts";
import { previewWorkersAllowed } from "../../gallery/worker_pool.ts";
import type { CliContext } from "../context.ts";
import type { GalleryOptions } from "../definitions/gallery.ts";
import { followRefresh, galleryOutcome } from "../gallery_refresh.ts";
import { recordedLibrary } from "../library_folder.ts";
import { loadPermittedConfig, requirePermissions } from "../permissions.ts";
import { progressMode } from "../progress.ts";

/** The program that opens a file in the default browser on `os`, and its arguments. */
export function opener(path: string, os: typeof Deno.build.os = Deno.build.os): string[] {
  if (os === "darwin") return ["open", path];
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the "".
  if (os === "windows") return ["cmd", "/c", "start", '""', path];
  return ["xdg-open", path];
}

/** Runs `gallery` with the options its command line parsed. */
export async function galleryAction(ctx: CliContext, opts: GalleryOptions): Promise<void> {
  const out = ctx.out;
  const cfg = await loadPermittedConfig(
    { configFile: ctx.globals().config, library: opts.directory ?? opts.library },
    "gallery",
  );
  recordedLibrary(cfg);
  const open = opts.open ? opener(join(cfg.library, INDEX_FILE)) : null;
  if (open) {
    requirePermissions([{
      descriptor: { name: "run", command: open[0] },
      value: open[0],
    }]);
  }
  if (!previewWorkersAllowed()) {
    out.debug(
      "previews render on one thread: workers need read permission for slooh-dl's own folder",
    );
  }
  const mode = progressMode(out.opts.quiet, Deno.stderr.isTerminal());
  let r: GalleryResult;
  try {
    r = (await followRefresh(out, refreshGallery(cfg.library), mode))!;
  } catch (e) {
    throw isDiskError(e) ? diskError(e, cfg.library) : e;
  }
  out.info(galleryOutcome(r));
  out.data(r.index);
  if (open) await openInBrowser(open, out);
}

async function openInBrowser(argv: string[], out: CliContext["out"]): Promise<void> {
  try {
    const status = await new Deno.Command(argv[0], {
      args: argv.slice(1),
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    if (!status.success) out.warn(`${argv[0]} could not open the gallery; open ${argv.at(-1)}`);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    out.warn(`no ${argv[0]} to open a browser with; open ${argv.at(-1)}`);
  }
}

/** `gallery`: static pages of the whole library, with previews of pictures and FITS frames. */
import { Command } from "@commander-js/extra-typings";
import { join } from "node:path";
import { INDEX_FILE, refreshGallery } from "../../gallery/refresh.ts";
import { workersAllowed } from "../../gallery/worker_pool.ts";
import { folderArg, libraryAlias } from "../args.ts";
import type { CliContext } from "../context.ts";
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

/** The `gallery` command. */
export function galleryCommand(ctx: CliContext) {
  return new Command("gallery")
    .description("write an offline gallery of the library (index.html), previews included")
    .option("-d, --directory <dir>", "library folder", folderArg)
    .addOption(libraryAlias())
    .option("--open", "open the gallery in the default browser (needs --allow-run)")
    .addHelpText(
      "after",
      "\nNeeds no login. Pages go to LIB/index.html and LIB/.slooh-dl/gallery/; a later run\n" +
        "renders only the previews of new or changed files.\n\nExamples:\n" +
        "  slooh-dl gallery -d ~/Pictures/Slooh --open",
    )
    .action(async (opts) => {
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
      if (!workersAllowed()) {
        out.debug(
          "previews render on one thread: workers need read permission for slooh-dl's own folder",
        );
      }
      const mode = progressMode(out.opts.quiet, Deno.stderr.isTerminal());
      const r = (await followRefresh(out, refreshGallery(cfg.library), mode))!;
      out.info(galleryOutcome(r));
      out.data(r.index);
      if (open) await openInBrowser(open, out);
    });
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

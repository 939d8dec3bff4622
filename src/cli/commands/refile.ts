/** `refile`: moves every recorded file to where today's templates and rules put it. */
import { Command } from "@commander-js/extra-typings";
import { ExitCode } from "../../errors.ts";
import { Layout } from "../../library/layout.ts";
import { lockLibrary, probeWritable } from "../../library/library_lock.ts";
import { refile, type RefileResult } from "../../library/refile.ts";
import { State } from "../../library/state.ts";
import { folderArg, libraryAlias } from "../args.ts";
import type { CliContext } from "../context.ts";
import { plural } from "../format.ts";
import { recordedLibrary } from "../library_folder.ts";
import { loadPermittedConfig } from "../permissions.ts";

/** The `refile` command. */
export function refileCommand(ctx: CliContext) {
  return new Command("refile")
    .description("move every downloaded file to where today's templates and rules put it")
    .option("-d, --directory <dir>", "library folder", folderArg)
    .addOption(libraryAlias())
    .option("-n, --dry-run", "list the moves without making them")
    .option("--json", "print the moves as JSON on stdout")
    .addHelpText(
      "after",
      "\nDownloads keep the path a file was given; refile is the one way to re-file. Run it after " +
        "\nchanging folders.template or folders.filename_template, and after an upgrade whose " +
        "\nnotes say the filing rules changed. It renames inside the library only, needs no login, " +
        "\nand can be stopped at any point: the next refile or download completes it.\n\n" +
        "Examples:\n  slooh-dl refile --dry-run\n  slooh-dl refile -d ~/Pictures/Slooh",
    )
    .action(async (opts) => {
      const out = ctx.out;
      const cfg = await loadPermittedConfig(
        { configFile: ctx.globals().config, library: opts.directory ?? opts.library },
        opts.dryRun ? "stats" : "refile",
      );
      const root = recordedLibrary(cfg);
      const layout = new Layout(cfg.folderTemplate, cfg.fileTemplate);
      const result = opts.dryRun ? await dry(root, layout) : await locked(root, layout);
      if (opts.json) {
        out.data(JSON.stringify({
          library: root,
          dryRun: !!opts.dryRun,
          moved: result.moved.map((s) => ({ key: s.key, from: s.from, to: s.to })),
          unchanged: result.unchanged,
          failed: result.failed.map((f) => ({ from: f.step.from, to: f.step.to, error: f.error })),
          removedFolders: result.removedFolders,
        }));
      } else {
        for (const s of result.moved) out.info(`${s.from} -> ${s.to}`);
        for (const f of result.failed) out.warn(`could not move ${f.step.from}: ${f.error}`);
        out.info(
          `${opts.dryRun ? "Would move" : "Moved"} ${plural(result.moved.length, "file")}; ` +
            `${result.unchanged} already in place` +
            (result.failed.length ? `; ${result.failed.length} could not move` : "") +
            (result.removedFolders
              ? `; removed ${plural(result.removedFolders, "empty folder")}`
              : ""),
        );
      }
      ctx.exitCode = result.failed.length ? ExitCode.someFailed : ExitCode.ok;
    });
}

async function dry(root: string, layout: Layout): Promise<RefileResult> {
  const state = State.open(root, { readOnly: true });
  try {
    return await refile(root, state, layout, true);
  } finally {
    state.close();
  }
}

async function locked(root: string, layout: Layout): Promise<RefileResult> {
  probeWritable(root);
  const lock = await lockLibrary(root);
  try {
    const state = State.open(root);
    try {
      return await refile(root, state, layout, false);
    } finally {
      state.close();
    }
  } finally {
    lock.close();
  }
}

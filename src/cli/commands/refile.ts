/** `refile`: moves every recorded file to where today's templates and rules put it. */
import { ExitCode } from "../../errors.ts";
import { Layout } from "../../library/layout.ts";
import { lockLibrary, probeWritable } from "../../library/library_lock.ts";
import { refile, type RefileResult } from "../../library/refile.ts";
import { State } from "../../library/state.ts";
import type { CliContext } from "../context.ts";
import type { RefileOptions } from "../definitions/refile.ts";
import { plural } from "../format.ts";
import { recordedLibrary } from "../library_folder.ts";
import { loadPermittedConfig } from "../permissions.ts";

/** Runs `refile` with the options its command line parsed. */
export async function refileAction(ctx: CliContext, opts: RefileOptions): Promise<void> {
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
    // A dry run's list is its data (stdout), as for `download --dry-run`; a refile's moves are
    // what it did, reported beside its summary.
    for (const s of result.moved) {
      const line = `${s.from} -> ${s.to}`;
      if (opts.dryRun) out.data(line);
      else out.info(line);
    }
    for (const f of result.failed) out.warn(`could not move ${f.step.from}: ${f.error}`);
    out.info(
      `${opts.dryRun ? "Would move" : "Moved"} ${plural(result.moved.length, "file")}; ` +
        `${result.unchanged} already in place` +
        (result.failed.length ? `; ${result.failed.length} could not move` : "") +
        (result.removedFolders ? `; removed ${plural(result.removedFolders, "empty folder")}` : ""),
    );
  }
  ctx.exitCode = result.failed.length ? ExitCode.someFailed : ExitCode.ok;
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

/** `verify`: re-hash every recorded file against its sha256; `--repair` fetches the bad ones. */
import { ExitCode } from "../../errors.ts";
import type { ItemRecord } from "../../library/state.ts";
import { checkFiles, type RecordedFile, unknownFiles } from "../../library/verify.ts";
import { checkProgress } from "../check_progress.ts";
import type { CliContext } from "../context.ts";
import type { VerifyOptions } from "../definitions/verify.ts";
import { formatBytes, formatDuration, plural } from "../format.ts";
import { commandHint } from "../hint.ts";
import { openRecordedState } from "../library_folder.ts";
import { loadPermittedConfig } from "../permissions.ts";
import { progressMode } from "../progress.ts";
import { type Flagged, repair, type RepairOutcome } from "../repair.ts";

/**
 * The files a record says were downloaded, with what they must hash to: the done ones, and those
 * waiting to be fetched again (a repair or a run stopped half-way), which must not pass unseen.
 */
function recordedFiles(records: readonly ItemRecord[]): RecordedFile[] {
  const out: RecordedFile[] = [];
  for (const r of records) {
    if (r.path !== null && r.size !== null && r.sha256 !== null) {
      out.push({ key: r.key, path: r.path, size: r.size, sha256: r.sha256 });
    }
  }
  // In path order, so files of one folder are read together.
  return out.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

/** Runs `verify` with the options its command line parsed. */
export async function verifyAction(ctx: CliContext, opts: VerifyOptions): Promise<void> {
  const out = ctx.out;
  const given = { config: ctx.globals().config, directory: opts.directory ?? opts.library };
  const cfg = await loadPermittedConfig(
    { configFile: given.config, library: given.directory },
    opts.repair ? "download" : "stats",
  );
  const state = openRecordedState(cfg);
  let files: RecordedFile[];
  const known: string[] = [];
  try {
    const all = [state.byStatus("done"), state.byStatus("pending"), state.byStatus("failed")];
    files = recordedFiles(all.flat());
    for (const rows of all) for (const r of rows) if (r.path) known.push(r.path);
  } finally {
    state.close();
  }
  const root = cfg.library;
  const totalBytes = files.reduce((a, f) => a + f.size, 0);
  const started = performance.now();
  const progress = checkProgress(
    out,
    progressMode(out.opts.quiet, Deno.stderr.isTerminal()),
    { files: files.length, bytes: totalBytes },
  );
  const flagged: Flagged[] = [];
  try {
    for await (const e of checkFiles(root, files)) {
      if (e.type === "bytes") progress.bytes(e.n);
      else {
        progress.file();
        if (e.problem) flagged.push({ file: e.file, problem: e.problem });
      }
    }
  } finally {
    progress.stop();
  }
  flagged.sort((a, b) => a.file.path < b.file.path ? -1 : 1);
  const unknown = await unknownFiles(root, known);
  const durationMs = Math.round(performance.now() - started);
  let repaired: RepairOutcome[] | null = null;
  let runCode: number = ExitCode.ok;
  if (!opts.json) {
    for (const f of flagged) out.data(`${f.problem}: ${f.file.path}`);
    for (const p of unknown) out.data(`unknown: ${p}`);
  }
  const intact = files.length - flagged.length;
  out.always(
    `Checked ${plural(files.length, "file")} (${formatBytes(totalBytes)}) in ` +
      `${formatDuration(durationMs)}: ${intact} intact, ` +
      `${count(flagged, "missing")} missing, ${count(flagged, "damaged")} damaged` +
      (unknown.length ? `, ${plural(unknown.length, "file")} not in the record` : "") + ".",
  );
  if (opts.repair && flagged.length) {
    ({ outcomes: repaired, runCode } = await repair(ctx, cfg, flagged, given));
    for (const r of repaired) {
      if (r.restored) out.info(`restored: ${r.path}`);
      else {
        out.warn(`${r.path} not restored: ${r.error}`);
        if (r.keptAt) out.warn(`the damaged copy is kept at ${r.keptAt}`);
      }
    }
  } else if (flagged.length) {
    out.always(`Run \`${commandHint("verify", given, ["--repair"])}\` to fetch them again.`);
  }
  if (opts.json) {
    out.data(JSON.stringify({
      library: root,
      files: files.length,
      bytes: totalBytes,
      intact,
      missing: flagged.filter((f) => f.problem === "missing").map((f) => f.file.path),
      damaged: flagged.filter((f) => f.problem === "damaged").map((f) => f.file.path),
      unknown,
      durationMs,
      ...(repaired ? { repaired } : {}),
    }));
  }
  const ok = repaired ? repaired.every((r) => r.restored) : flagged.length === 0;
  // A repair run that was stopped (Slooh gone mid-way, Ctrl-C) ends with its own code.
  const stopped = ([
    ExitCode.aborted,
    ExitCode.interrupted,
    ExitCode.terminated,
    ExitCode.hangUp,
  ] as number[]).includes(runCode);
  ctx.exitCode = stopped ? runCode : ok ? ExitCode.ok : ExitCode.someFailed;
}

function count(flagged: readonly Flagged[], problem: Flagged["problem"]): number {
  return flagged.filter((f) => f.problem === problem).length;
}

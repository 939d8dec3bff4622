/**
 * `verify --repair`: the files verify found missing or damaged are marked failed and fetched
 * again through the `retry` run, then judged against the sha256 recorded before.
 */
import { dirname, join } from "node:path";
import type { Config } from "../config/config.ts";
import { diskError, isDiskError } from "../disk_error.ts";
import { type AccountIdentity, claimLibrary } from "../library/account_record.ts";
import { resolveInside } from "../library/sanitize.ts";
import { DAMAGED_DIR } from "../library/library_dirs.ts";
import { State } from "../library/state.ts";
import type { Problem, RecordedFile } from "../library/verify.ts";
import type { CliContext } from "./context.ts";
import { downloadOnce } from "./commands/download.ts";
import type { DownloadChoice } from "./download_report.ts";
import type { GivenPlaces } from "./hint.ts";
import { ensureCredentials, interruptible, makeClient } from "./session.ts";

/** A file verify flagged. */
export interface Flagged {
  file: RecordedFile;
  problem: Exclude<Problem, null>;
}

/** How one flagged file came out of the repair. */
export interface RepairOutcome {
  path: string;
  restored: boolean;
  /** Why not, when not restored. */
  error: string | null;
  /** Where the damaged copy was kept, when it was not restored. */
  keptAt: string | null;
}

/**
 * Fetches the flagged files again; Slooh unreachable throws (exit 4) before anything is moved.
 * Resolves to each file's outcome and the exit code of the retry run (4 or 130 when it stopped).
 */
export async function repair(
  ctx: CliContext,
  cfg: Config,
  flagged: readonly Flagged[],
  given: GivenPlaces,
): Promise<{ outcomes: RepairOutcome[]; runCode: number }> {
  await ensureCredentials(cfg, ctx.prompter());
  // One login for the whole repair: the retry run below takes this client, and Ctrl-C reaches
  // both through one interruption.
  const stop = interruptible(ctx.out);
  // Where each damaged file waits: a free name, so a copy an earlier repair kept stays.
  const asides = new Map<string, string>();
  let runCode: number;
  try {
    const client = makeClient(cfg, ctx.out, stop.signal);
    let userId: string;
    try {
      ({ userId } = await client.login());
    } catch (e) {
      // Stopped while logging in: nothing was touched, and the stop gives the exit code.
      if (stop.signal.aborted) return { outcomes: [], runCode: stop.exitCode };
      throw e;
    }
    try {
      await setAside(cfg.library, flagged, { userId, username: client.username }, asides);
    } catch (e) {
      throw isDiskError(e) ? diskError(e, cfg.library) : e;
    }
    const choice: DownloadChoice = {
      command: "retry",
      all: false,
      pictures: true,
      dryRun: false,
      json: false,
      retryOnly: true,
      given,
    };
    // After an abort it says to run `retry`, which fetches what is not restored.
    runCode = await downloadOnce(ctx, cfg, choice, stop, client);
  } finally {
    stop.dispose();
  }
  const after = State.open(cfg.library, { readOnly: true });
  const outcomes: RepairOutcome[] = [];
  try {
    for (const { file, problem } of flagged) {
      const rec = after.get(file.key);
      const restored = rec?.status === "done" && rec.sha256 === file.sha256;
      const error = restored
        ? null
        : rec?.status === "done"
        ? "Slooh now serves other bytes than those recorded (sha256 differs); kept Slooh's"
        : rec?.lastError ?? "not fetched";
      let keptAt: string | null = null;
      if (problem === "damaged") {
        const at = asides.get(file.key)!;
        if (restored) await removeAside(at, join(cfg.library, DAMAGED_DIR));
        else keptAt = at;
      }
      outcomes.push({ path: file.path, restored, error, keptAt });
    }
  } finally {
    after.close();
  }
  return { outcomes, runCode };
}

/** Deletes a copy no longer needed, then the folders under `top` (and `top`) it leaves empty. */
async function removeAside(path: string, top: string): Promise<void> {
  await Deno.remove(path);
  for (let dir = dirname(path); dir.length >= top.length; dir = dirname(dir)) {
    try {
      await Deno.remove(dir);
    } catch {
      return; // Not empty: another copy is kept there.
    }
  }
}

/**
 * Marks each flagged file failed, so the retry run fetches it, after moving a damaged one aside
 * (recorded in `asides`): the transfer would otherwise adopt a same-size damaged file, or
 * overwrite it for good.
 */
async function setAside(
  root: string,
  flagged: readonly Flagged[],
  owner: AccountIdentity,
  asides: Map<string, string>,
): Promise<void> {
  const state = State.open(root);
  try {
    // Another account's run would refuse the library only after the files were moved aside.
    claimLibrary(state, root, owner, false);
    for (const { file, problem } of flagged) {
      if (problem === "damaged") {
        const at = freeAside(join(root, DAMAGED_DIR, file.path));
        await Deno.mkdir(join(at, ".."), { recursive: true });
        await Deno.rename(resolveInside(root, file.path), at);
        asides.set(file.key, at);
      }
      state.markFailed(file.key, `${problem} on disk (found by verify)`);
    }
  } finally {
    state.close();
  }
}

/** `path`, or `path.1`, `path.2`… : the first name no file holds. */
function freeAside(path: string): string {
  for (let n = 0;; n++) {
    const at = n ? `${path}.${n}` : path;
    try {
      Deno.lstatSync(at);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return at;
      throw e;
    }
  }
}

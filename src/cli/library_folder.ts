/** The library folder a command works on: given, a folder, and (for readers) already recorded. */
import type { Config } from "../config/config.ts";
import { ConfigError, FatalError } from "../errors.ts";
import { type MountSources, unmountedDrive } from "../library/mount_check.ts";
import { isLibrary, STATE_DIR } from "../library/library_dirs.ts";
import { commandHint } from "./hint.ts";
import { State } from "../library/state.ts";
import type { CliContext } from "./context.ts";
import { loadPermittedConfig } from "./permissions.ts";

/** The library folder; none given, or a path that is a file, is a usage error. */
export function requireLibrary(cfg: Config): string {
  if (!cfg.library) {
    throw new ConfigError(
      "No library folder: pass -d <folder>, or set folders.base_path (slooh-dl configure)",
    );
  }
  checkLibraryFolder(cfg.library);
  return cfg.library;
}

/** Refuses a library path that is a file or inside one; a folder or nothing yet is fine. */
export function checkLibraryFolder(library: string): void {
  try {
    if (!Deno.statSync(library).isDirectory) {
      throw new ConfigError(`The library ${library} is a file, not a folder`);
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotADirectory) {
      throw new ConfigError(`The library ${library} is inside a file, not a folder`);
    }
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

/**
 * Ends the run (exit 4, so a watch waits for the next turn) when the library folder, missing or
 * empty, is on a drive that is not mounted: the run would fill the folder the drive mounts on.
 */
export function refuseUnmountedDrive(library: string, sources?: MountSources): void {
  const drive = unmountedDrive(library, sources);
  if (!drive) return;
  throw new FatalError(
    `The library ${library} belongs on ${drive.mountPoint}, a drive that is not mounted ` +
      `(${drive.why}); mount it and run again. Nothing was downloaded.`,
  );
}

/** A library that slooh-dl has already downloaded into; else a usage error saying so. */
export function recordedLibrary(cfg: Config): string {
  const root = requireLibrary(cfg);
  if (isLibrary(root)) return root;
  // The hint names the library, so that pasted it fills this one.
  throw new ConfigError(
    `${root} is not a slooh-dl library yet (no ${STATE_DIR}/state.db); ` +
      `run \`${commandHint("download", { directory: root })}\` first`,
  );
}

/** The state of a library that slooh-dl has already downloaded into, opened read-only. */
export function openRecordedState(cfg: Config): State {
  return State.open(recordedLibrary(cfg), { readOnly: true });
}

/** The config of a command that only reads a library's records: no login, no network. */
export function readerConfig(
  ctx: CliContext,
  opts: { directory?: string; library?: string },
): Promise<Config> {
  return loadPermittedConfig(
    { configFile: ctx.globals().config, library: opts.directory ?? opts.library },
    "stats",
  );
}

/** One run per library: the lock, and the early check that the library can be written. */
import { join } from "node:path";
import { diskError } from "../disk_error.ts";
import { FatalError } from "../errors.ts";
import { galleryLockPath, lockPath, stateDir } from "./library_dirs.ts";

/**
 * Fails early, with one line giving the file system's reason, when the library cannot be written:
 * whatever stops the probe (a full or read-only disk, a path under a file or in /proc) says so.
 */
export function probeWritable(root: string): void {
  const dir = stateDir(root);
  const probe = join(dir, `.probe-${Deno.pid}`);
  try {
    Deno.mkdirSync(dir, { recursive: true });
    Deno.writeFileSync(probe, new Uint8Array(1));
  } catch (e) {
    throw diskError(e, root);
  } finally {
    // A full disk may create the file and then refuse its byte: it goes either way.
    try {
      Deno.removeSync(probe);
    } catch { /* never made */ }
  }
}

/** Holds the library for one run, so two runs (overlapping cron jobs) never share partial files. */
export function lockLibrary(root: string): Promise<Deno.FsFile> {
  return hold(
    lockPath(root),
    `Another slooh-dl run is using ${root}; try again when it has finished.`,
  );
}

/**
 * Holds the library's gallery while it is written, so a `gallery` and the refresh at the end of a
 * download (or two of either) never render the same previews twice or undo each other's manifest.
 */
export function lockGallery(root: string): Promise<Deno.FsFile> {
  return hold(
    galleryLockPath(root),
    `Another slooh-dl is writing the gallery of ${root}; try again when it has finished.`,
  );
}

/** The lock file at `path`, held; `busy` is the error when another process holds it. */
async function hold(path: string, busy: string): Promise<Deno.FsFile> {
  const file = await Deno.open(path, { write: true, create: true });
  // Deno has no try-lock: a lock still pending after a moment means another run holds it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const locking = file.lock(true);
  const held = await Promise.race([
    locking.then(() => true),
    new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(false), 250)),
  ]);
  clearTimeout(timer);
  if (!held) {
    // The attempt still waits and would take the lock once free, holding it for the rest of a
    // watch: every later turn (and any other run) would be refused. Let it go when it lands.
    locking.then(() => file.close(), () => file.close());
    throw new FatalError(busy);
  }
  return file;
}

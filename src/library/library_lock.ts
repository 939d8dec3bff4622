/** One run per library: the lock, and the early check that the library can be written. */
import { join } from "node:path";
import { FatalError } from "../errors.ts";
import { lockPath, stateDir } from "./library_dirs.ts";

/** Fails early, with the file system's own reason, when the library cannot be written. */
export function probeWritable(root: string): void {
  const dir = stateDir(root);
  Deno.mkdirSync(dir, { recursive: true });
  const probe = join(dir, `.probe-${Deno.pid}`);
  Deno.writeFileSync(probe, new Uint8Array(1));
  Deno.removeSync(probe);
}

/** Holds the library for one run, so two runs (overlapping cron jobs) never share partial files. */
export async function lockLibrary(root: string): Promise<Deno.FsFile> {
  const file = await Deno.open(lockPath(root), { write: true, create: true });
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
    throw new FatalError(`Another slooh-dl run is using ${root}; try again when it has finished.`);
  }
  return file;
}

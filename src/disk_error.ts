/** Errors of the local disk (full, read-only, refused), which retrying cannot cure. */
import { join } from "node:path";
import { FatalError } from "./errors.ts";
import { STATE_DIR } from "./library/library_dirs.ts";

/** True for errors of the local disk, which retrying the download cannot cure. */
export function isDiskError(e: unknown): boolean {
  if (e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable) return true;
  const code = (e as { code?: string })?.code;
  return code === "ENOSPC" || code === "EROFS" || code === "EDQUOT" || code === "EACCES" ||
    /No space left|Read-only file system|Disk quota|database or disk is full|readonly database|disk I\/O error/i
      .test(String((e as Error)?.message));
}

/** The one-line fatal error a disk error of the library at `root` ends the run with. */
export function diskError(e: unknown, root: string): FatalError {
  const msg = String((e as Error)?.message ?? e);
  // SQLite reports some writes into a full disk (its shared-memory file's) as a bare I/O error.
  if (
    /No space left|ENOSPC|quota|disk is full/i.test(msg) || (/disk I\/O/i.test(msg) && full(root))
  ) {
    return new FatalError(`The disk holding ${root} is full; free some space and run again.`);
  }
  if (/Read-only|readonly/i.test(msg)) return new FatalError(`The library ${root} is read-only.`);
  return new FatalError(`Cannot write into the library ${root}: ${msg.split("\n")[0]}`);
}

/**
 * Whether the disk holding `root` refuses another 64 KiB (the space SQLite asks for at once):
 * random bytes, which no compressing file system stores for free, synced, since a network share
 * may only say so then.
 */
function full(root: string): boolean {
  const probe = join(root, STATE_DIR, `.space-${Deno.pid}`);
  try {
    using f = Deno.openSync(probe, { write: true, createNew: true });
    const bytes = crypto.getRandomValues(new Uint8Array(64 << 10));
    for (let off = 0; off < bytes.length;) off += f.writeSync(bytes.subarray(off));
    f.syncSync();
    return false;
  } catch (e) {
    const code = (e as { code?: string })?.code;
    return code === "ENOSPC" || code === "EDQUOT" || /No space left|quota/i.test(String(e));
  } finally {
    try {
      Deno.removeSync(probe);
    } catch { /* never made */ }
  }
}

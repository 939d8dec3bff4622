/** Files already on the local disk: their size, hash and head, and what a disk error means. */
import { FatalError } from "../errors.ts";

/** The sha256 (hex) of a whole file; a whole file fed into a hash, with its size and head. */
export { hashWithHead as hashFile, sha256OfFile as sha256File } from "../library/file_hash.ts";
export { sizeIfAnySync, statSize, statSizeSync } from "../library/file_size.ts";

/** The first 16 bytes of a file. */
export async function readHead(path: string): Promise<Uint8Array> {
  using f = await Deno.open(path);
  const buf = new Uint8Array(16);
  const n = await f.read(buf);
  return buf.subarray(0, n ?? 0);
}

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
  if (/No space left|ENOSPC|quota|disk is full/i.test(msg)) {
    return new FatalError(`The disk holding ${root} is full; free some space and run again.`);
  }
  if (/Read-only|readonly/i.test(msg)) return new FatalError(`The library ${root} is read-only.`);
  return new FatalError(`Cannot write into the library ${root}: ${msg.split("\n")[0]}`);
}

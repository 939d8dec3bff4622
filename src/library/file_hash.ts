/** The sha256 of a file on disk, read in large chunks (about twice as fast as its stream). */
import { createHash } from "node:crypto";

/** Bytes read per call: 4 MiB measured fastest on Linux (1 MiB −10%, the 64 KiB stream −45%). */
const CHUNK = 4 << 20;

/** The file's sha256 in hex; `onBytes` hears of every chunk read (for progress). */
export async function sha256OfFile(path: string, onBytes?: (n: number) => void): Promise<string> {
  const hash = createHash("sha256");
  using file = await Deno.open(path);
  const buf = new Uint8Array(CHUNK);
  for (;;) {
    const n = await file.read(buf);
    if (n === null) break;
    hash.update(buf.subarray(0, n));
    onBytes?.(n);
  }
  return hash.digest("hex");
}

/** Writing a file so that readers see the old content or the new, never half of it. */
import { basename, dirname, join } from "node:path";

/** Writes `text` to a temporary file beside `path`, syncs it and renames it over `path`. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${Deno.pid}.tmp`);
  try {
    {
      using f = await Deno.open(tmp, { write: true, create: true, truncate: true });
      const bytes = new TextEncoder().encode(text);
      for (let off = 0; off < bytes.length;) off += await f.write(bytes.subarray(off));
      await f.sync();
    }
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/** Writing a file so that readers see the old content or the new, never half of it. */
import { basename, dirname, join } from "node:path";

/**
 * Writes `text` to a temporary file beside `path`, syncs it and renames it over `path`; with a
 * `mode`, the file has exactly that mode before it takes the name.
 */
export async function writeFileAtomic(
  path: string,
  text: string,
  opts: { mode?: number } = {},
): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${Deno.pid}.tmp`);
  try {
    {
      using f = await Deno.open(tmp, {
        write: true,
        create: true,
        truncate: true,
        mode: opts.mode,
      });
      // The mode given at creation is masked by the umask, and a stale file keeps its own: set
      // it before any byte is written (a config file may hold the password).
      if (opts.mode !== undefined && Deno.build.os !== "windows") await Deno.chmod(tmp, opts.mode);
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

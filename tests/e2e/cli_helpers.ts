/** Helpers of the end-to-end tests: tree snapshots, URL sets, days, JSON output. */
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { ExpectedFile } from "../simulator/mod.ts";
import type { CliResult } from "../helpers.ts";

/** Every entry under root: kind, size, mtime and content hash, keyed by relative path. */
export async function snapshotTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string, rel: string) => {
    for await (const e of Deno.readDir(dir)) {
      const path = join(dir, e.name);
      const key = rel ? `${rel}/${e.name}` : e.name;
      const st = await Deno.lstat(path);
      if (e.isDirectory) {
        out.set(key, "dir");
        await walk(path, key);
      } else {
        const hash = createHash("sha256").update(await Deno.readFile(path)).digest("hex");
        out.set(key, `file ${st.size} ${st.mtime?.getTime()} ${hash} ${st.mode}`);
      }
    }
  };
  await walk(root, "");
  return out;
}

/** URL paths (no query) of files, sorted, for comparing selections. */
export function pathsOf(files: readonly { url: string }[]): string[] {
  return files.map((f) => new URL(f.url).pathname).sort();
}

/** The UTC day of a date, "YYYY-MM-DD". */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Expected files whose capture day (UTC) lies in [since, until], both "YYYY-MM-DD". */
export function capturedBetween(
  files: readonly ExpectedFile[],
  since: string,
  until: string,
): ExpectedFile[] {
  return files.filter((f) => utcDay(f.capturedAt) >= since && utcDay(f.capturedAt) <= until);
}

/** Parses the JSON a command printed on stdout, with the run's stderr in the failure message. */
// deno-lint-ignore no-explicit-any
export function json(r: CliResult): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}

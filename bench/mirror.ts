/** Writes a simulated account's files to disk, in a tree that mirrors their URL paths. */
import { dirname, join } from "node:path";
import {
  type ExpectedFile,
  expectedFiles,
  fileStream,
  type SimAccount,
} from "../tests/simulator/mod.ts";

/** Where a file of the account lives under the served root. */
export function mirrorPath(root: string, f: ExpectedFile): string {
  return join(root, decodeURIComponent(f.path));
}

/** Writes one file, streaming, so a 1 GiB file never sits in memory. */
export async function writeMirrorFile(root: string, f: ExpectedFile): Promise<void> {
  const path = mirrorPath(root, f);
  await Deno.mkdir(dirname(path), { recursive: true });
  if (f.size <= 1 << 20) {
    await Deno.writeFile(path, f.bytes());
    return;
  }
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  await fileStream(f.path, f.size, f.fileKind, f.version, { chunkSize: 1 << 20 }).pipeTo(
    file.writable,
  );
}

/** Writes every file of the account (or only those whose URL passes `only`); returns them. */
export async function writeMirror(
  root: string,
  account: SimAccount,
  only?: (f: ExpectedFile) => boolean,
): Promise<ExpectedFile[]> {
  const files = expectedFiles(account).filter((f) => !only || only(f));
  const dirs = new Set(files.map((f) => dirname(mirrorPath(root, f))));
  for (const d of dirs) await Deno.mkdir(d, { recursive: true });
  // A few writers at once: thousands of small files are bound by syscalls, not bytes.
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++];
      if (f.size <= 1 << 20) await Deno.writeFile(mirrorPath(root, f), f.bytes());
      else await writeMirrorFile(root, f);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return files;
}

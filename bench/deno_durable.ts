/**
 * The floor of a durable downloader on this runtime: slooh-dl's transfer steps and nothing else.
 * `fetch` piped into a partial file, the file read back in 256 KiB chunks for its sha256 (as
 * `src/library/file_hash.ts` does), its mtime set, fsync, rename into place; no login, state, log
 * or planning. Reads "url<TAB>path" lines on stdin; the first argument is the number of transfers
 * at once.
 */
import { createHash } from "node:crypto";

const n = Number(Deno.args[0] ?? 4);
const jobs = (await new Response(Deno.stdin.readable).text()).split("\n").filter(Boolean)
  .map((line) => line.split("\t") as [string, string]);
let next = 0;

async function worker(): Promise<void> {
  const chunk = new Uint8Array(256 << 10);
  while (next < jobs.length) {
    const [url, path] = jobs[next++];
    const res = await fetch(url);
    if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`);
    const part = `${path}.part`;
    using file = await Deno.open(part, { read: true, write: true, create: true, truncate: true });
    await res.body.pipeTo(file.writable, { preventClose: true });
    file.seekSync(0, Deno.SeekMode.Start);
    const hash = createHash("sha256");
    for (let got = file.readSync(chunk); got !== null; got = file.readSync(chunk)) {
      hash.update(chunk.subarray(0, got));
    }
    hash.digest("hex");
    const now = new Date();
    file.utimeSync(now, now);
    await file.sync();
    Deno.renameSync(part, path);
  }
}

await Promise.all(Array.from({ length: n }, worker));

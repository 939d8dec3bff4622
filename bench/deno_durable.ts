/**
 * The floor of a durable downloader on this runtime: slooh-dl's transfer steps and nothing else.
 * Its own HTTP/1.1 client (`src/net/http1_client.ts`), one connection per worker; each body read
 * straight into a 1 MiB buffer (or one the body's size), hashed there with sha256 and written
 * (once and synchronously up to 256 KiB, else asynchronously per buffer), its mtime set, fsync,
 * rename into place; no login, state, log or planning. Reads "url<TAB>path" lines on stdin; the
 * first argument is the number of transfers at once.
 */
import { createHash } from "node:crypto";
import { Http1Client } from "../src/net/http1_client.ts";

const n = Number(Deno.args[0] ?? 4);
const jobs = (await new Response(Deno.stdin.readable).text()).split("\n").filter(Boolean)
  .map((line) => line.split("\t") as [string, string]);
let next = 0;
using client = new Http1Client();
const never = new AbortController().signal;

async function worker(): Promise<void> {
  const whole = new Uint8Array(1 << 20);
  while (next < jobs.length) {
    const [url, path] = jobs[next++];
    const res = await client.get(url, {}, never);
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    const length = Number(res.headers.get("content-length"));
    const buf = whole.subarray(0, Math.max(1, Math.min(whole.length, length)));
    const part = `${path}.part`;
    using file = await Deno.open(part, { write: true, create: true, truncate: true });
    const hash = createHash("sha256");
    let buffered = 0;
    const flush = async () => {
      const data = buf.subarray(0, buffered);
      if (length <= 256 * 1024) {
        for (let off = 0; off < data.length;) off += file.writeSync(data.subarray(off));
      } else for (let off = 0; off < data.length;) off += await file.write(data.subarray(off));
      hash.update(data);
      buffered = 0;
    };
    for (;;) {
      if (buffered === buf.length) await flush();
      const got = await res.body.read(buf.subarray(buffered));
      if (got === null) break;
      buffered += got;
    }
    await flush();
    hash.digest("hex");
    const now = new Date();
    file.utimeSync(now, now);
    await file.sync();
    Deno.renameSync(part, path);
  }
}

await Promise.all(Array.from({ length: n }, worker));

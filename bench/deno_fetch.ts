/**
 * The simplest parallel downloader Deno allows, as a yardstick for the runtime itself: `fetch`
 * piped into a file, no hash, no fsync, no state. Reads "url<TAB>path" lines on stdin; the first
 * argument is the number of transfers at once.
 */
const n = Number(Deno.args[0] ?? 4);
const jobs = (await new Response(Deno.stdin.readable).text()).split("\n").filter(Boolean)
  .map((line) => line.split("\t") as [string, string]);
let next = 0;
async function worker(): Promise<void> {
  while (next < jobs.length) {
    const [url, path] = jobs[next++];
    const res = await fetch(url);
    if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`);
    const file = await Deno.open(path, { write: true, create: true, truncate: true });
    await res.body.pipeTo(file.writable);
  }
}
await Promise.all(Array.from({ length: n }, worker));

/** `deno task simulator --port N`: the printed URL and credentials work for a real download. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { isolatedEnv, runCli, tempDir } from "../helpers.ts";

/** A port that was free a moment ago. */
function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Reads stdout until `marker`, returning what came so far. */
async function readUntil(stream: ReadableStream<Uint8Array>, marker: string): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

/** The `export NAME=value` lines of the banner, unquoted as a shell would. */
function exportsOf(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^\s*export (\w+)=(.*)$/gm)) {
    env[m[1]] = m[2].replace(/^'(.*)'$/, "$1").replaceAll(`'\\''`, "'");
  }
  return env;
}

Deno.test("deno task simulator --port N serves the demo account and prints how to use it", async () => {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "simulator", "--port", String(port)],
    cwd: new URL("../..", import.meta.url).pathname,
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  const dir = await tempDir();
  try {
    const banner = await readUntil(child.stdout, "Ctrl-C");
    assert.ok(banner.includes(`http://127.0.0.1:${port}`), banner);
    const env = exportsOf(banner);
    assert.equal(env.SLOOH_BASE_URL, `http://127.0.0.1:${port}`);
    assert.ok(env.SLOOH_USERNAME && env.SLOOH_PASSWORD);
    const lib = join(dir, "lib");
    const r = await runCli(["download", "-d", lib, "--json"], { ...isolatedEnv(), ...env });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.ok(report.downloaded > 60, "the demo account has 60 pictures and their FITS");
    assert.equal(report.failed, 0);
    // Image URLs point at the given port too: the run fetched through it.
    assert.equal((await runCli(["verify", "-d", lib], isolatedEnv())).code, 0);
  } finally {
    child.kill("SIGINT");
    await child.stdout.cancel().catch(() => {});
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});

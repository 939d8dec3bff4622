/** `download --watch`: runs on a schedule, survives a Slooh outage, ends on a signal or bad login. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { lockLibrary } from "../../src/library/library_lock.ts";
import { addNewPictures } from "../simulator/mod.ts";
import {
  assertLibraryMatches,
  cliCommand,
  failPagesAfterFirst,
  runCli,
  scenario,
  simEnv,
  waitFor,
} from "../helpers.ts";

/** Collects a stream's lines as they come. */
function lines(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
): { lines: string[]; done: Promise<void> } {
  const out: string[] = [];
  const done = (async () => {
    let rest = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      rest += chunk;
      const parts = rest.split("\n");
      rest = parts.pop()!;
      out.push(...parts);
    }
    if (rest) out.push(rest);
  })();
  return { lines: out, done };
}

Deno.test("--watch: a run per interval, NDJSON, the lock free between runs, an outage survived, SIGTERM ends it", async () => {
  await using t = await scenario({ accountOptions: { seed: 61, pictures: 6 } });
  const child = cliCommand(
    ["--config", t.config, "download", "-d", t.lib, "--watch", "2s", "--json"],
    simEnv(t.sim),
  ).spawn();
  const stdout = lines(child.stdout);
  const stderr = lines(child.stderr);
  try {
    await waitFor(() => stdout.lines.length >= 1, 20_000);
    // Between runs nobody holds the library.
    (await lockLibrary(t.lib)).close();
    assert.equal(JSON.parse(stdout.lines[0]).downloaded, t.sim.expectedFiles().length);

    // Slooh answers 503 to everything: that run aborts, the watch goes on.
    t.sim.injectFault({ kind: "status", status: 503, target: "api", times: Infinity });
    await waitFor(() => stdout.lines.length >= 2, 20_000);
    assert.deepEqual(t.sim.unfiredFaults(), []);
    t.sim.clearFaults();
    assert.match(stderr.lines.join("\n"), /503/);

    addNewPictures(t.sim.account, 1);
    await waitFor(
      () => stdout.lines.slice(2).some((l) => JSON.parse(l).downloaded > 0),
      20_000,
    );
    child.kill("SIGTERM");
    const status = await child.status;
    await stdout.done;
    await stderr.done;
    assert.equal(status.code, 143);
    for (const line of stdout.lines) assert.equal(typeof JSON.parse(line).durationMs, "number");
    assert.match(stderr.lines.join("\n"), /Next run at .* \(every 2s; Ctrl-C to stop\)/);
    await assertLibraryMatches(t.lib, t.sim);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already ended */ }
    await child.status;
  }
});

Deno.test("--watch: a run aborted mid-way sums up and says when it runs again, not how to", async () => {
  // Two pages of pictures; Slooh stops answering after the first.
  await using t = await scenario({
    accountOptions: { seed: 64, pictures: 45, fitsPerMission: [0, 0] },
  });
  failPagesAfterFirst(t.sim);
  const child = cliCommand(
    ["--config", t.config, "download", "-d", t.lib, "--all", "--watch", "1h"],
    simEnv(t.sim),
  ).spawn();
  const stderr = lines(child.stderr);
  try {
    await waitFor(() => stderr.lines.some((l) => l.startsWith("Next run at")), 30_000);
    child.kill("SIGTERM");
    assert.equal((await child.status).code, 143);
    await stderr.done;
    assert.deepEqual(t.sim.unfiredFaults(), [], "the outage fired");
    const text = stderr.lines.join("\n");
    assert.match(text, /^Aborted after downloading \d+ files? /m);
    assert.doesNotMatch(text, /again once that is fixed/);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already ended */ }
    await child.status;
    await child.stdout.cancel();
  }
});

Deno.test("--watch ends at once on an authentication failure (exit 3)", async () => {
  await using t = await scenario({ accountOptions: { seed: 62, pictures: 2 } });
  const r = await runCli(
    ["--config", t.config, "download", "-d", t.lib, "--watch", "1s"],
    simEnv(t.sim, { SLOOH_PASSWORD: "not-the-password" }),
  );
  assert.equal(r.code, 3, r.stderr);
  assert.doesNotMatch(r.stderr, /Next run/);
});

Deno.test("--watch refuses a bad interval and --dry-run (exit 2)", async () => {
  await using t = await scenario({ accountOptions: { seed: 63, pictures: 1 } });
  for (const args of [["--watch", "0s"], ["--watch", "10"], ["--watch", "1m", "--dry-run"]]) {
    const r = await t.cli(["download", "-d", t.lib, ...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n")[0].startsWith("error:"), true, r.stderr);
  }
  await assert.rejects(Deno.stat(join(t.lib, ".slooh-dl")));
});

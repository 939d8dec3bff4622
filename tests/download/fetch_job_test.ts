/** The fetch step in process: foreign files stay, retries are reported as events. */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import type { Job, RunEvents } from "../../src/download/run.ts";
import type { RetryWait } from "../../src/net/retry.ts";
import { DatabaseSync } from "node:sqlite";
import { State } from "../../src/library/state.ts";
import { assertLibraryMatches, scenario } from "../helpers.ts";

Deno.test("a run stopped before reaching a foreign file never lets the next run overwrite it", async () => {
  await using t = await scenario({ accountOptions: { seed: 7, pictures: 3 } });
  const base = { concurrency: 1, retries: 0, fits: false, idleTimeoutMs: 5000 };
  const target = (await t.download({ ...base, dryRun: true })).plan[1].path;
  const foreign = new TextEncoder().encode("\x89PNG\r\n\x1a\nmy own edit, not Slooh's");
  await Deno.mkdir(dirname(join(t.lib, target)), { recursive: true });
  await Deno.writeFile(join(t.lib, target), foreign);
  // One transfer a minute: the second image waits for its turn when the run is interrupted.
  const stop = new AbortController();
  setTimeout(() => stop.abort(new DOMException("Interrupted", "AbortError")), 500);
  const first = await t.download({ ...base, rateLimit: 1, signal: stop.signal });
  assert.equal(first.interrupted, true);
  const second = await t.download(base);
  assert.equal(second.failed, 0);
  assert.deepEqual(await Deno.readFile(join(t.lib, target)), foreign);
});

Deno.test("a file's retry waits reach the run's events, with the job they are for", async () => {
  await using t = await scenario({ accountOptions: { seed: 7, pictures: 3 } });
  const file = t.sim.expectedFiles()[0];
  t.sim.injectFault({ kind: "status", status: 503, target: "file", match: file.path, times: 2 });
  const waits: { job: Job | null; wait: RetryWait }[] = [];
  const events: RunEvents = { retrying: (job, wait) => waits.push({ job, wait }) };
  const r = await t.download({ events, retries: 3 });
  assert.deepEqual(t.sim.unfiredFaults(), [], "the fault fired");
  assert.equal(r.failed, 0);
  assert.deepEqual(waits.map((w) => [w.wait.attempt, w.wait.max, w.wait.reason]), [
    [2, 4, "HTTP 503 Service Unavailable"],
    [3, 4, "HTTP 503 Service Unavailable"],
  ]);
  assert.ok(waits.every((w) => w.job?.item.url === file.url));
  await assertLibraryMatches(t.lib, t.sim);
});

Deno.test("an API call's retry waits reach the run's events too", async () => {
  await using t = await scenario({ accountOptions: { seed: 7, pictures: 3 } });
  t.sim.injectFault({ kind: "status", status: 502, target: "api", match: "getMyPictures" });
  const waits: (Job | null)[] = [];
  const r = await t.download({ events: { retrying: (job) => waits.push(job) } });
  assert.deepEqual(t.sim.unfiredFaults(), [], "the fault fired");
  assert.equal(r.failed, 0);
  assert.deepEqual(waits, [null]);
});

/**
 * Rewinds a downloaded item's record to what a kill right after its file's rename leaves: the item
 * pending, the given columns unwritten, no anchor. Returns the item's key.
 */
function killedAfterRename(lib: string, url: string, unwritten: string): string {
  const state = State.open(lib);
  try {
    const key = state.db.prepare("SELECT key FROM items WHERE url = ?").get(url)!.key as string;
    state.db.exec("DELETE FROM anchor");
    state.db.prepare(`UPDATE items SET status = 'pending', ${unwritten} WHERE key = ?`).run(key);
    return key;
  } finally {
    state.close();
  }
}

Deno.test("a file renamed into place before its done mark was committed is adopted next run", async () => {
  await using t = await scenario({ accountOptions: { seed: 7, pictures: 3 } });
  assert.equal((await t.download()).failed, 0);
  const file = t.sim.expectedFiles()[1];
  // What a kill between the rename and the batched done mark leaves: the transfer's length and
  // validator recorded, the item still pending, no anchor.
  const key = killedAfterRename(t.lib, file.url, "sha256 = NULL, size = NULL");
  t.sim.resetCounts();
  const r = await t.download();
  assert.equal(r.adopted, 1);
  assert.equal(r.downloaded, 0);
  assert.equal(t.sim.counts.fileGetsByPath.get(file.path) ?? 0, 0, "not fetched again");
  const after = State.open(t.lib);
  assert.equal(after.get(key)!.status, "done");
  assert.equal(after.get(key)!.sha256, file.sha256());
  after.close();
  await assertLibraryMatches(t.lib, t.sim);
});

Deno.test("a file renamed into place before its path was committed is adopted next run by its length, a busy HEAD asked again", async () => {
  await using t = await scenario({ accountOptions: { seed: 7, pictures: 3 } });
  assert.equal((await t.download()).failed, 0);
  const file = t.sim.expectedFiles()[1];
  // What a kill right after the rename leaves when nothing of the transfer was committed yet.
  const key = killedAfterRename(
    t.lib,
    file.url,
    "path = NULL, path_key = NULL, sha256 = NULL, size = NULL, remote_size = NULL, etag = NULL",
  );
  t.sim.resetCounts();
  t.sim.injectFault({ kind: "status", status: 503, target: "file", match: file.path });
  const r = await t.download({ adoptBySize: true });
  assert.deepEqual(t.sim.unfiredFaults(), [], "the HEAD was refused once");
  assert.equal(r.adopted, 1);
  assert.equal(r.downloaded, 0);
  assert.equal(t.sim.counts.fileGetsByPath.get(file.path) ?? 0, 0, "not fetched again");
  const after = State.open(t.lib);
  assert.equal(after.get(key)!.status, "done");
  after.close();
  await assertLibraryMatches(t.lib, t.sim);
});

/** The path the state has committed for a URL, read by a second connection. */
function committedPath(lib: string, url: string): string | null {
  const db = new DatabaseSync(join(lib, ".slooh-dl", "state.db"), { readOnly: true });
  try {
    return (db.prepare("SELECT path FROM items WHERE url = ?").get(url)?.path ?? null) as
      | string
      | null;
  } finally {
    db.close();
  }
}

Deno.test("without adoption by length, a new file's path is committed before its rename", async () => {
  await using t = await scenario({ accountOptions: { seed: 7, pictures: 3 } });
  const seen: (string | null)[] = [];
  const r = await t.download({
    adoptBySize: false,
    events: { finished: (job) => seen.push(committedPath(t.lib, job.item.url)) },
  });
  assert.equal(r.failed, 0);
  assert.equal(seen.length, t.sim.expectedFiles().length);
  assert.ok(seen.every((p) => p !== null), `paths committed before each rename: ${seen}`);
});

Deno.test("a new file placed beside a foreign one has its path committed before its rename", async () => {
  await using t = await scenario({ accountOptions: { seed: 7, pictures: 3 } });
  const base = { concurrency: 1, fits: false, adoptBySize: true };
  const planned = (await t.download({ ...base, dryRun: true })).plan[1];
  const foreign = new TextEncoder().encode("\x89PNG\r\n\x1a\nmy own edit, not Slooh's");
  await Deno.mkdir(dirname(join(t.lib, planned.path)), { recursive: true });
  await Deno.writeFile(join(t.lib, planned.path), foreign);
  // A crash right after its rename must not leave it where the next run would not look.
  let beside: string | null | undefined;
  const r = await t.download({
    ...base,
    events: {
      finished: (job) => {
        if (job.item.url === planned.item.url) beside = committedPath(t.lib, job.item.url);
      },
    },
  });
  assert.equal(r.failed, 0);
  assert.ok(beside && beside !== planned.path, `committed beside the foreign file: ${beside}`);
  assert.deepEqual(await Deno.readFile(join(t.lib, planned.path)), foreign);
});

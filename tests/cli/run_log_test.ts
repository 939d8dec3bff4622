/** Run logs in process: names, rotation, secret scrubbing. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  KEEP_LOGS,
  logFileName,
  logsToRemove,
  MAX_LOGS,
  rotateLogs,
  RunLog,
  scrub,
} from "../../src/cli/run_log.ts";
import { tempDir } from "../helpers.ts";

Deno.test("log names sort by time and are valid file names everywhere", () => {
  assert.equal(
    logFileName(new Date("2026-11-25T12:00:00.123Z"), "download"),
    "2026-11-25T12-00-00Z-download.log",
  );
  const a = logFileName(new Date("2026-01-02T03:04:05Z"), "retry");
  const b = logFileName(new Date("2026-10-02T03:04:05Z"), "download");
  assert.ok(a < b);
  assert.doesNotMatch(a + b, /[:<>"|?*\\]/);
});

Deno.test("scrub hides passwords, tokens and session values", () => {
  const secrets = ["correct horse battery", 'quo"te'];
  const line = scrub(
    'POST /api/users/login {"username":"me","passwd":"correct horse battery",' +
      '"sloohSiteSessionToken":"abc123def456","token":"t0k3n-value"} ' +
      'Cookie: _sloohsstkn=abc123def456; again correct horse battery {"x":"quo\\"te"}',
    secrets,
  );
  assert.doesNotMatch(line, /correct horse battery|abc123def456|t0k3n-value|quo/);
  assert.match(line, /"username":"me"/);
  assert.match(line, /"passwd":"\*\*\*"/);
});

Deno.test("RunLog keeps the newest 20 logs and never overwrites one", async () => {
  const lib = await tempDir();
  try {
    const dir = join(lib, ".slooh-dl", "logs");
    await Deno.mkdir(dir, { recursive: true });
    const names: string[] = [];
    for (let i = 0; i < 25; i++) {
      const name = logFileName(new Date(Date.UTC(2025, 0, 1, 0, 0, i)), "download");
      names.push(name);
      await Deno.writeTextFile(join(dir, name), `old ${i}\n`);
    }
    await Deno.writeTextFile(join(dir, "notes.txt"), "mine");
    const now = new Date(Date.UTC(2025, 0, 3));
    const log = await RunLog.open(lib, "download", { now, secrets: ["hunter2"] });
    log.write("password is hunter2");
    log.close();
    const again = await RunLog.open(lib, "download", { now });
    again.close();
    assert.notEqual(again.path, log.path);
    assert.match(again.path, /Z-download-2\.log$/);

    const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.ok(left.includes("notes.txt"), "a file that is not a run log was removed");
    const logs = left.filter((n) => n.endsWith(".log"));
    assert.equal(logs.length, KEEP_LOGS);
    assert.deepEqual(
      logs,
      [...names.slice(-(KEEP_LOGS - 2)), log.path, again.path].map((p) =>
        p.slice(p.lastIndexOf("/") + 1)
      ).sort(),
    );
    const text = await Deno.readTextFile(log.path);
    assert.match(text, /^\d{4}-\d\d-\d\dT[\d:.]+Z password is \*\*\*\n$/);
    assert.equal((await Deno.stat(log.path)).mode! & 0o777, 0o600);
    assert.deepEqual(await rotateLogs(dir, now, KEEP_LOGS), []);
  } finally {
    await Deno.remove(lib, { recursive: true });
  }
});

Deno.test("rotation keeps a day of logs (a short --watch), at least 20, at most the cap", () => {
  const now = new Date(Date.UTC(2025, 5, 2, 12));
  // One run every 30 minutes for two days, oldest first.
  const names = Array.from(
    { length: 96 },
    (_, i) => logFileName(new Date(now.getTime() - (95 - i) * 1800_000), "download"),
  );
  const gone = logsToRemove(names, now);
  // 49 runs lie within the last 24 h (the one exactly 24 h old too): the 47 older ones go.
  assert.equal(gone.length, 47);
  assert.deepEqual(gone, names.slice(0, 47));
  // Few and old: the newest 20 stay.
  const old = names.slice(0, 30);
  assert.deepEqual(logsToRemove(old, now), old.slice(0, 10));
  // A watch every second: the cap bounds a day's logs.
  const many = Array.from(
    { length: MAX_LOGS + 7 },
    (_, i) => logFileName(new Date(now.getTime() - (MAX_LOGS + 6 - i) * 1000), "download"),
  );
  assert.deepEqual(logsToRemove(many, now), many.slice(0, 7));
});

Deno.test("lines written in batches reach the file by close, and by an exit without one", async () => {
  const dir = await tempDir();
  try {
    const log = await RunLog.open(dir, "download");
    log.write("first line");
    assert.equal(await Deno.readTextFile(log.path), "", "not written yet");
    log.close();
    assert.match(await Deno.readTextFile(log.path), /Z first line\n$/);
    // A second Ctrl-C ends the process with Deno.exit, never closing the log.
    const script = `import { RunLog } from ${
      JSON.stringify(import.meta.resolve("../../src/cli/run_log.ts"))
    };
      const log = await RunLog.open(${JSON.stringify(dir)}, "retry");
      log.write("interrupted");
      console.log(log.path);
      Deno.exit(130);`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    assert.equal(out.code, 130);
    const path = new TextDecoder().decode(out.stdout).trim();
    assert.match(await Deno.readTextFile(path), /Z interrupted\n$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

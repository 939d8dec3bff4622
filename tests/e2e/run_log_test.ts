/** Run logs of real runs (subprocess): every file, no password or session token. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withScenario } from "../helpers.ts";

Deno.test("a --verbose run logs HTTP traces and every file, but no password or session token", () =>
  withScenario({ accountOptions: { seed: 9, pictures: 6 } }, async ({ sim, lib, cli: run }) => {
    sim.injectFault({ kind: "status", status: 403, target: "file", match: ".fit", times: 1 });
    const r = await run(["--verbose", "download", "-d", lib]);
    assert.equal(r.code, 1, r.stderr);
    const logs = [...Deno.readDirSync(join(lib, ".slooh-dl", "logs"))].map((e) => e.name);
    assert.equal(logs.length, 1);
    assert.match(logs[0], /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-download\.log$/);
    const text = await Deno.readTextFile(join(lib, ".slooh-dl", "logs", logs[0]));

    assert.match(text, /POST \/api\/users\/login/, "no HTTP trace in a verbose log");
    assert.match(text, /"passwd":"\*\*\*"/);
    assert.match(text, /warning: .*\.fit: .*403/, "the failure is not in the log");
    assert.match(text, /Downloaded \d+ files/, "the summary is not in the log");
    const downloaded = text.split("\n").filter((l) => / downloaded /.test(l)).length;
    assert.equal(downloaded, sim.expectedFiles().length - 1);

    const secrets = new Set<string>([sim.account.password]);
    for (const req of sim.requests) {
      const body = req.body as Record<string, unknown> | undefined;
      // `cid` is the member id (Slooh prints it as userid too): an identifier, not a secret.
      for (const k of ["sloohSiteSessionToken", "token"]) {
        if (typeof body?.[k] === "string" && (body[k] as string).length > 3) {
          secrets.add(body[k] as string);
        }
      }
      const cookie = /_sloohsstkn=([^;]+)/.exec(req.headers["cookie"] ?? "");
      if (cookie) secrets.add(cookie[1]);
    }
    assert.ok(secrets.size >= 3, "the simulator's log held no session values to look for");
    for (const s of secrets) {
      assert.ok(!text.includes(s), `the log holds a secret: ${s.slice(0, 3)}…`);
      assert.ok(!r.stderr.includes(s), `stderr holds a secret: ${s.slice(0, 3)}…`);
    }
  }));

Deno.test("without --verbose the log has each file but no HTTP traces", () =>
  withScenario({ accountOptions: { seed: 9, pictures: 4 } }, async ({ sim, lib, cli: run }) => {
    const r = await run(["download", "-d", lib, "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    // --quiet keeps only the final summary on the screen.
    assert.deepEqual(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^Downloaded \d+ files/);
    const [name] = [...Deno.readDirSync(join(lib, ".slooh-dl", "logs"))].map((e) => e.name);
    const text = await Deno.readTextFile(join(lib, ".slooh-dl", "logs", name));
    assert.doesNotMatch(text, /POST \/api/);
    assert.equal(
      text.split("\n").filter((l) => / downloaded /.test(l)).length,
      sim.expectedFiles().length,
    );

    // Nothing new: --quiet says nothing at all (cron mails only news), the log still sums it up.
    const again = await run(["download", "-d", lib, "--quiet"]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stderr, "");
    const logs = [...Deno.readDirSync(join(lib, ".slooh-dl", "logs"))].map((e) => e.name);
    assert.equal(logs.length, 2);
    const texts = await Promise.all(
      logs.map((n) => Deno.readTextFile(join(lib, ".slooh-dl", "logs", n))),
    );
    assert.ok(texts.some((t) => /Up to date: nothing new to download/.test(t)), texts.join("\n"));
  }));

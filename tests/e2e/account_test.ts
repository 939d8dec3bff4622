/** A library belongs to one Slooh account; a refused login leaves nothing behind. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Simulator } from "../simulator/mod.ts";
import { readState, runCli, scenario, simEnv } from "../helpers.ts";

Deno.test("a refused login creates no library: no folder, no .slooh-dl, in a real or dry run", async () => {
  await using t = await scenario({ accountOptions: { seed: 81, pictures: 2 } });
  const env = simEnv(t.sim, { SLOOH_PASSWORD: "not-the-password" });
  for (const extra of [[], ["--dry-run"]]) {
    const r = await runCli(["--config", t.config, "download", "-d", t.lib, ...extra], env);
    assert.equal(r.code, 3, r.stderr);
    await assert.rejects(Deno.stat(t.lib), Deno.errors.NotFound, `after ${extra}`);
  }
  await Deno.mkdir(t.lib);
  const r = await runCli(["--config", t.config, "download", "-d", t.lib], env);
  assert.equal(r.code, 3);
  assert.deepEqual([...Deno.readDirSync(t.lib)], []);
});

Deno.test("a library refuses another account (exit 2) and records the member id", async () => {
  await using t = await scenario({ accountOptions: { seed: 82, pictures: 2 } });
  assert.equal((await t.run()).code, 0);
  const recorded = await readState(t.lib, (db) => db.prepare("SELECT * FROM account").all());
  assert.deepEqual(recorded.map((r) => [r.user_id, r.username]), [
    [t.sim.account.userId, t.sim.account.username],
  ]);

  const other = await Simulator.start({
    accountOptions: { seed: 83, pictures: 2, username: "someone-else@example.com" },
  });
  try {
    for (const extra of [[], ["--dry-run"]]) {
      const r = await runCli(
        ["--config", t.config, "download", "-d", t.lib, ...extra],
        simEnv(other),
      );
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        /holds the images of Slooh account "observer@example.com" \(member id \d+\), not of "someone-else@example.com"/,
      );
      assert.equal(other.counts.fileGets, 0);
    }
    const runs = await readState(t.lib, (db) => db.prepare("SELECT id FROM runs").all());
    assert.equal(runs.length, 1, "a refused account starts no run");
  } finally {
    await other.close();
  }
  // The same member under a new username is the same account.
  t.sim.account.username = "renamed@example.com";
  const same = await t.cli(["--config", t.config, "download", "-d", t.lib], {
    SLOOH_USERNAME: "renamed@example.com",
  });
  assert.equal(same.code, 0, same.stderr);
});

Deno.test("a library made before accounts were recorded adopts the first account that uses it", async () => {
  await using t = await scenario({ accountOptions: { seed: 84, pictures: 2 } });
  assert.equal((await t.run()).code, 0);
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(join(t.lib, ".slooh-dl", "state.db"));
  db.exec("DELETE FROM account");
  db.close();
  assert.equal((await t.run()).code, 0);
  const recorded = await readState(t.lib, (db) => db.prepare("SELECT user_id FROM account").all());
  assert.deepEqual(recorded.map((r) => r.user_id), [t.sim.account.userId]);
});

Deno.test("verify --repair as another account is refused (exit 2) before any file is moved", async () => {
  await using t = await scenario({ accountOptions: { seed: 85, pictures: 2 } });
  assert.equal((await t.run()).code, 0);
  const rows = await readState(t.lib, (db) => db.prepare("SELECT path FROM items").all());
  const hurt = join(t.lib, String(rows[0].path));
  const bytes = await Deno.readFile(hurt);
  bytes[bytes.length >> 1] ^= 0xff;
  await Deno.writeFile(hurt, bytes);
  const other = await Simulator.start({
    accountOptions: { seed: 86, pictures: 2, username: "someone-else@example.com" },
  });
  try {
    const r = await runCli(
      ["--config", t.config, "verify", "-d", t.lib, "--repair"],
      simEnv(other),
    );
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /holds the images of Slooh account/);
    assert.deepEqual(await Deno.readFile(hurt), bytes);
  } finally {
    await other.close();
  }
});

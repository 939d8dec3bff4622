/** `missions` as a subprocess: the mission table and JSON, with local status. */
import assert from "node:assert/strict";
import type { SimMission } from "../simulator/mod.ts";
import { runCli, simEnv, withScenario } from "../helpers.ts";
import { json, utcDay } from "./cli_helpers.ts";

Deno.test("missions lists every mission with counts and complete / partial / none", () =>
  withScenario({ accountOptions: { seed: 3, pictures: 24 } }, async ({ sim, lib, cli: run }) => {
    const all = [...sim.account.missions.values()].sort((a, b) =>
      b.capturedAt.getTime() - a.capturedAt.getTime() || b.id - a.id
    );
    const since = utcDay(sim.account.pictures[4].capturedAt);
    const older = all.find((m) => utcDay(m.capturedAt) < since && m.fits.length > 0)!;
    assert.ok(older);
    const a = await run(["download", "-d", lib, "--since", since]);
    assert.equal(a.code, 0, a.stderr);
    const b = await run(["download", "-d", lib, "--mission", String(older.id), "--no-fits"]);
    assert.equal(b.code, 0, b.stderr);

    const expectStatus = (m: SimMission) =>
      utcDay(m.capturedAt) >= since ? "complete" : m.id === older.id ? "partial" : "none";
    const images = (m: SimMission) =>
      sim.account.pictures.filter((p) => p.missionId === m.id).length;

    const r = await run(["missions", "-d", lib, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const got = json(r);
    assert.equal(got.total, all.length);
    assert.deepEqual(
      got.missions.map((m: Record<string, unknown>) => [
        m.id,
        m.images,
        m.fitsAvailable,
        (m.local as { status: string }).status,
        m.capturedAt,
      ]),
      all.map((
        m,
      ) => [m.id, images(m), m.fitsAvailable, expectStatus(m), m.capturedAt.toISOString()]),
    );
    assert.ok(got.missions.some((m: { local: { status: string } }) => m.local.status === "none"));

    // The table: a header, then one row per mission in the same order, statuses included.
    const t = await run(["missions", "-d", lib]);
    assert.equal(t.code, 0, t.stderr);
    const lines = t.stdout.trimEnd().split("\n");
    assert.match(
      lines[0],
      /^DATE \(UTC\)\s+MISSION\s+TITLE\s+TELESCOPE\s+IMAGES\s+FITS\s+LOCAL\s+EXPOSURE$/,
    );
    assert.equal(lines.length, all.length + 1);
    for (const [i, m] of all.entries()) {
      const row = lines[i + 1];
      assert.ok(row.startsWith(m.capturedAt.toISOString().slice(0, 10)), row);
      assert.match(row, new RegExp(`\\b${m.id}\\b`));
      assert.match(
        row,
        new RegExp(`\\s${m.fitsAvailable ? "yes" : "no"}\\s+${expectStatus(m)}(\\s+\\S.*)?$`),
      );
      // A mission with FITS in the library shows them by filter.
      if (expectStatus(m) === "complete" && m.fits.length) assert.match(row, /\d+×\d+ s/);
    }

    // --limit keeps the newest; without a library there is no local status.
    const few = await runCli(["missions", "--limit", "3", "--json"], simEnv(sim));
    assert.equal(few.code, 0, few.stderr);
    assert.deepEqual(
      json(few).missions.map((m: { id: number }) => m.id),
      all.slice(0, 3).map((m) => m.id),
    );
    assert.equal(json(few).missions[0].local, null);
    const plain = await runCli(["missions", "--limit", "2"], simEnv(sim));
    assert.match(plain.stdout.split("\n")[1], /\s-$/);
  }));

/** `missions`: the mission table and JSON, with local status from the library's state. */
import assert from "node:assert/strict";
import { localStatus, newestFirst } from "../../src/cli/commands/missions.ts";
import type { Mission } from "../../src/slooh/types.ts";
import type { SimMission } from "../simulator/mod.ts";
import { runCli, simEnv, withScenario } from "../helpers.ts";
import { json, utcDay } from "./cli_helpers.ts";

function mission(over: Partial<Mission> = {}): Mission {
  return {
    id: 1,
    title: "M42",
    capturedAt: new Date("2025-01-01T00:00:00Z"),
    telescope: "Canary Two",
    instrument: "",
    imageCount: 2,
    fitsAvailable: true,
    owner: "",
    previewUrl: "",
    ...over,
  };
}

Deno.test("local status: complete needs every picture and every listed FITS", () => {
  const p = (picturesDone: number, fitsDone: number, fitsListed: number | null) => ({
    picturesKnown: 2,
    picturesDone,
    fitsKnown: fitsListed ?? 0,
    fitsDone,
    fitsListed,
  });
  assert.equal(localStatus(mission(), undefined), "none");
  assert.equal(localStatus(mission(), p(0, 0, 3)), "none");
  assert.equal(localStatus(mission(), p(2, 3, 3)), "complete");
  assert.equal(localStatus(mission(), p(2, 2, 3)), "partial");
  assert.equal(localStatus(mission(), p(1, 3, 3)), "partial");
  // FITS never listed (a --no-fits library): not complete while Slooh has some.
  assert.equal(localStatus(mission(), p(2, 0, null)), "partial");
  assert.equal(localStatus(mission({ fitsAvailable: false }), p(2, 0, null)), "complete");
});

Deno.test("missions sort newest first, undated last", () => {
  const list = [
    mission({ id: 1, capturedAt: null }),
    mission({ id: 2, capturedAt: new Date("2024-01-01Z") }),
    mission({ id: 3, capturedAt: new Date("2025-01-01Z") }),
    mission({ id: 4, capturedAt: new Date("2025-01-01Z") }),
  ];
  assert.deepEqual(list.sort(newestFirst).map((m) => m.id), [4, 3, 2, 1]);
});

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
    assert.match(lines[0], /^DATE \(UTC\)\s+MISSION\s+TITLE\s+TELESCOPE\s+IMAGES\s+FITS\s+LOCAL$/);
    assert.equal(lines.length, all.length + 1);
    for (const [i, m] of all.entries()) {
      const row = lines[i + 1];
      assert.ok(row.startsWith(m.capturedAt.toISOString().slice(0, 10)), row);
      assert.match(row, new RegExp(`\\b${m.id}\\b`));
      assert.match(row, new RegExp(`\\s${m.fitsAvailable ? "yes" : "no"}\\s+${expectStatus(m)}$`));
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

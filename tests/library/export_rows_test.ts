import assert from "node:assert/strict";
import {
  COLUMNS,
  exportRow,
  type ExportSource,
  toCsv,
  toJson,
  toSha256sum,
} from "../../src/library/export_rows.ts";

const source = (over: Partial<ExportSource> = {}): ExportSource => ({
  path: "M42/Canary Two/PNG/Canary Two_m42_20260121_011658_0_iycarr_lrgb.png",
  kind: "picture",
  title: "Orion Nebula (M42)",
  telescope: "Canary Two",
  instrument: "Highmag",
  filename: "m42_20260121_011658_0_iycarr_lrgb.png",
  capturedAt: new Date("2026-01-21T01:16:58Z"),
  missionId: 812,
  missionTitle: "Orion Nebula (M42)",
  size: 1234,
  sha256: "ab".repeat(32),
  exposure: null,
  headerFilter: null,
  ...over,
});

Deno.test("exportRow takes a FITS frame's filter from its header where the header contradicts the name", () => {
  const fits = { kind: "fits" as const, filename: "m42_20260121_011658_0_iycarr_r.fit" };
  assert.equal(exportRow(source({ ...fits, headerFilter: "Red" })).filter, "Red");
  assert.equal(exportRow(source({ ...fits, headerFilter: "Johnson V" })).filter, "Johnson V");
  assert.equal(exportRow(source({ ...fits })).filter, "Red");
});

Deno.test("exportRow fills object, designation, filter and UTC time; exposure only when given", () => {
  const r = exportRow(source());
  assert.equal(r.object, "M42");
  assert.equal(r.designation, "M42");
  assert.equal(r.filter, "LRGB");
  assert.equal(r.capturedAt, "2026-01-21T01:16:58.000Z");
  assert.equal(r.exposure, null);
  assert.equal(r.missionId, 812);
  assert.equal(exportRow(source({ exposure: 30 })).exposure, 30);

  const saturn = exportRow(source({ title: "Saturn", missionTitle: null, capturedAt: null }));
  assert.equal(saturn.object, "Saturn");
  assert.equal(saturn.designation, "");
  assert.equal(saturn.capturedAt, null);
  assert.equal(saturn.missionTitle, "Saturn", "an unlisted mission takes the item's title");
  const loose = exportRow(source({ missionId: 0 }));
  assert.deepEqual([loose.missionId, loose.missionTitle], [null, ""]);
});

Deno.test("toCsv follows RFC 4180: header, CRLF, quotes doubled, commas and breaks quoted", () => {
  const csv = toCsv([
    exportRow(source({ title: 'Comet "C/2025", bright', telescope: "Line\nBreak" })),
    exportRow(source({ capturedAt: null, exposure: 60 })),
  ]);
  const lines = csv.split("\r\n");
  assert.equal(lines[0], COLUMNS.join(","));
  assert.ok(csv.endsWith("\r\n"));
  assert.ok(csv.includes('"Comet ""C/2025"", bright"'));
  assert.ok(csv.includes('"Line\nBreak"'));
  // The second row: no time, exposure 60, empty designation never quoted.
  const last = lines.at(-2)!.split(",");
  assert.equal(last[COLUMNS.indexOf("exposure")], "60");
  assert.equal(last[COLUMNS.indexOf("capturedAt")], "");
});

Deno.test("toSha256sum writes two spaces, and escapes a backslash as GNU sha256sum does", () => {
  const h = "cd".repeat(32);
  assert.equal(
    toSha256sum([exportRow(source({ path: "a b/c.png", sha256: h }))]),
    `${h}  a b/c.png\n`,
  );
  assert.equal(
    toSha256sum([exportRow(source({ path: "x\\y.png", sha256: h }))]),
    `\\${h}  x\\\\y.png\n`,
  );
});

Deno.test("toJson is an array of objects with every column", () => {
  const parsed = JSON.parse(toJson([exportRow(source())]));
  assert.ok(Array.isArray(parsed));
  assert.deepEqual(Object.keys(parsed[0]), [...COLUMNS]);
});

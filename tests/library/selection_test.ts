import assert from "node:assert/strict";
import {
  objectMatches,
  parseSelection,
  selectionFilter,
  type SelectionFlags,
} from "../../src/library/selection.ts";
import { ConfigError } from "../../src/errors.ts";
import type { Item } from "../../src/slooh/types.ts";
import { testItem } from "../helpers.ts";

const item = testItem;

function keeps(flags: SelectionFlags, it: Item): boolean {
  const f = selectionFilter(parseSelection(flags));
  assert.ok(f, "a filter was expected");
  return f(it);
}

Deno.test("no flags: no filter at all, so a whole run can still anchor later runs", () => {
  assert.equal(selectionFilter(parseSelection({})), undefined);
});

Deno.test("--since and --until are whole UTC days, both ends inclusive", () => {
  const at = (iso: string) => item({ capturedAt: new Date(iso) });
  const flags = { since: "2025-09-05", until: "2025-09-06" };
  assert.equal(keeps(flags, at("2025-09-04T23:59:59.999Z")), false);
  assert.equal(keeps(flags, at("2025-09-05T00:00:00.000Z")), true);
  assert.equal(keeps(flags, at("2025-09-06T23:59:59.999Z")), true);
  assert.equal(keeps(flags, at("2025-09-07T00:00:00.000Z")), false);
  // One day both ways selects exactly that day.
  assert.equal(keeps({ since: "2025-09-05", until: "2025-09-05" }, at("2025-09-05T12:00Z")), true);
  assert.equal(keeps({ since: "2025-09-06", until: "2025-09-06" }, at("2025-09-05T12:00Z")), false);
});

Deno.test("a month or a year names the whole period", () => {
  const at = (iso: string) => item({ capturedAt: new Date(iso) });
  assert.equal(keeps({ until: "2025-09" }, at("2025-09-30T23:59:59Z")), true);
  assert.equal(keeps({ until: "2025-09" }, at("2025-10-01T00:00:00Z")), false);
  assert.equal(keeps({ since: "2026" }, at("2025-12-31T23:59:59Z")), false);
  assert.equal(keeps({ since: "2026" }, at("2026-01-01T00:00:00Z")), true);
});

Deno.test("an undated item fails any date bound but passes other filters", () => {
  assert.equal(keeps({ since: "2000" }, item({ capturedAt: null })), false);
  assert.equal(keeps({ telescope: "canary" }, item({ capturedAt: null })), true);
});

Deno.test("bad dates and empty ranges are usage errors", () => {
  for (const since of ["yesterday", "2025-13-01", "2025-02-30", "05/09/2025", ""]) {
    assert.throws(() => parseSelection({ since }), ConfigError, since);
  }
  assert.throws(
    () => parseSelection({ since: "2025-09-06", until: "2025-09-05" }),
    /after --until/,
  );
  assert.throws(() => parseSelection({ object: "   " }), ConfigError);
});

Deno.test("--object matches the catalog designation however it is spelled", () => {
  const q = (text: string) => parseSelection({ object: text }).objects[0];
  assert.equal(objectMatches(q("m42"), "Orion Nebula (M42)"), true);
  assert.equal(objectMatches(q("M 42"), "Orion Nebula (M42)"), true);
  assert.equal(objectMatches(q("messier 43"), "Messier 43 "), true);
  assert.equal(objectMatches(q("m43"), "Messier 43 "), true);
  assert.equal(objectMatches(q("ngc 3195"), "Caldwell 109 (NGC 3195)"), true);
  // The title's own words count too: Slooh files this one under NGC 3195.
  assert.equal(objectMatches(q("caldwell 109"), "Caldwell 109 (NGC 3195)"), true);
  assert.equal(objectMatches(q("b33"), "Horsehead Nebula (Barnard 33)"), true);
  // A designation is never a prefix of another one.
  assert.equal(objectMatches(q("m4"), "Orion Nebula (M42)"), false);
  assert.equal(objectMatches(q("m42"), "Messier 43 "), false);
  assert.equal(objectMatches(q("ngc 1962"), "LMC Cluster NGC 1962"), true);
  // Catalogues whose prefix only reads capitalised, typed in lower case.
  assert.equal(q("cr399").designation, "Collinder399");
  assert.equal(objectMatches(q("cr399"), "Coathanger (Collinder 399)"), true);
  assert.equal(objectMatches(q("tr 14"), "Open Cluster Trumpler 14"), true);
});

Deno.test("--object without a designation is a case-insensitive part of the title", () => {
  const q = (text: string) => parseSelection({ object: text }).objects[0];
  assert.equal(objectMatches(q("orion"), "Orion Nebula (M42)"), true);
  assert.equal(objectMatches(q("HORSE"), "Horsehead Nebula (Barnard 33)"), true);
  assert.equal(objectMatches(q("saturn"), "Jupiter"), false);
  // Double spaces in Slooh's titles do not hide a match.
  assert.equal(
    objectMatches(q("ra: 23.1289 dec"), "Celestial Coordinates - RA: 23.1289  Dec: -42.3333"),
    true,
  );
});

Deno.test("--telescope is a case-insensitive substring", () => {
  assert.equal(keeps({ telescope: "canary" }, item()), true);
  assert.equal(keeps({ telescope: "CANARY TWO" }, item()), true);
  assert.equal(keeps({ telescope: "chile" }, item()), false);
  assert.equal(keeps({ telescope: "canary" }, item({ telescope: "" })), false);
});

Deno.test("filters combine with AND and apply to FITS through their mission's metadata", () => {
  const fits = item({
    key: "f9",
    kind: "fits",
    filename: "m42_l_cal.fit",
    url: "https://x/m42_l_cal.fit",
  });
  const flags = { object: "m42", telescope: "two", since: "2025-09-05", until: "2025-09-05" };
  assert.equal(keeps(flags, fits), true);
  assert.equal(keeps({ ...flags, telescope: "three" }, fits), false);
  assert.equal(keeps({ ...flags, object: "m43" }, fits), false);
  assert.equal(keeps({ ...flags, since: "2025-09-06", until: undefined }, fits), false);
});

Deno.test("different filters must all match; a repeated one means either", () => {
  const flags = { object: ["m42", "m43"], telescope: ["canary"] };
  assert.equal(keeps(flags, item({ title: "Orion Nebula (M42)", telescope: "Canary Two" })), true);
  assert.equal(keeps(flags, item({ title: "Messier 43", telescope: "Canary Three" })), true);
  assert.equal(keeps(flags, item({ title: "Orion Nebula (M42)", telescope: "Chile One" })), false);
  assert.equal(keeps(flags, item({ title: "Saturn", telescope: "Canary Two" })), false);
  const twoScopes = { telescope: ["chile", "canary two"] };
  assert.equal(keeps(twoScopes, item({ telescope: "Chile One" })), true);
  assert.equal(keeps(twoScopes, item({ telescope: "Canary Two" })), true);
  assert.equal(keeps(twoScopes, item({ telescope: "Canary Three" })), false);
  assert.throws(() => parseSelection({ object: ["m42", " "] }), ConfigError);
});

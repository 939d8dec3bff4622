import assert from "node:assert/strict";
import { catalogDesignation } from "../../src/library/catalog.ts";
import { compileTemplate, renderTemplate, templateVars } from "../../src/library/template.ts";
import type { Item } from "../../src/slooh/types.ts";
import { realTitles } from "../fixtures/mod.ts";

const TITLES = realTitles();
const FOLDER = compileTemplate("{object}/{telescope}/{format}", "folder template");

/** The folder the default template files a real title's FITS frame in. */
function folderOf(title: string): string {
  const item: Item = {
    key: "f1",
    kind: "fits",
    imageId: 1,
    customerImageId: null,
    missionId: 1,
    title: title.trim(),
    telescope: "Chile Two",
    instrument: "",
    capturedAt: null,
    url: "https://polaris.slooh.com/chile/2/highmag/x/ngc1_20260101_000000_0_abcdef_l_cal.fit",
    filename: "ngc1_20260101_000000_0_abcdef_l_cal.fit",
  };
  return renderTemplate(FOLDER, templateVars(item))[0];
}

Deno.test("every real title with a catalogue number files under a designation", () => {
  const catalogued =
    /\b(?:M|NGC|IC|Caldwell|Messier|Barnard|Bennett|Dunlop|DCLD|3C|Sh|C\/?\d{2})\s?\d/;
  for (const title of TITLES) {
    const designation = catalogDesignation(title);
    // A group named after a member ("Leo Triplet (M66 Group)") is none of its members.
    const group = /\d Group\b/.test(title);
    if (catalogued.test(title) && !group) {
      assert.notEqual(designation, null, JSON.stringify(title));
    } else assert.equal(designation, null, JSON.stringify(title));
    const folder = folderOf(title);
    assert.ok(folder.length > 0 && !/[\/\\:]/.test(folder), `${title} → ${folder}`);
  }
});

Deno.test("real titles of one object land in one folder", () => {
  const groups: [string, string[]][] = [
    ["NGC3372", [
      "Caldwell 92",
      "Caldwell 92 ",
      "Caldwell 92 (NGC 3372)",
      "Eta Carinae Nebula (NGC 3372)",
    ]],
    ["NGC5139", [
      "Caldwell 80",
      "Caldwell 80 ",
      "Caldwell 80 (NGC 5139)",
      "Omega Centauri (NGC 5139)",
    ]],
    ["NGC7293", ["Caldwell 63 (NGC 7293)", "Helix Nebula (NGC 7293)"]],
    ["NGC40", ["Caldwell 2 (NGC 40)", "Bow-Tie Nebula (NGC 40)"]],
    ["M83", ["Messier 83 ", "Southern Pinwheel Galaxy (M83)"]],
    ["NGC300", ["Sculptor Spiral Galaxy (NGC 300)"]],
    ["NGC3195", ["Caldwell 109 (NGC 3195)"]],
    ["M103", ["Messier 103", "Open Cluster M103 (NGC 581)"]],
    ["M35", ["Open Cluster M35", "Open Cluster M35 (NGC 2168)"]],
    ["M31", ["Andromeda Galaxy (M31)", "Andromeda Galaxy (NGC 224)"]],
    ["M1", ["Crab Nebula (M1)", "Messier 1 "]],
    ["NGC4236", ["Caldwell 3 "]],
    ["NGC7023", ["Iris Nebula (NGC 7023)"]],
  ];
  for (const [folder, titles] of groups) {
    for (const title of titles) {
      assert.ok(TITLES.includes(title), `${JSON.stringify(title)} is a real title`);
      assert.equal(folderOf(title), folder, title);
    }
  }
});

import assert from "node:assert/strict";
import { catalogDesignation, objectName } from "../../src/library/catalog.ts";

/** Every title shape listed in lessons.md, with its designation and object name. */
const REAL_TITLES: [title: string, designation: string | null, name: string][] = [
  ["Orion Nebula (M42)", "M42", "M42"],
  ["Flaming Star Nebula (IC 405)", "IC405", "IC405"],
  ["Horsehead Nebula (Barnard 33)", "Barnard33", "Barnard33"],
  ["Dark Doodad Nebula (DCLD 301.0-08.6)", "DCLD301.0-08.6", "DCLD301.0-08.6"],
  ["Antares (Alpha Scorpii)", null, "Antares (Alpha Scorpii)"],
  ["Sun (Sol)", null, "Sun (Sol)"],
  ["Caldwell 109 (NGC 3195)", "NGC3195", "NGC3195"],
  ["Bennett 96 (NGC 6388)", "NGC6388", "NGC6388"],
  ["Leo Triplet (M66 Group)", "M66", "M66"],
  ["Veil Nebula (East) (NGC 6992)", "NGC6992", "NGC6992"],
  ["Butterfly Galaxies (NGC 4568/4567)", "NGC4568", "NGC4568"],
  ["Comet C/2025 R2 (SWAN)", "C2025R2", "C2025R2"],
  ["Elliptical Galaxy M60", "M60", "M60"],
  ["Globular Star Cluster M80", "M80", "M80"],
  ["Open Cluster NGC 5281", "NGC5281", "NGC5281"],
  ["LMC Cluster NGC 1962", "NGC1962", "NGC1962"],
  ["Quasar 3C273", "3C273", "3C273"],
  ["Bode's Galaxy M81", "M81", "M81"],
  ["Messier 43 ", "M43", "M43"],
  ["Caldwell 79 ", "Caldwell79", "Caldwell79"],
  ["NGC 2925 ", "NGC2925", "NGC2925"],
  ["IC 1788 ", "IC1788", "IC1788"],
  ["Bennett 47 ", "Bennett47", "Bennett47"],
  ["Saturn", null, "Saturn"],
  ["Jupiter", null, "Jupiter"],
  ["Full Moon", null, "Full Moon"],
  ["LMC N49", null, "LMC N49"],
  [
    "Celestial Coordinates - RA: 23.1289  Dec: -42.3333 (C2024 E1 Wierzchos)",
    "C2024E1",
    "C2024E1",
  ],
];

Deno.test("catalogDesignation and objectName on every real title shape", () => {
  for (const [title, designation, name] of REAL_TITLES) {
    assert.equal(catalogDesignation(title), designation, JSON.stringify(title));
    assert.equal(objectName(title), name, JSON.stringify(title));
  }
});

Deno.test("catalogDesignation reads every supported catalog in its usual spellings", () => {
  const cases: [string, string][] = [
    ["Messier 1", "M1"],
    ["M 31", "M31"],
    ["Andromeda Galaxy (M31)", "M31"],
    ["M 042", "M42"],
    ["NGC7000", "NGC7000"],
    ["ngc 891", "NGC891"],
    ["IC 1396", "IC1396"],
    ["Caldwell 14", "Caldwell14"],
    ["C 14", "Caldwell14"],
    ["Barnard 72", "Barnard72"],
    ["B 33", "Barnard33"],
    ["B33", "Barnard33"],
    ["Sh2-155", "Sh2-155"],
    ["Cave Nebula (Sh 2-155)", "Sh2-155"],
    ["SH2 155", "Sh2-155"],
    ["Sharpless 240", "Sh2-240"],
    ["Sharpless 2-240", "Sh2-240"],
    ["Abell 426", "Abell426"],
    ["Planetary Nebula Abell 39", "Abell39"],
    ["Arp 273", "Arp273"],
    ["Melotte 111", "Melotte111"],
    ["Mel 111", "Melotte111"],
    ["Collinder 399", "Collinder399"],
    ["Cr 399", "Collinder399"],
    ["Trumpler 14", "Trumpler14"],
    ["Tr 14", "Trumpler14"],
    ["UGC 12158", "UGC12158"],
    ["PGC 2557", "PGC2557"],
    ["Bennett 1", "Bennett1"],
    ["DCLD 1.5+2.0", "DCLD1.5+2.0"],
    ["LDN 1622", "LDN1622"],
    ["LBN 437", "LBN437"],
    ["vdB 142", "vdB142"],
    ["VdB 142", "vdB142"],
    ["3C 273", "3C273"],
    ["Comet 12P/Pons-Brooks", "12P"],
    ["Comet C/2023 A3 (Tsuchinshan-ATLAS)", "C2023A3"],
    ["Interstellar 2I/Borisov", "2I"],
  ];
  for (const [title, designation] of cases) {
    assert.equal(catalogDesignation(title), designation, title);
  }
});

Deno.test("catalogDesignation prefers a parenthesised designation, else the first one", () => {
  assert.equal(catalogDesignation("M81 and M82"), "M81");
  assert.equal(catalogDesignation("NGC 224 (M31)"), "M31");
  assert.equal(catalogDesignation("Caldwell 109 (foo NGC 3195)"), "Caldwell109");
  assert.equal(catalogDesignation("Veil Nebula (East) (NGC 6992) (IC 1340)"), "NGC6992");
});

Deno.test("catalogDesignation does not mistake ordinary words and numbers for catalogs", () => {
  const none = [
    "",
    "   ",
    "Moon",
    "Mars 2025",
    "M200",
    "C 200",
    "B 999",
    "LMC 5",
    "Celestial Coordinates - RA: 23.1289  Dec: -42.3333",
    "Comet Tsuchinshan-ATLAS",
    "Sun (Sol)",
    "Full Moon (2025)",
    "Alpha Centauri",
    "Object 1234",
    "HD 209458",
  ];
  for (const title of none) assert.equal(catalogDesignation(title), null, title);
});

Deno.test("catalogDesignation does not read a prefix of a longer number", () => {
  assert.equal(catalogDesignation("NGC 123456"), null);
  assert.equal(catalogDesignation("M 1101"), null);
});

Deno.test("designations never contain a path separator or whitespace", () => {
  for (const [title] of REAL_TITLES) {
    const designation = catalogDesignation(title);
    if (designation !== null) assert.doesNotMatch(designation, /[\/\\\s]/, title);
  }
});

Deno.test("objectName cleans titles without a designation", () => {
  assert.equal(objectName("  Full   Moon  "), "Full Moon");
  assert.equal(objectName("Saturn\t"), "Saturn");
  assert.equal(objectName(""), "Unknown");
  assert.equal(objectName("   "), "Unknown");
  // Sanitizing is the template's job: objectName keeps the text as the user would read it.
  assert.equal(objectName("Target A/B"), "Target A/B");
});

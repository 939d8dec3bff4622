import assert from "node:assert/strict";
import {
  catalogDesignation,
  designationsOf,
  objectName,
  preferredDesignation,
} from "../../src/library/catalog.ts";
import { CROSS_ID_GROUPS } from "../../src/library/cross_ids.ts";

/** Every title shape listed in lessons.md, with its designation and object name. */
const REAL_TITLES: [title: string, designation: string | null, name: string][] = [
  ["Orion Nebula (M42)", "M42", "M42"],
  ["Flaming Star Nebula (IC 405)", "IC405", "IC405"],
  ["Horsehead Nebula (Barnard 33)", "Barnard33", "Barnard33"],
  ["Dark Doodad Nebula (DCLD 301.0-08.6)", "DCLD301.0-08.6", "DCLD301.0-08.6"],
  ["Antares (Alpha Scorpii)", null, "Antares (Alpha Scorpii)"],
  ["Sun (Sol)", null, "Sun"],
  ["Caldwell 109 (NGC 3195)", "NGC3195", "NGC3195"],
  ["Bennett 96 (NGC 6388)", "NGC6388", "NGC6388"],
  // The group of M65, M66 and NGC 3628, named after M66: not M66.
  ["Leo Triplet (M66 Group)", null, "Leo Triplet (M66 Group)"],
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
  ["Caldwell 79 ", "NGC3201", "NGC3201"],
  ["NGC 2925 ", "NGC2925", "NGC2925"],
  ["IC 1788 ", "IC1788", "IC1788"],
  ["Bennett 47 ", "Bennett47", "Bennett47"],
  ["Saturn", null, "Saturn"],
  ["Jupiter", null, "Jupiter"],
  ["Full Moon", null, "Moon"],
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
    ["Caldwell 99", "Caldwell99"],
    ["C 99", "Caldwell99"],
    ["Barnard 72", "Barnard72"],
    ["B 33", "Barnard33"],
    ["B33", "Barnard33"],
    ["Sh2-101", "Sh2-101"],
    ["Tulip Nebula (Sh 2-101)", "Sh2-101"],
    ["SH2 101", "Sh2-101"],
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
  assert.equal(catalogDesignation("Caldwell 99 (foo NGC 3195)"), "Caldwell99");
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
    "HD2094580",
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
  assert.equal(objectName("  Running   Chicken  "), "Running Chicken");
  assert.equal(objectName("Saturn\t"), "Saturn");
  assert.equal(objectName(""), "Unknown");
  assert.equal(objectName("   "), "Unknown");
  // Sanitizing is the template's job: objectName keeps the text as the user would read it.
  assert.equal(objectName("Target A/B"), "Target A/B");
});

Deno.test("one object, one folder: real titles of one object share a designation", () => {
  // Titles from one member's real download log (SloohDownloader) and from Slooh's slot titles.
  const objects: [string, string[]][] = [
    ["NGC3372", ["Caldwell 92", "Caldwell 92 (NGC 3372)", "Eta Carinae Nebula (NGC 3372)"]],
    ["NGC5139", ["Caldwell 80", "Caldwell 80 (NGC 5139)", "Omega Centauri (NGC 5139)"]],
    ["NGC3195", ["Caldwell 109", "Caldwell 109 (NGC 3195)"]],
    ["M103", ["Messier 103", "Open Cluster M103 (NGC 581)", "NGC 581 "]],
    ["M35", ["Open Cluster M35", "Open Cluster M35 (NGC 2168)"]],
    ["M31", ["Andromeda Galaxy (M31)", "Andromeda Galaxy (NGC 224)"]],
    ["M42", ["Orion Nebula (M42)", "Great Orion Nebula NGC 1976"]],
    ["M45", ["Pleiades (M45)", "Melotte 22"]],
    ["M76", ["Little Dumbbell (NGC 650)", "NGC 651", "M76"]],
  ];
  for (const [folder, titles] of objects) {
    for (const title of titles) assert.equal(objectName(title), folder, title);
  }
});

Deno.test("cross-identifications: 110 Messier and 109 Caldwell objects, each name in one object", () => {
  const messier = CROSS_ID_GROUPS.filter((g) => /^M\d+$/.test(g[0]));
  const caldwell = CROSS_ID_GROUPS.filter((g) => /^Caldwell\d+$/.test(g[0]));
  assert.deepEqual(messier.map((g) => g[0]), Array.from({ length: 110 }, (_, i) => `M${i + 1}`));
  assert.deepEqual(
    caldwell.map((g) => g[0]),
    Array.from({ length: 109 }, (_, i) => `Caldwell${i + 1}`),
  );
  const seen = new Map<string, string>();
  for (const group of CROSS_ID_GROUPS) {
    for (const name of group) {
      // Every name in the table must be one the title parser itself produces (a numbered comet
      // as titles write it, after "Comet").
      const title = /^\d+I$/.test(name) ? `Comet ${name}` : name;
      assert.equal(catalogDesignation(title), preferredDesignation(name), name);
      const object = preferredDesignation(name);
      assert.equal(seen.get(name) ?? object, object, name);
      seen.set(name, object);
    }
  }
  // Only the objects the standard lists give no catalogue number stay alone.
  const alone = CROSS_ID_GROUPS.filter((g) => g.length === 1).map((g) => g[0]);
  // The Double Cluster is two clusters, each with its own number.
  assert.deepEqual(alone, ["M24", "Caldwell14", "Caldwell99"]);
});

Deno.test("the preference: Messier, then NGC, IC, Caldwell, then the rest", () => {
  assert.deepEqual(designationsOf("NGC581"), ["M103", "NGC581"]);
  assert.deepEqual(designationsOf("caldwell92"), ["NGC3372", "Caldwell92"]);
  assert.deepEqual(designationsOf("Caldwell5"), ["IC342", "Caldwell5"]);
  assert.deepEqual(designationsOf("Sh2-155"), ["Caldwell9", "Sh2-155"]);
  assert.deepEqual(designationsOf("Melotte25"), ["Caldwell41", "Melotte25"]);
  assert.deepEqual(designationsOf("M40"), ["M40", "WNC4"]);
  assert.deepEqual(designationsOf("Caldwell14"), ["Caldwell14"]);
  assert.deepEqual(designationsOf("NGC884"), ["NGC884"]);
  assert.deepEqual(designationsOf("C2025N1"), ["3I", "C2025N1"]);
  assert.deepEqual(designationsOf("NGC7000"), ["NGC7000", "Caldwell20"]);
  assert.deepEqual(designationsOf("Barnard33"), ["Barnard33"]);
});

Deno.test("stars, double stars and minor planets get designations from real title shapes", () => {
  const cases: [string, string | null][] = [
    ["Celestial Coordinates - RA: 13.3781  Dec: -47.4794 (Dunlop 357)", "Dunlop357"],
    ["Celestial Coordinates - RA: 5.5  Dec: -69.1 (SAO 248201)", "SAO248201"],
    ["HD 209458", "HD209458"],
    ["Polaris (HIP 11767)", "HIP11767"],
    ["Winnecke 4", "M40"],
    ["2016 LX48 Celestial Coordinates - RA: 18.2  Dec: -20.1", "2016LX48"],
    ["Asteroid 2024 YR4", "2024YR4"],
    ["Ceres (1)", "Ceres"],
    ["(4) Vesta", "Vesta"],
    ["Full Moon (2025)", null],
    ["Comet C/2014 UN271 (Bernardinelli-Bernstein)", "C2014UN271"],
  ];
  for (const [title, designation] of cases) {
    assert.equal(catalogDesignation(title), designation, title);
  }
  // A bare name files where its numbered title does.
  assert.equal(objectName("Ceres"), objectName("Ceres (1)"));
});

Deno.test("titles that misfiled before: groups, comets, kinds of body, Sharpless shorthand", () => {
  const cases: [string, string | null][] = [
    // A group named after a member is not the member; the triplet is M65, M66 and NGC 3628.
    ["Leo Triplet (M66 Group)", null],
    ["Spiral Galaxy M66", "M66"],
    ["NGC 5044 Group", null],
    // Numbered comets as Slooh writes a comet: designation, then its name in brackets.
    ["Comet 12P (Pons-Brooks)", "12P"],
    ["Comet 12P/Pons-Brooks", "12P"],
    ["Comet 29P (Schwassmann-Wachmann)", "29P"],
    ["Comet 3I (ATLAS)", "3I"],
    ["3I/ATLAS", "3I"],
    ["Comet 3I/ATLAS (C/2025 N1)", "3I"],
    ["Comet C/2025 N1 (ATLAS)", "3I"],
    ["Comet C/2019 Q4 (Borisov)", "2I"],
    // A word for the kind of body is not its name.
    ["Asteroid (433) Eros", "Eros"],
    ["Asteroid (16) Psyche", "Psyche"],
    ["Minor Planet (4) Vesta", "Vesta"],
    ["Dwarf Planet (1) Ceres", "Ceres"],
    ["Comet (12)", null],
    // A number before a name is a minor planet's even where it looks like a year.
    ["(2060) Chiron", "Chiron"],
    ["Full Moon (2025)", null],
    // Sharpless: the catalogue's "2" is never the number's first digit.
    ["Sh 240", "Sh2-240"],
    ["Simeis 147 (Sh 240)", "Sh2-240"],
    ["Sh 276", "Sh2-276"],
    ["Sh 264 Lambda Orionis", "Sh2-264"],
    ["Sharpless 2 240", "Sh2-240"],
    ["Sh2 101", "Sh2-101"],
    ["Sh2-40", "Sh2-40"],
    // The preference holds across the brackets: a bracket wins only a tie.
    ["Messier 42 (Sh2-281)", "M42"],
    ["NGC 2264 (Sh2-273)", "NGC2264"],
    ["M20 (Sh2-30)", "M20"],
    // The Double Cluster's two clusters are two objects.
    ["NGC 884", "NGC884"],
    ["NGC 869", "NGC869"],
    ["Double Cluster (Caldwell 14)", "Caldwell14"],
    // A hyphen between catalogue and number.
    ["NGC-2237", "NGC2237"],
    ["M-42", "M42"],
    ["Messier-42", "M42"],
  ];
  for (const [title, designation] of cases) {
    assert.equal(catalogDesignation(title), designation, title);
  }
});

Deno.test("the Sun, the Moon in any phase and the planets file under the body's name", () => {
  const cases: [string, string][] = [
    ["Sun", "Sun"],
    ["Sun (Sol)", "Sun"],
    ["Moon", "Moon"],
    ["Full Moon", "Moon"],
    ["Last Quarter Moon", "Moon"],
    ["Waxing Crescent Moon", "Moon"],
    ["Jupiter", "Jupiter"],
    ["Jupiter and Io", "Jupiter"],
    ["SATURN", "Saturn"],
    ["Mars", "Mars"],
    // Not the body: a nebula named after it, a word that starts with its name, a designation.
    ["Saturn Nebula", "Saturn Nebula"],
    ["Saturn Nebula (NGC 7009)", "NGC7009"],
    ["Ghost of Jupiter (NGC 3242)", "NGC3242"],
    ["Sunflower Galaxy", "Sunflower Galaxy"],
  ];
  for (const [title, name] of cases) assert.equal(objectName(title), name, title);
  assert.equal(catalogDesignation("Full Moon"), null, "a body is no catalogue designation");
});

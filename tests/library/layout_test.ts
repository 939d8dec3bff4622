import assert from "node:assert/strict";
import { ConfigError } from "../../src/errors.ts";
import type { Item } from "../../src/slooh/types.ts";
import { DEFAULT_FILE_TEMPLATE, DEFAULT_FOLDER_TEMPLATE } from "../../src/config/defaults.ts";
import { disambiguate, Layout, MAX_RELATIVE_PATH } from "../../src/library/layout.ts";
import { utf8Length } from "../../src/library/sanitize.ts";

/** A picture item with realistic values, overridable per test. */
function item(overrides: Partial<Item> = {}): Item {
  return {
    key: "p17375714",
    kind: "picture",
    imageId: 17375714,
    customerImageId: 14963069,
    missionId: 4051187,
    title: "Orion Nebula (M42)",
    telescope: "Canary Two",
    instrument: "High-Mag Camera",
    capturedAt: new Date(Date.UTC(2026, 0, 21, 1, 16, 58)),
    url:
      "https://polaris2.slooh.com/teide/2/highmag/2026/01/21/0116_m42/m42_20260121_011658_0_iycarr_lrgb.png?rand=1",
    filename: "m42_20260121_011658_0_iycarr_lrgb.png",
    ...overrides,
  };
}

/** A FITS frame of the same mission. */
function fits(overrides: Partial<Item> = {}): Item {
  return item({
    key: "f90000001",
    kind: "fits",
    imageId: 90000001,
    customerImageId: null,
    instrument: "Luminance",
    url:
      "https://polaris.slooh.com/teide/2/highmag/2026/01/21/0116_m42/m42_20260121_011658_0_iycarr_l_cal.fit",
    filename: "m42_20260121_011658_0_iycarr_l_cal.fit",
    ...overrides,
  });
}

/** Asserts the invariants of every produced path. */
function assertSafePath(rel: string, label: string): void {
  assert.ok(rel.length <= MAX_RELATIVE_PATH, `${label}: ${rel.length} > ${MAX_RELATIVE_PATH}`);
  assert.doesNotMatch(rel, /^\//, label);
  for (const c of rel.split("/")) {
    assert.ok(c !== "" && c !== "." && c !== "..", label);
    assert.doesNotMatch(c, /[\\:*?"<>|\p{Cc}]/u, label);
    assert.doesNotMatch(c, /[ .]$/, label);
    assert.ok(utf8Length(c) <= 255, label);
  }
}

Deno.test("Layout defaults are the seed templates", () => {
  assert.equal(DEFAULT_FOLDER_TEMPLATE, "{object}/{telescope}/{format}");
  assert.equal(DEFAULT_FILE_TEMPLATE, "{telescope}_{filename}");
});

Deno.test("Layout places a picture by object, telescope and format", () => {
  assert.equal(
    new Layout().relativePath(item()),
    "M42/Canary Two/PNG/Canary Two_m42_20260121_011658_0_iycarr_lrgb.png",
  );
});

Deno.test("Layout places a FITS frame in a FITS folder", () => {
  assert.equal(
    new Layout().relativePath(fits()),
    "M42/Canary Two/FITS/Canary Two_m42_20260121_011658_0_iycarr_l_cal.fit",
  );
});

Deno.test("Layout uses Unknown for an empty telescope and title", () => {
  assert.equal(
    new Layout().relativePath(item({ telescope: "", title: "" })),
    "Unknown/Unknown/PNG/Unknown_m42_20260121_011658_0_iycarr_lrgb.png",
  );
});

Deno.test("Layout files the real title shapes under their designation", () => {
  const layout = new Layout("{object}", "{filename}");
  const cases: [string, string][] = [
    ["Comet C/2025 R2 (SWAN)", "C2025R2"],
    ["Butterfly Galaxies (NGC 4568/4567)", "NGC4568"],
    ["Messier 43 ", "M43"],
    ["Saturn", "Saturn"],
    ["Antares (Alpha Scorpii)", "Antares (Alpha Scorpii)"],
    ["Celestial Coordinates - RA: 23.1289  Dec: -42.3333 (C2024 E1 Wierzchos)", "C2024E1"],
  ];
  for (const [title, folder] of cases) {
    assert.equal(layout.relativePath(item({ title })), `${folder}/${item().filename}`, title);
  }
  assert.equal(
    new Layout("{title}", "{filename}").relativePath(
      item({ title: "Celestial Coordinates - RA: 23.1289  Dec: -42.3333" }),
    ),
    `Celestial Coordinates - RA_ 23.1289 Dec_ -42.3333/${item().filename}`,
  );
});

Deno.test("Layout supports date folders and an undated fallback", () => {
  const layout = new Layout("{year}/{month}/{date}", "{filename}");
  assert.equal(layout.relativePath(item()), `2026/01/2026-01-21/${item().filename}`);
  assert.equal(
    layout.relativePath(item({ capturedAt: null })),
    `undated/undated/undated/${item().filename}`,
  );
});

Deno.test("Layout appends the original extension when the file template drops it", () => {
  assert.equal(new Layout("", "{object}_{id}").relativePath(item()), "M42_17375714.png");
  assert.equal(new Layout("", "{id}").relativePath(fits()), "90000001.fit");
  assert.equal(new Layout("", "{filename}").relativePath(item()), item().filename);
  assert.equal(
    new Layout("", "{id}").relativePath(item({ filename: "noext" })),
    "17375714",
  );
});

Deno.test("Layout sanitizes {filename} like any value", () => {
  const path = new Layout("{object}", "{filename}").relativePath(
    item({ filename: "../evil:name.png" }),
  );
  assert.equal(path, "M42/evil_name.png");
});

Deno.test("Layout never lets a hostile title escape or add levels", () => {
  const layout = new Layout("{title}/{telescope}", "{title}_{filename}");
  for (
    const title of ["../../etc/passwd", "..", "a/b/c", "C:\\Windows\\System32", "\0", "CON"]
  ) {
    const rel = layout.relativePath(item({ title, telescope: title }));
    assert.equal(rel.split("/").length, 3, title);
    assertSafePath(rel, title);
  }
});

Deno.test("Layout keeps long paths within the limit, folders cut first", () => {
  const layout = new Layout("{title}/{instrument}/{telescope}", "{filename}");
  const long = item({
    title: "Very long title " + "x".repeat(284),
    instrument: "i".repeat(300),
    telescope: "Canary Two",
  });
  const rel = layout.relativePath(long);
  assertSafePath(rel, "long");
  const [title, instrument, telescope, file] = rel.split("/");
  assert.equal(telescope, "Canary Two");
  assert.equal(file, item().filename);
  // Both long folders are cut to the same length, with a hash of the full name.
  assert.match(title, /^Very long title x+~[0-9a-f]{6}$/);
  assert.match(instrument, /^i+~[0-9a-f]{6}$/);
  assert.equal(title.length, instrument.length);
  assert.equal(rel.length, MAX_RELATIVE_PATH);
  // Stable: the same item gives the same path.
  assert.equal(layout.relativePath({ ...long }), rel);
});

Deno.test("Layout never cuts a folder below a readable length", () => {
  const layout = new Layout("{title}/{instrument}", "{title}_{filename}");
  const rel = layout.relativePath(item({ title: "T".repeat(300), instrument: "i".repeat(300) }));
  assertSafePath(rel, "both long");
  const [title, instrument, file] = rel.split("/");
  assert.equal(title.length, 24);
  assert.equal(instrument.length, 24);
  assert.match(file, /^T+~[0-9a-f]{6}\.png$/);
});

Deno.test("Layout keeps long titles that differ only after the cut distinct", () => {
  const layout = new Layout("{title}", "{filename}");
  const a = layout.relativePath(item({ title: "T".repeat(200) + "a" }));
  const b = layout.relativePath(item({ title: "T".repeat(200) + "b" }));
  assert.notEqual(a, b);
  assertSafePath(a, "a");
  assertSafePath(b, "b");
});

Deno.test("Layout cuts the file name when folders alone cannot make room", () => {
  const layout = new Layout("{object}", "{title}_{filename}");
  const rel = layout.relativePath(item({ title: "Orion Nebula (M42) " + "z".repeat(280) }));
  assertSafePath(rel, "long file");
  assert.equal(rel.length, MAX_RELATIVE_PATH);
  assert.match(rel, /^M42\/Orion Nebula \(M42\) z+~[0-9a-f]{6}\.png$/);
});

Deno.test("Layout caps multi-byte file names at 255 bytes, extension kept", () => {
  const layout = new Layout("{object}", "{title}_{filename}");
  const rel = layout.relativePath(item({ title: "🔭".repeat(150) + " M 42" }));
  assertSafePath(rel, "emoji");
  const [folder, file] = rel.split("/");
  assert.equal(folder, "M42");
  assert.match(file, /^(🔭)+\.png$/u);
  assert.ok(utf8Length(file) > 250);
});

Deno.test("Layout leaves paths under the limit untouched", () => {
  const title = "y".repeat(100);
  const rel = new Layout("{title}", "{filename}").relativePath(item({ title }));
  assert.equal(rel, `${title}/${item().filename}`);
});

Deno.test("Layout rejects bad templates with a ConfigError naming the key", () => {
  assert.throws(
    () => new Layout("{object}/{foo}"),
    (e) =>
      e instanceof ConfigError &&
      /^Unknown placeholder \{foo\} in folders\.template;/.test(e.message),
  );
  assert.throws(
    () => new Layout(undefined, "{bar}"),
    (e) => e instanceof ConfigError && /in folders\.filename_template;/.test(e.message),
  );
  assert.throws(
    () => new Layout(undefined, "{object}/{filename}"),
    (e) => e instanceof ConfigError && /must be one file name/.test(e.message),
  );
  assert.throws(
    () => new Layout(undefined, ""),
    (e) => e instanceof ConfigError && /must be one file name/.test(e.message),
  );
  assert.throws(
    () => new Layout(undefined, "image.png"),
    (e) => e instanceof ConfigError && /needs a placeholder/.test(e.message),
  );
  assert.throws(
    () => new Layout("{x}", undefined, { folder: "layout.folders", file: "layout.file" }),
    (e) => e instanceof ConfigError && /in layout\.folders;/.test(e.message),
  );
});

Deno.test("disambiguate inserts the imageId before the extension, stably", () => {
  const rel = "M42/Canary Two/PNG/Canary Two_m42_20260121_011658_0_iycarr_lrgb.png";
  const other = item({ imageId: 17375999, key: "p17375999" });
  const alt = disambiguate(rel, other);
  assert.equal(
    alt,
    "M42/Canary Two/PNG/Canary Two_m42_20260121_011658_0_iycarr_lrgb__17375999.png",
  );
  assert.equal(disambiguate(rel, { ...other }), alt);
  assert.equal(disambiguate(alt, other), alt);
  assert.notEqual(disambiguate(rel, item()), alt);
});

Deno.test("disambiguate uses a hash of the key when there is no imageId", () => {
  const noId = fits({ imageId: null, key: "uhttps://polaris.slooh.com/x/m42_l_cal.fit" });
  const alt = disambiguate("M42/x_l_cal.fit", noId);
  assert.match(alt, /^M42\/x_l_cal__[0-9a-f]{8}\.fit$/);
  assert.equal(disambiguate("M42/x_l_cal.fit", { ...noId }), alt);
});

Deno.test("disambiguate works on a bare file name and one without extension", () => {
  assert.equal(disambiguate("a.png", item()), "a__17375714.png");
  assert.equal(disambiguate("dir/noext", item()), "dir/noext__17375714");
});

Deno.test("disambiguate keeps a long path within the limits", () => {
  const layout = new Layout("{title}", "{filename}");
  const rel = layout.relativePath(item({ filename: "f".repeat(300) + ".png", title: "M42" }));
  const alt = disambiguate(rel, item());
  assertSafePath(alt, "alt");
  assert.ok(alt.endsWith("__17375714.png"));
});

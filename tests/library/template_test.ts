import assert from "node:assert/strict";
import { ConfigError } from "../../src/errors.ts";
import type { Item } from "../../src/slooh/types.ts";
import {
  compileTemplate,
  itemId,
  PLACEHOLDERS,
  renderTemplate,
  type TemplateVars,
  templateVars,
} from "../../src/library/template.ts";

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

/** Renders a template source directly from an item. */
function render(template: string, it: Item = item()): string[] {
  return renderTemplate(compileTemplate(template, "folders.template"), templateVars(it));
}

/** The ConfigError message a template gives. */
function errorOf(template: string, what = "folders.template"): string {
  try {
    compileTemplate(template, what);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(e.exitCode, 2);
    return e.message;
  }
  assert.fail(`no error for ${template}`);
}

Deno.test("PLACEHOLDERS lists every documented placeholder", () => {
  assert.deepEqual([...PLACEHOLDERS].sort(), [
    "date",
    "day",
    "filename",
    "filter",
    "format",
    "id",
    "instrument",
    "kind",
    "mission",
    "month",
    "object",
    "telescope",
    "title",
    "type",
    "year",
  ]);
});

Deno.test("templateVars builds every value from an item", () => {
  assert.deepEqual(
    templateVars(item()),
    {
      object: "M42",
      title: "Orion Nebula (M42)",
      telescope: "Canary Two",
      instrument: "High-Mag Camera",
      format: "PNG",
      filter: "LRGB",
      date: "2026-01-21",
      year: "2026",
      month: "01",
      day: "21",
      mission: "4051187",
      id: "17375714",
      filename: "m42_20260121_011658_0_iycarr_lrgb.png",
      kind: "picture",
    } satisfies TemplateVars,
  );
});

Deno.test("templateVars uses UTC date parts, not the local day", () => {
  const vars = templateVars(item({ capturedAt: new Date("2025-12-31T23:59:59Z") }));
  assert.equal(vars.date, "2025-12-31");
  assert.equal(vars.year, "2025");
  assert.equal(vars.month, "12");
  assert.equal(vars.day, "31");
});

Deno.test("templateVars leaves missing values empty for the renderer's fallbacks", () => {
  const vars = templateVars(
    item({ capturedAt: null, missionId: 0, telescope: "", instrument: "", title: "" }),
  );
  assert.equal(vars.date, "");
  assert.equal(vars.year, "");
  assert.equal(vars.mission, "");
  assert.equal(vars.telescope, "");
  assert.equal(vars.object, "Unknown");
  assert.equal(templateVars(item({ capturedAt: new Date(NaN) })).date, "");
});

Deno.test("itemId is the imageId, else a stable short hash of the key", () => {
  assert.equal(itemId(item()), "17375714");
  const noId = item({ imageId: null, key: "uhttps://polaris.slooh.com/a/b_l_cal.fit" });
  assert.match(itemId(noId), /^[0-9a-f]{8}$/);
  assert.equal(itemId(noId), itemId({ ...noId }));
  assert.notEqual(itemId(noId), itemId(item({ imageId: null, key: "uother" })));
});

Deno.test("renderTemplate renders the default templates", () => {
  assert.deepEqual(render("{object}/{telescope}/{format}"), ["M42", "Canary Two", "PNG"]);
  assert.deepEqual(render("{telescope}_{filename}"), [
    "Canary Two_m42_20260121_011658_0_iycarr_lrgb.png",
  ]);
});

Deno.test("renderTemplate renders every placeholder", () => {
  assert.deepEqual(
    render("{object}/{title}/{telescope}/{instrument}/{format}/{type}/{filter}/{kind}"),
    ["M42", "Orion Nebula (M42)", "Canary Two", "High-Mag Camera", "PNG", "PNG", "LRGB", "picture"],
  );
  assert.deepEqual(render("{date}/{year}-{month}-{day}/m{mission}/{id}"), [
    "2026-01-21",
    "2026-01-21",
    "m4051187",
    "17375714",
  ]);
});

Deno.test("{type} is an alias of {format}, and names are case-insensitive", () => {
  const fits = item({ kind: "fits", filename: "m42_20260121_011658_0_iycarr_l_cal.fit" });
  assert.deepEqual(render("{type}", fits), ["FITS"]);
  assert.deepEqual(render("{Format}/{ TYPE }", fits), ["FITS", "FITS"]);
});

Deno.test("renderTemplate falls back for missing values", () => {
  const bare = item({
    title: "",
    telescope: "",
    instrument: "",
    capturedAt: null,
    missionId: 0,
    filename: "noext",
  });
  assert.deepEqual(
    render("{object}/{title}/{telescope}/{instrument}/{date}/{year}/{month}/{day}/{mission}", bare),
    [
      "Unknown",
      "Unknown",
      "Unknown",
      "Unknown",
      "undated",
      "undated",
      "undated",
      "undated",
      "none",
    ],
  );
  assert.deepEqual(render("{format}/{filter}", bare), ["Unknown", "Unknown"]);
});

Deno.test("hostile titles never produce separators or dot folders", () => {
  const titles = [
    "../../etc/passwd",
    "..",
    ".",
    "a/b\\c",
    "Comet C/2025 R2 (SWAN)",
    "Butterfly Galaxies (NGC 4568/4567)",
    "Celestial Coordinates - RA: 23.1289  Dec: -42.3333",
    "CON",
    "x\0y\u0007z",
    " . ",
  ];
  for (const title of titles) {
    const components = render("{title}/{object}/x{title}y/{telescope}", item({ title }));
    assert.equal(components.length, 4, title);
    for (const c of components) {
      assert.doesNotMatch(c, /[\/\\:*?"<>|\p{Cc}]/u, title);
      assert.notEqual(c, "..", title);
      assert.notEqual(c, ".", title);
      assert.doesNotMatch(c, /^CON$/i, title);
    }
  }
  assert.deepEqual(render("{title}", item({ title: "a/b" })), ["a-b"]);
  assert.deepEqual(render("{title}", item({ title: ".." })), ["Unknown"]);
});

Deno.test("a 300-character title is capped at 255 bytes", () => {
  const [component] = render("{title}", item({ title: "N".repeat(300) }));
  assert.equal(component, "N".repeat(255));
  const [withText] = render("pre {title} post", item({ title: "é".repeat(300) }));
  assert.ok(new TextEncoder().encode(withText).length <= 255);
  assert.ok(withText.startsWith("pre éé"));
});

Deno.test("compileTemplate accepts both separators and ignores empty levels", () => {
  assert.deepEqual(render("{object}\\{telescope}\\FITS"), ["M42", "Canary Two", "FITS"]);
  assert.deepEqual(render("/{object}//{format}/"), ["M42", "PNG"]);
  assert.deepEqual(render(""), []);
  assert.deepEqual(render("Slooh Images"), ["Slooh Images"]);
});

Deno.test("compileTemplate rejects an unknown placeholder with one line listing the valid ones", () => {
  const message = errorOf("{object}/{foo}", "folders.template");
  assert.equal(
    message,
    "Unknown placeholder {foo} in folders.template; valid: {object}, {title}, {telescope}, " +
      "{instrument}, {format}, {type}, {filter}, {date}, {year}, {month}, {day}, {mission}, " +
      "{id}, {filename}, {kind}",
  );
  assert.doesNotMatch(message, /\n/);
  assert.match(
    errorOf("{}", "folders.filename_template"),
    /^Unknown placeholder \{\} in folders\.filename_template;/,
  );
});

Deno.test("compileTemplate rejects unbalanced braces", () => {
  for (const template of ["{object", "object}", "{object}}", "{{object}", "{obj{ect}}", "a}{b"]) {
    const message = errorOf(template);
    assert.match(message, /^Unbalanced "[{}]" in folders\.template /, template);
    assert.match(message, /valid: \{object\}/, template);
    assert.doesNotMatch(message, /\n/, template);
  }
});

Deno.test("compileTemplate rejects . and .. levels", () => {
  assert.match(errorOf("../{object}"), /may not contain "\." or "\.\." folders/);
  assert.match(errorOf("{object}/./x"), /may not contain/);
});

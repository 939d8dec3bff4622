import assert from "node:assert/strict";
import * as path from "node:path";
import {
  alreadyClean,
  cleanComponent,
  MAX_COMPONENT_BYTES,
  resolveInside,
  safeRelativePath,
  sanitizeComponent,
  splitExtension,
  truncateText,
  utf8Length,
} from "../../src/library/sanitize.ts";
import { mulberry32 } from "../simulator/random.ts";

/** Characters no component may contain on any of Windows, macOS and Linux. */
const FORBIDDEN = /[\/\\:*?"<>|\p{Cc}]/u;

/** Asserts the invariants every sanitized component must satisfy. */
function assertSafe(component: string, input: string): void {
  const label = JSON.stringify(input);
  assert.doesNotMatch(component, FORBIDDEN, label);
  assert.notEqual(component, "", label);
  assert.notEqual(component, ".", label);
  assert.notEqual(component, "..", label);
  assert.doesNotMatch(component, /[ .]$/, label);
  assert.doesNotMatch(component, /^[ .-]/, label);
  assert.ok(utf8Length(component) <= MAX_COMPONENT_BYTES, label);
  assert.equal(component, component.normalize("NFC"), label);
}

Deno.test("sanitizeComponent turns hostile names into safe ones", () => {
  const cases: [string, string][] = [
    ["..", "Unknown"],
    [".", "Unknown"],
    ["", "Unknown"],
    ["   ", "Unknown"],
    ["...", "Unknown"],
    ["/etc/passwd", "etc-passwd"],
    ["../../etc/passwd", "etc-passwd"],
    ["-rf", "rf"],
    ["a-b-", "a-b-"],
    ["a\\b", "a-b"],
    ["C:\\Windows", "C_-Windows"],
    ["a\0b", "a_b"],
    ["a\x01b\x1fc\x7fd", "a_b_c_d"],
    ["a\tb\nc\r\nd", "a b c d"],
    ['what*is?this"<x>|y', "what_is_this__x__y"],
    [
      "Celestial Coordinates - RA: 23.1289  Dec: -42.3333",
      "Celestial Coordinates - RA_ 23.1289 Dec_ -42.3333",
    ],
    ["Comet C/2025 R2 (SWAN)", "Comet C-2025 R2 (SWAN)"],
    ["Butterfly Galaxies (NGC 4568/4567)", "Butterfly Galaxies (NGC 4568-4567)"],
    ["Messier 43 ", "Messier 43"],
    ["trailing dots...", "trailing dots"],
    ["trailing dot and space. . ", "trailing dot and space"],
    [".hidden", "hidden"],
    ["M42", "M42"],
    [
      "Canary Two_m42_20260121_011658_0_iycarr_lrgb.png",
      "Canary Two_m42_20260121_011658_0_iycarr_lrgb.png",
    ],
  ];
  for (const [input, expected] of cases) {
    const out = sanitizeComponent(input);
    assert.equal(out, expected, JSON.stringify(input));
    assertSafe(out, input);
  }
});

Deno.test("sanitizeComponent suffixes Windows device names, extension or not", () => {
  const cases: [string, string][] = [
    ["CON", "CON_"],
    ["con", "con_"],
    ["con.png", "con_.png"],
    ["Con.tar.gz", "Con_.tar.gz"],
    ["PRN", "PRN_"],
    ["aux.fit", "aux_.fit"],
    ["NUL", "NUL_"],
    ["COM1", "COM1_"],
    ["com9.txt", "com9_.txt"],
    ["LPT1", "LPT1_"],
    ["lpt9", "lpt9_"],
    ["CON .png", "CON_.png"],
    ["CONSOLE", "CONSOLE"],
    ["icon.png", "icon.png"],
    ["COM10", "COM10"],
    ["NUL_", "NUL_"],
  ];
  for (const [input, expected] of cases) assert.equal(sanitizeComponent(input), expected, input);
});

Deno.test("sanitizeComponent gives one spelling for composed and decomposed accents", () => {
  const composed = "Caf\u00e9 Nebula";
  const decomposed = "Cafe\u0301 Nebula";
  assert.notEqual(composed, decomposed);
  assert.equal(sanitizeComponent(composed), sanitizeComponent(decomposed));
  assert.equal(sanitizeComponent(decomposed), composed);
});

Deno.test("sanitizeComponent caps long ASCII names at 255 bytes, keeping the extension", () => {
  const long = "x".repeat(300);
  assert.equal(sanitizeComponent(long), "x".repeat(255));
  const named = sanitizeComponent("y".repeat(300) + ".png");
  assert.equal(utf8Length(named), 255);
  assert.ok(named.endsWith("y.png"));
});

Deno.test("sanitizeComponent caps multi-byte names without splitting a character", () => {
  for (const unit of ["é", "e\u0301", "🔭", "👩‍🚀", "星"]) {
    for (const ext of ["", ".png", ".fit"]) {
      const input = unit.repeat(300) + ext;
      const out = sanitizeComponent(input);
      assertSafe(out, input);
      assert.ok(out.endsWith(ext), `${unit}${ext}`);
      const stem = out.slice(0, out.length - ext.length);
      // Only whole units remain: the stem is some repetition of the (NFC) unit.
      const nfc = unit.normalize("NFC");
      assert.equal(stem, nfc.repeat(stem.length / nfc.length), `${unit}${ext}`);
      assert.ok(utf8Length(out) > MAX_COMPONENT_BYTES - 30, "uses most of the budget");
    }
  }
});

Deno.test("sanitizeComponent keeps only a plausible extension when truncating", () => {
  // A title with a dot is not a name with an extension worth keeping.
  const out = sanitizeComponent("Nebula " + "z".repeat(300) + ". part two is long");
  assert.equal(utf8Length(out), 255);
  assert.ok(out.startsWith("Nebula zzz"));
});

Deno.test("sanitizeComponent falls back to a sanitized fallback", () => {
  assert.equal(sanitizeComponent("..", "undated"), "undated");
  assert.equal(sanitizeComponent("", "a/b"), "a-b");
  assert.equal(sanitizeComponent("", ""), "");
  assert.equal(sanitizeComponent("  ", "CON"), "CON_");
});

Deno.test("sanitizeComponent is idempotent", () => {
  for (
    const input of ["CON", "a/b", "x".repeat(300) + ".png", "🔭".repeat(100), " .a. ", "con.png"]
  ) {
    const once = sanitizeComponent(input);
    assert.equal(sanitizeComponent(once), once, JSON.stringify(input));
  }
});

Deno.test("truncateText respects bytes and UTF-16 units", () => {
  assert.equal(truncateText("abcdef", 3), "abc");
  assert.equal(truncateText("ééé", 5), "éé");
  assert.equal(truncateText("🔭🔭", 5), "🔭");
  assert.equal(truncateText("abcdef", 100, 4), "abcd");
  assert.equal(truncateText("🔭🔭", 100, 3), "🔭");
});

Deno.test("splitExtension finds the extension only when there is a stem", () => {
  assert.deepEqual(splitExtension("a.b.png"), ["a.b", ".png"]);
  assert.deepEqual(splitExtension("m1_cal.fit"), ["m1_cal", ".fit"]);
  assert.deepEqual(splitExtension("noext"), ["noext", ""]);
  assert.deepEqual(splitExtension(".png"), [".png", ""]);
  assert.deepEqual(splitExtension("a. b"), ["a. b", ""]);
});

Deno.test("safeRelativePath sanitizes each component and joins with /", () => {
  assert.equal(safeRelativePath(["M42", "Canary Two", "PNG", "x.png"]), "M42/Canary Two/PNG/x.png");
  assert.equal(safeRelativePath(["..", "a/b", "", "CON"]), "Unknown/a-b/Unknown/CON_");
  assert.equal(safeRelativePath([]), "");
});

Deno.test("resolveInside accepts paths inside the root", () => {
  const root = path.resolve("/tmp/library");
  assert.equal(resolveInside(root, "M42/PNG/x.png"), path.join(root, "M42", "PNG", "x.png"));
  assert.equal(resolveInside(root, "a/../b.png"), path.join(root, "b.png"));
  assert.equal(resolveInside(root, "..foo"), path.join(root, "..foo"));
  assert.equal(resolveInside("relative/lib", "x"), path.resolve("relative/lib", "x"));
  assert.equal(resolveInside("/", "x/y.png"), path.resolve("/", "x/y.png"));
  assert.equal(resolveInside("/tmp/library/", "a/b.png"), path.join(root, "a", "b.png"));
  for (const rel of ["M 42/Canary Two/x.png", "a/.b/..c/...", "a./b.", "é/ß.fits"]) {
    assert.equal(resolveInside(root, rel), path.resolve(root, rel), rel);
  }
});

Deno.test("resolveInside throws for anything escaping the root", () => {
  const root = path.resolve("/tmp/library");
  for (
    const rel of [
      "..",
      "../x",
      "a/../../x",
      "/etc/passwd",
      "",
      ".",
      "a/..",
      "x\0y",
      "a//..",
      "./..",
    ]
  ) {
    assert.throws(() => resolveInside(root, rel), /outside the library/, JSON.stringify(rel));
  }
  assert.throws(() => resolveInside(root, "../library2/x"), /outside the library/);
});

/** Random strings over an alphabet heavy in the characters the rules treat specially. */
function randomNames(count: number, seed: number): string[] {
  const alphabet = [
    ..."aZ09 ._-/\\:*?\"<>|()[]{}!#$%&'+,;=@^`~\t\n\x00\x7f",
    "é",
    "e\u0301",
    "ß",
    "日",
    "😀",
    "\ud800",
    "\udc00",
    "con",
    "LPT1",
    "aux ",
    "nul.",
  ];
  const next = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const len = Math.floor(next() * 12);
    return Array.from({ length: len }, () => alphabet[Math.floor(next() * alphabet.length)])
      .join("");
  });
}

Deno.test("alreadyClean holds only for names every rule leaves as they are", () => {
  let clean = 0;
  for (const s of randomNames(20000, 7)) {
    if (!alreadyClean(s)) continue;
    clean++;
    assert.equal(cleanComponent(s), s, JSON.stringify(s));
  }
  // The property was tried on many names, not on none.
  assert.ok(clean > 1000, `${clean}`);
  for (const s of ["Canary Two_img_1.png", "M42", "NGC 4568-4567", "a.b.fits", "x-"]) {
    assert.ok(alreadyClean(s), s);
  }
  for (const s of [" a", "a ", "a.", ".a", "-a", "a  b", "con", "con.png", "LPT1 .x", "a/b", "é"]) {
    assert.ok(!alreadyClean(s), s);
  }
  assert.ok(!alreadyClean("a".repeat(256)));
});

Deno.test("utf8Length counts what TextEncoder writes, lone surrogates included", () => {
  const encoder = new TextEncoder();
  for (const s of [...randomNames(5000, 3), "😀😀", "\ud83d", "a\udc00b", "日本", "é"]) {
    assert.equal(utf8Length(s), encoder.encode(s).length, JSON.stringify(s));
  }
});

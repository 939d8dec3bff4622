/**
 * File and folder names that are valid on Windows, macOS and Linux at once, because a library
 * is often copied between them (NAS, external disk, cloud sync).
 */

import * as path from "node:path";
import { memoized } from "./memo.ts";

/** Longest component most file systems accept (ext4, APFS, NTFS count ≤ 255 bytes or units). */
export const MAX_COMPONENT_BYTES = 255;

/** UTF-8 length of a string (a lone surrogate counts as the U+FFFD it is encoded as). */
export function utf8Length(s: string): number {
  // Counted, not encoded: every name of a run is measured, and an encoding allocates.
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

/** Device names Windows reserves whatever the extension ("con.png" cannot be created either). */
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** An extension worth keeping when a name is truncated: short, with no spaces or dots. */
const EXTENSION = /\.[^.\s]{1,16}$/;

/** Made on first use: building one costs about 14 ms, which every command paid at start-up. */
let graphemes: Intl.Segmenter | undefined;

/**
 * The longest prefix of `s` within `maxBytes` of UTF-8 and `maxChars` UTF-16 units.
 *
 * It cuts between user-perceived characters, so no code point, accent or emoji sequence is split.
 */
export function truncateText(s: string, maxBytes: number, maxChars = Infinity): string {
  if (s.length <= maxChars && utf8Length(s) <= maxBytes) return s;
  graphemes ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  let out = "";
  let bytes = 0;
  for (const { segment } of graphemes.segment(s)) {
    const size = utf8Length(segment);
    if (bytes + size > maxBytes || out.length + segment.length > maxChars) break;
    out += segment;
    bytes += size;
  }
  return out;
}

/** Splits a name into stem and extension ("a.b.png" → ["a.b", ".png"]); no stem, no extension. */
export function splitExtension(name: string): [stem: string, ext: string] {
  const m = EXTENSION.exec(name);
  if (!m || m.index === 0) return [name, ""];
  return [name.slice(0, m.index), m[0]];
}

/**
 * Removes spaces and dots at both ends (Windows drops trailing ones, leading dots hide files) and
 * leading dashes (command-line tools would read "-etc-passwd" as options).
 */
function trimEnds(s: string): string {
  return s.replace(/^[\s.-]+|[\s.]+$/g, "");
}

/**
 * Names that cleaning leaves as they are: printable ASCII without forbidden characters, single
 * spaces only, no dot, space or dash first, no dot or space last, no Windows device name.
 */
const ALREADY_CLEAN = /^(?![ .-])(?:[!#-)+-.0-9;=@-[\]-{}~]| (?=[^ ]))+(?<![. ])$/;

/** Whether `cleanComponent(s)` is `s` itself, decided without building anything. */
export function alreadyClean(s: string): boolean {
  if (s.length > MAX_COMPONENT_BYTES || !ALREADY_CLEAN.test(s)) return false;
  const dot = s.indexOf(".");
  return !RESERVED.test((dot < 0 ? s : s.slice(0, dot)).trimEnd());
}

/** The component cleaned by every rule of sanitizeComponent, or "" when nothing usable is left. */
export function cleanComponent(s: string): string {
  let out = s.normalize("NFC")
    // Whitespace controls (tab, newline) read as spaces; runs collapse so titles with double
    // spaces ("RA: 23.1289  Dec") and the same title without them file together.
    .replace(/\s+/g, " ")
    // Separators become "-" so "NGC 4568/4567" still reads as a range; "\" is one on Windows.
    .replace(/[\/\\]/g, "-")
    .replace(/[:*?"<>|\p{Cc}]/gu, "_");
  out = trimEnds(out);
  if (out === "") return "";
  let [stem, ext] = splitExtension(out);
  // Windows looks at the part before the first dot: "con.tar.gz" is reserved too.
  const firstDot = stem.indexOf(".");
  const device = firstDot < 0 ? stem : stem.slice(0, firstDot);
  if (RESERVED.test(device.trimEnd())) {
    stem = device.trimEnd() + "_" + stem.slice(device.length);
  }
  if (utf8Length(stem + ext) > MAX_COMPONENT_BYTES) {
    const budget = MAX_COMPONENT_BYTES - utf8Length(ext);
    stem = trimEnds(truncateText(stem, budget));
    if (stem === "") return trimEnds(truncateText(out, MAX_COMPONENT_BYTES));
  }
  return trimEnds(stem + ext);
}

/**
 * One path component valid on Windows, macOS and Linux; the sanitized fallback when none is left.
 *
 * NFC; `/` and `\` → `-`, other forbidden characters and controls → `_`; whitespace collapsed; no
 * leading or trailing dots or spaces, no leading dashes; Windows device names get `_` after the
 * stem ("CON" → "CON_", "con.png" → "con_.png"); at most 255 bytes of UTF-8, extension kept.
 * Empty, "." and ".." give the fallback.
 */
export function sanitizeComponent(s: string, fallback = "Unknown"): string {
  return cleaned(s) || cleaned(fallback);
}

// Most names need nothing (unique file names would only fill the memo); the rest repeat.
const memo = memoized(cleanComponent);
const cleaned = (s: string): string => alreadyClean(s) ? s : memo(s);

/** Sanitized components joined with "/" (the library's own separator on every OS). */
export function safeRelativePath(components: string[]): string {
  return components.map((c) => sanitizeComponent(c)).join("/");
}

/** `rel` resolved against `root`; throws unless the result lies strictly inside `root`. */
export function resolveInside(root: string, rel: string): string {
  // Only an absolute root is remembered: a relative one depends on the working folder.
  if (root !== resolved.root) resolved = { root, base: path.resolve(root) };
  const base = path.isAbsolute(root) ? resolved.base : path.resolve(root);
  // A run resolves every file's path a few times: plain names joined by "/" (what the layout
  // makes) are joined directly, anything else goes through node:path and its checks.
  if (PLAIN_RELATIVE.test(rel)) {
    const native = path.sep === "/" ? rel : rel.replaceAll("/", path.sep);
    return base.endsWith(path.sep) ? base + native : base + path.sep + native;
  }
  const full = path.resolve(base, rel);
  const back = path.relative(base, full);
  // Defence in depth behind sanitizeComponent: a bug there must not write outside the library.
  if (
    rel.includes("\0") || back === "" || path.isAbsolute(back) ||
    back === ".." || back.startsWith(".." + path.sep)
  ) {
    throw new Error(`Refusing path outside the library: ${JSON.stringify(rel)}`);
  }
  return full;
}

/** The last root resolved: a run resolves thousands of paths against one. */
let resolved = { root: "", base: "" };

/** Components joined by "/", none empty, "." or "..", without "\\", ":" or NUL. */
const PLAIN_RELATIVE = /^(?!\.\.?(?:\/|$))[^\/\\:\0]+(?:\/(?!\.\.?(?:\/|$))[^\/\\:\0]+)*$/;

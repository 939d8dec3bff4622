/** Small pure formatters for human output. */

/** 1536 → "1.5 KB" (decimal units, as file managers show). */
export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[i]}`;
}

/** 83_000 → "1m23s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** "1 file" / "3 files". */
export function plural(n: number, word: string, many = word + "s"): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** True for code points a terminal shows two columns wide (CJK, Hangul, fullwidth, emoji). */
function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
}

/** True for code points that take no column (combining marks, zero-width, controls). */
function isZeroWidth(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp <= 0x36f) ||
    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f);
}

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  return isZeroWidth(cp) ? 0 : isWide(cp) ? 2 : 1;
}

/** Columns a string takes on a terminal (no escape sequences expected). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** The text cut to at most `width` columns, ending in "…" when cut. */
export function fitEnd(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return "";
  let out = "";
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + "…";
}

/** The text cut in the middle to at most `width` columns, so both ends stay readable. */
export function fitMiddle(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 3) return fitEnd(text, width);
  const chars = [...text];
  const keepEnd = Math.floor((width - 1) / 2);
  let tail = "";
  let w = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const cw = charWidth(chars[i]);
    if (w + cw > keepEnd) break;
    tail = chars[i] + tail;
    w += cw;
  }
  let head = "";
  for (const ch of chars) {
    const cw = charWidth(ch);
    if (w + cw > width - 1) break;
    head += ch;
    w += cw;
  }
  return head + "…" + tail;
}

/** A UTC instant as "2026-02-09 03:25" (or the date alone), the way the library names days. */
export function formatUtc(date: Date | null, withTime = true): string {
  if (!date || Number.isNaN(date.getTime())) return "undated";
  const iso = date.toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

/** Safe HTML text and links: every name from Slooh or the disk passes through here. */

/**
 * Text or attribute value as HTML: markup characters become references, and control characters
 * (a parse error in HTML, and invisible) become U+FFFD so they show as something.
 */
export function escapeHtml(text: string): string {
  return withoutControls(text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`));
}

/** Control characters as the HTML parser shows them (U+FFFD), so data and text agree. */
export function withoutControls(text: string): string {
  return text.replace(/(?![\t\n\r])\p{Cc}/gu, "\ufffd");
}

/** A relative URL for a relative path: each segment percent-encoded (spaces, #, %, ?, é…). */
export function pathHref(path: string): string {
  return path.split("/").map((s) => (s === ".." || s === "." ? s : encodeURIComponent(s)))
    .join("/");
}

/** `href`/`src` attribute text for a relative path under `prefix` (e.g. "../../"). */
export function href(prefix: string, path: string): string {
  return escapeHtml(prefix + pathHref(path));
}

/** The line that marks a page as slooh-dl's own (an index.html without it is the user's). */
export const GENERATOR_META = '<meta name="generator" content="slooh-dl gallery">';

/** A whole page: doctype, charset, the shared stylesheet and script, and `body`. */
export function page(o: { title: string; assets: string; body: string; home: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${GENERATOR_META}
<title>${escapeHtml(o.title)}</title>
<link rel="stylesheet" href="${escapeHtml(o.assets)}gallery.css">
<script src="${escapeHtml(o.assets)}gallery.js" defer></script>
</head>
<body>
<header class="top"><a href="${escapeHtml(o.home)}index.html">Sky library</a>
<a href="${escapeHtml(o.assets)}stats.html">Statistics</a></header>
${o.body}
</body>
</html>
`;
}

/** "2026-02-09 03:25 UTC", or "undated". */
export function utcText(d: Date | null): string {
  if (!d || Number.isNaN(d.getTime())) return "undated";
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A day as "2026-02-09", or "undated". */
export function dayText(d: Date | null): string {
  return d && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 10) : "undated";
}

/** An exposure in seconds as "1 h 20 min", "45 s", "0.5 s". */
export function exposureText(seconds: number): string {
  if (seconds >= 3600) {
    return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  }
  if (seconds >= 60) {
    const s = Math.round(seconds % 60);
    return `${Math.floor(seconds / 60)} min${s ? ` ${s} s` : ""}`;
  }
  return `${Number(seconds.toFixed(2))} s`;
}

/** An object's designations as a line under its name ("M42 · NGC1976"), or nothing. */
export function designationLine(o: { designations: readonly string[] }): string {
  return o.designations.length
    ? `<p class="designation">${o.designations.map(escapeHtml).join(" · ")}</p>`
    : "";
}

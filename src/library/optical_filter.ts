/**
 * The optical filter of a Slooh file, read from its name: Slooh names files
 * `{objcode}_{YYYYMMDD}_{HHMMSS}_{seq}_{rand6}_{filter}[_cal].{ext}` and sends no filter field.
 */

/**
 * Names of the suffixes whose meaning is known. Others seen in real names (d, e, i, v) are not
 * documented anywhere, so they are shown as the suffix uppercased rather than given a guess.
 */
const FILTERS = new Map(Object.entries({
  l: "Luminance",
  r: "Red",
  g: "Green",
  b: "Blue",
  rgb: "RGB",
  lrgb: "LRGB",
  h: "H-alpha",
  ha: "H-alpha",
  o: "OIII",
  oiii: "OIII",
  s: "SII",
  sii: "SII",
  m: "Mono",
}));

/**
 * Longest unknown suffix taken for a filter; longer ones are the random part of a name that has
 * no filter ("…_0_iycarr.png").
 */
const MAX_UNKNOWN_SUFFIX = 4;

/** The last path segment of a name or URL, without any query or fragment. */
function baseName(filename: string): string {
  const noQuery = filename.replace(/[?#].*$/s, "");
  return noQuery.slice(noQuery.search(/[^\/\\]*$/));
}

/** The name without its extension, or the name itself when it has none. */
function stemOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The optical filter of a file ("m42_…_lrgb.png" → "LRGB"), or "Unknown" when the name has none. */
export function opticalFilter(filename: string): string {
  const stem = stemOf(baseName(filename)).replace(/_cal$/i, "");
  const m = /_([a-z0-9]+)$/i.exec(stem);
  if (!m) return "Unknown";
  const suffix = m[1].toLowerCase();
  const known = FILTERS.get(suffix);
  if (known !== undefined) return known;
  if (/^[a-z]+$/.test(suffix) && suffix.length <= MAX_UNKNOWN_SUFFIX) return suffix.toUpperCase();
  return "Unknown";
}

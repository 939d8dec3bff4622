/**
 * The optical filter of a Slooh file, read from its name: Slooh names files
 * `{objcode}_{YYYYMMDD}_{HHMMSS}_{seq}_{rand6}_{filter}[_cal].{ext}` and sends no filter field.
 */

/**
 * Labels of the letters real Slooh frames carry, confirmed by their FITS `FILTER` cards (public
 * records, tests/fixtures/fits_records.csv): `e`/`v` are Johnson B/V (`BBand`, `V-Band`),
 * `d`/`i` Cousins Rc/Ic (`Rc-Band`, `Ic-Band`), `m` the colour frame of a one-shot-colour camera
 * (only on Canary Three, Canary Four and Chile One). Letters no record confirms (`h`, `o`, `s`…)
 * get no guessed name.
 */
export const FILTER_LETTERS: ReadonlyMap<string, string> = new Map(Object.entries({
  l: "Luminance",
  r: "Red",
  g: "Green",
  b: "Blue",
  e: "Johnson B",
  v: "Johnson V",
  d: "Cousins Rc",
  i: "Cousins Ic",
  m: "Colour",
  lrgb: "LRGB",
  rgb: "RGB",
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

/**
 * The optical filter of a file ("m42_…_lrgb.png" → "LRGB"), or "Unknown" when the name has none.
 * A letter without a confirmed meaning is shown as written, lower case ("…_h.png" → "h"), so it
 * never reads like a filter name.
 */
export function opticalFilter(filename: string): string {
  const stem = stemOf(baseName(filename)).replace(/_cal$/i, "");
  const m = /_([a-z0-9]+)$/i.exec(stem);
  if (!m) return "Unknown";
  const suffix = m[1].toLowerCase();
  const known = FILTER_LETTERS.get(suffix);
  if (known !== undefined) return known;
  if (/^[a-z]+$/.test(suffix) && suffix.length <= MAX_UNKNOWN_SUFFIX) return suffix;
  return "Unknown";
}

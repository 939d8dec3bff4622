/**
 * The astronomy of a FITS header as a typed, validated object: what an observer files and counts
 * a frame by. Keywords follow the FITS Standard 4.0 (DATE-OBS, EXPTIME, TELESCOP, INSTRUME,
 * OBSERVER, NAXISn) and the common amateur conventions (FILTER, XBINNING, CCD-TEMP, SET-TEMP).
 */
import type { CardValue, FitsCards } from "./header.ts";

/** An optical filter as the header names it, and the label slooh-dl files it under. */
export interface HeaderFilter {
  /** The `FILTER` card as written ("V-Band"). */
  raw: string;
  /** The same label the name's letter gives ("Johnson V"); the raw text when unrecognised. */
  label: string;
}

/** What a FITS header says about its frame; null where the card is absent or unreadable. */
export interface FitsFacts {
  /** Exposure start, UTC (`DATE-OBS`, with `TIME-OBS` when the date has no time). */
  observedAt: Date | null;
  /** Exposure length in seconds (`EXPTIME`, else `EXPOSURE`). */
  exposureSeconds: number | null;
  filter: HeaderFilter | null;
  observer: string | null;
  telescope: string | null;
  instrument: string | null;
  /** Pixels per axis (`NAXIS1` × `NAXIS2`, and `NAXIS3` planes for a colour cube). */
  imageSize: { width: number; height: number; planes: number | null } | null;
  /** On-chip binning (`XBINNING` × `YBINNING`). */
  binning: { x: number; y: number } | null;
  /** Sensor temperature in °C: `CCD-TEMP` as measured, else `SET-TEMP` as set. */
  sensorCelsius: number | null;
}

/**
 * `FILTER` spellings seen in real Slooh headers (tests/fixtures/fits_records.csv), lower-cased
 * with spaces, dashes and underscores removed, mapped to the labels optical_filter.ts gives the
 * name letters. Canary Two's ultra-wide-field camera writes "Clear" for its luminance frames.
 */
const HEADER_FILTERS: ReadonlyMap<string, string> = new Map(Object.entries({
  luminance: "Luminance",
  lum: "Luminance",
  l: "Luminance",
  clear: "Luminance",
  red: "Red",
  green: "Green",
  blue: "Blue",
  bband: "Johnson B",
  johnsonb: "Johnson B",
  vband: "Johnson V",
  johnsonv: "Johnson V",
  rcband: "Cousins Rc",
  rband: "Cousins Rc",
  cousinsr: "Cousins Rc",
  cousinsrc: "Cousins Rc",
  icband: "Cousins Ic",
  iband: "Cousins Ic",
  cousinsi: "Cousins Ic",
  cousinsic: "Cousins Ic",
  colour: "Colour",
  color: "Colour",
  lrgb: "LRGB",
  rgb: "RGB",
}));

/** The label of a header's `FILTER` text ("B-Band" → "Johnson B"); the trimmed text when unknown. */
export function headerFilterLabel(raw: string): string {
  const key = raw.toLowerCase().replace(/[\s_-]+/g, "");
  return HEADER_FILTERS.get(key) ?? raw.trim();
}

/**
 * Whether the header names another filter than the file name's letter. Only two known labels
 * can contradict: a letter without a confirmed meaning ("h") or an unrecognised header text is
 * no evidence either way.
 */
export function filterContradiction(letterLabel: string, headerLabel: string): boolean {
  return KNOWN_LABELS.has(letterLabel) && KNOWN_LABELS.has(headerLabel) &&
    letterLabel !== headerLabel;
}

const KNOWN_LABELS: ReadonlySet<string> = new Set(HEADER_FILTERS.values());

/**
 * The filter label a frame is filed under: the name's letter, unless the header names another
 * known filter, in which case the header wins (a name can be wrong; the camera's card is not).
 */
export function filingFilter(letterLabel: string, header: HeaderFilter | null): string {
  return header !== null && filterContradiction(letterLabel, header.label)
    ? header.label
    : letterLabel;
}

/**
 * A FITS date (`2025-07-18T02:45:05.56`, `2025-07-18T02:45:05`, `2025-07-18`) as a UTC Date;
 * the optional `time` (a `TIME-OBS` card) completes a date-only value. Null when unreadable.
 */
export function parseFitsDate(value: CardValue, time: CardValue = null): Date | null {
  if (typeof value !== "string") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}(?:\.\d*)?))?Z?$/.exec(value.trim());
  if (!m) return null;
  let clock = m.slice(4, 7);
  if (m[4] === undefined) {
    const t = typeof time === "string"
      ? /^(\d{2}):(\d{2}):(\d{2}(?:\.\d*)?)$/.exec(time.trim())
      : null;
    clock = t ? t.slice(1, 4) : ["0", "0", "0"];
  }
  const [year, month, day] = m.slice(1, 4).map(Number);
  const [hour, minute, second] = clock.map(Number);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second >= 60) return null;
  const date = new Date(
    Date.UTC(year, month - 1, day, hour, minute, 0) + Math.round(second * 1000),
  );
  // Date rolls Feb 30 over into March; a changed day means the input was impossible.
  return date.getUTCDate() === day && date.getUTCMonth() === month - 1 ? date : null;
}

function text(v: CardValue | undefined): string | null {
  if (typeof v === "number") return String(v);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
}

function positive(v: CardValue | undefined): number | null {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : null;
}

function count(v: CardValue | undefined): number | null {
  const n = positive(v);
  return n !== null && Number.isInteger(n) ? n : null;
}

/** A plausible sensor temperature in °C (cooled cameras run from about -60 to +40). */
function celsius(v: CardValue | undefined): number | null {
  return typeof v === "number" && Number.isFinite(v) && v > -150 && v < 100 ? v : null;
}

/** The typed facts of a parsed header. */
export function fitsFacts(cards: FitsCards): FitsFacts {
  const v = cards.values;
  const rawFilter = text(v.get("FILTER"));
  const width = count(v.get("NAXIS1"));
  const height = count(v.get("NAXIS2"));
  const axes = count(v.get("NAXIS"));
  const binX = count(v.get("XBINNING"));
  return {
    observedAt: parseFitsDate(v.get("DATE-OBS") ?? null, v.get("TIME-OBS") ?? null),
    exposureSeconds: positive(v.get("EXPTIME")) ?? positive(v.get("EXPOSURE")),
    filter: rawFilter === null ? null : { raw: rawFilter, label: headerFilterLabel(rawFilter) },
    observer: text(v.get("OBSERVER")),
    telescope: text(v.get("TELESCOP")),
    instrument: text(v.get("INSTRUME")),
    imageSize: width !== null && height !== null && (axes ?? 0) >= 2
      ? { width, height, planes: (axes ?? 0) >= 3 ? count(v.get("NAXIS3")) : null }
      : null,
    binning: binX === null ? null : { x: binX, y: count(v.get("YBINNING")) ?? binX },
    sensorCelsius: celsius(v.get("CCD-TEMP")) ?? celsius(v.get("SET-TEMP")),
  };
}

/** Parsing of Slooh's display dates and of the dates users type on the command line. */

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
] as const;

/** Month number (1-12) for an English month name or any prefix of it of 3+ letters ("sept"). */
function monthNumber(word: string): number | null {
  if (word.length < 3) return null;
  const index = MONTHS.findIndex((name) => name.startsWith(word));
  return index < 0 ? null : index + 1;
}

/** A UTC Date for the parts, or null when they do not name a real instant (Feb 30, 25:00). */
function utcDate(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): Date | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  // Date rolls Feb 30 over into March; a changed month or day means the input was impossible.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

/** Year, month and day of a display date, or null when the text is not a date we know. */
function parseDay(text: string): [number, number, number] | null {
  // Periods and commas carry no meaning ("Sept. 5, 2025", "June. 5, 2025"), so drop them first.
  const s = text.toLowerCase().replace(/[.,]/g, " ").replace(/\s+/g, " ").trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (iso) return [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  const monthFirst = /^([a-z]+) (\d{1,2}) (\d{4})$/.exec(s);
  if (monthFirst) {
    const month = monthNumber(monthFirst[1]);
    return month === null ? null : [Number(monthFirst[3]), month, Number(monthFirst[2])];
  }
  const dayFirst = /^(\d{1,2}) ([a-z]+) (\d{4})$/.exec(s);
  if (dayFirst) {
    const month = monthNumber(dayFirst[2]);
    return month === null ? null : [Number(dayFirst[3]), month, Number(dayFirst[1])];
  }
  return null;
}

/** Hour, minute and second of a display time; [0, 0, 0] when absent, null when unreadable. */
function parseClock(text: string | undefined): [number, number, number] | null {
  const s = (text ?? "").trim().toLowerCase().replace(/\s*(utc|gmt|z)$/, "");
  if (s === "") return [0, 0, 0];
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(am|pm)?$/.exec(s);
  if (!m) return null;
  let hour = Number(m[1]);
  if (m[4]) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (m[4] === "pm" ? 12 : 0);
  }
  return [hour, Number(m[2]), Number(m[3] ?? 0)];
}

/**
 * Slooh's `displayDate` + `displayTime` as a UTC Date, or null when either cannot be read.
 *
 * A missing time means midnight; an unreadable one is null rather than midnight, so the caller
 * can report the item instead of silently filing it under a guessed time.
 */
export function parseCaptureTime(
  displayDate: string | undefined,
  displayTime: string | undefined,
): Date | null {
  if (displayDate === undefined) return null;
  const day = parseDay(displayDate);
  const clock = parseClock(displayTime);
  if (day === null || clock === null) return null;
  return utcDate(...day, ...clock);
}

/** A `--since`/`--until` value (YYYY, YYYY-MM or YYYY-MM-DD) as the whole UTC period it names. */
export function parseUserDate(s: string): { start: Date; end: Date } | null {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(s.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? null : Number(m[2]);
  const day = m[3] === undefined ? null : Number(m[3]);
  const start = utcDate(year, month ?? 1, day ?? 1);
  if (start === null) return null;
  const next = new Date(start.getTime());
  if (day !== null) next.setUTCDate(next.getUTCDate() + 1);
  else if (month !== null) next.setUTCMonth(next.getUTCMonth() + 1);
  else next.setUTCFullYear(next.getUTCFullYear() + 1);
  // The end is inclusive, so `--until 2025-09` keeps images taken at 23:59:59.999 on Sept 30.
  return { start, end: new Date(next.getTime() - 1) };
}

/**
 * The UTC time in a Slooh file name (`m42_20260121_011658_0_iycarr_l.png` → 2026-01-21 01:16:58),
 * or null when the name carries none. Slooh stamps names in UTC (the public FITS records show the
 * name's time 23–67 s after the header's `DATE-OBS`, which is UTC by the FITS standard).
 */
export function timeFromName(filename: string): Date | null {
  const base = filename.replace(/[?#].*$/s, "").replace(/^.*[\/\\]/s, "");
  const m = /(?:^|_)(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})(?=_|\.|$)/.exec(base);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  return utcDate(year, month, day, hour, minute, second);
}

/**
 * How long after its exposure started a FITS frame's name is stamped, seconds: in the public records
 * (tests/fixtures/fits_records.csv, 23.3–66.8 s over 267 frames) the name's time minus `DATE-OBS`
 * lies in this range.
 */
export const FITS_NAME_LAG_SECONDS = { min: 23, max: 67 } as const;

/**
 * A FITS frame's exposure start estimated from its name (the middle of the observed lag), for use
 * only until its header's `DATE-OBS` is read; null when the name carries no time.
 */
export function fitsStartFromName(filename: string): Date | null {
  const named = timeFromName(filename);
  if (named === null) return null;
  const lag = (FITS_NAME_LAG_SECONDS.min + FITS_NAME_LAG_SECONDS.max) / 2;
  return new Date(named.getTime() - lag * 1000);
}

/** A Unix time in seconds sent as a string or number (`imageTimestamp`); null when not one. */
export function parseUnixSeconds(value: unknown): Date | null {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : "";
  if (!/^\s*\d{9,11}(?:\.\d+)?\s*$/.test(text)) return null;
  const date = new Date(Math.round(Number(text) * 1000));
  return Number.isNaN(date.getTime()) ? null : date;
}

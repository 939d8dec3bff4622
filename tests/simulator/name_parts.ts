/** The parts of the simulated file names and URLs: dates, times and the cache buster. */
import { pad2 } from "./display_dates.ts";

/** A UTC date's year, month and day as they appear in Slooh's file names. */
export function ymd(d: Date): [string, string, string] {
  return [String(d.getUTCFullYear()), pad2(d.getUTCMonth() + 1), pad2(d.getUTCDate())];
}

/** A UTC time as `HHMMSS`, as in Slooh's file names. */
export function hms(d: Date): string {
  return `${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}`;
}

/** The cache buster looks like the real one: a listing time in epoch seconds with a fraction. */
export function randQuery(rng: () => number, at: Date): string {
  const epoch = at.getTime() / 1000 + Math.floor(rng() * 172_800);
  const digits = 1 + Math.floor(rng() * 4);
  const frac = String(Math.floor(rng() * 10 ** digits)).padStart(digits, "0").replace(/0+$/, "");
  return frac ? `${epoch}.${frac}` : String(epoch);
}

/**
 * Which items a download keeps: the `--since`, `--until`, `--object` and `--telescope` filters as
 * one predicate. Different filters must all match; a repeated `--object` or `--telescope` means
 * either (`--object m42 --object m43 --telescope canary`: M42 or M43, on a Canary telescope). FITS carry their mission's title, telescope and capture time, so the same test
 * applies to them whether or not the mission's picture was kept.
 */
import { ConfigError } from "../errors.ts";
import { parseUserDate } from "../slooh/dates.ts";
import type { Item } from "../slooh/types.ts";
import { catalogDesignation } from "./catalog.ts";

/** The filters as typed on the command line (undefined = not given). */
export interface SelectionFlags {
  since?: string;
  until?: string;
  /** One text, or several of which any may match. */
  object?: string | string[];
  telescope?: string | string[];
}

/** The filters, parsed. */
export interface Selection {
  /** First instant kept (inclusive), UTC. */
  since: Date | null;
  /** Last instant kept (inclusive), UTC. */
  until: Date | null;
  /** Objects of which any may match; empty = any object. */
  objects: ObjectQuery[];
  /** Lower-cased telescope texts of which any may match; empty = any telescope. */
  telescopes: string[];
}

/** What `--object` looks for. */
export interface ObjectQuery {
  /** Lower-cased, whitespace-collapsed text. */
  text: string;
  /** The catalog designation the text names ("m42" → "M42"), if it names one. */
  designation: string | null;
}

const collapse = (s: string): string => s.replace(/\s+/g, " ").trim().toLowerCase();

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Parses the filter flags; a bad date or an empty range is a ConfigError (exit 2). */
export function parseSelection(flags: SelectionFlags): Selection {
  const date = (value: string | undefined, flag: string) => {
    if (value === undefined) return null;
    const period = parseUserDate(value);
    if (!period) {
      throw new ConfigError(
        `${flag} ${JSON.stringify(value)} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY (UTC)`,
      );
    }
    return period;
  };
  const since = date(flags.since, "--since")?.start ?? null;
  const until = date(flags.until, "--until")?.end ?? null;
  if (since && until && since > until) {
    throw new ConfigError(`--since ${flags.since} is after --until ${flags.until}: nothing to do`);
  }
  const texts = (value: string | string[] | undefined, flag: string) =>
    (value === undefined ? [] : Array.isArray(value) ? value : [value]).map((v) => {
      const t = collapse(v);
      if (!t) throw new ConfigError(`${flag} needs some text`);
      return t;
    });
  return {
    since,
    until,
    // Some catalog prefixes are only recognised in capitals ("M") or capitalised ("Cr", "Tr");
    // users type "m42" and "cr399".
    objects: texts(flags.object, "--object").map((text) => ({
      text,
      designation: catalogDesignation(text.toUpperCase()) ??
        catalogDesignation(text[0].toUpperCase() + text.slice(1)),
    })),
    telescopes: texts(flags.telescope, "--telescope"),
  };
}

/**
 * Whether a title is the object asked for.
 *
 * A query that names a catalog designation ("m42", "NGC 3195", "Messier 43") matches titles with
 * that designation, or containing the query as whole words, so "m4" never picks up "M42". Any
 * other query is a case-insensitive substring of the title ("horse" finds "Horsehead Nebula").
 */
export function objectMatches(query: ObjectQuery, title: string): boolean {
  const t = collapse(title);
  if (query.designation === null) return t.includes(query.text);
  const designation = catalogDesignation(title);
  if (designation !== null && designation.toLowerCase() === query.designation.toLowerCase()) {
    return true;
  }
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(query.text)}(?![\\p{L}\\p{N}])`, "u")
    .test(t);
}

/** True when the selection keeps every item. */
export function isEmptySelection(s: Selection): boolean {
  return !s.since && !s.until && s.objects.length === 0 && s.telescopes.length === 0;
}

/**
 * The predicate `runDownload` takes, or undefined when nothing is filtered (so a whole run can
 * still become the early-stop anchor). An item without a capture time fails any date bound: it
 * cannot be shown to lie inside the range.
 */
export function selectionFilter(s: Selection): ((item: Item) => boolean) | undefined {
  if (isEmptySelection(s)) return undefined;
  return (item) => {
    if (s.since || s.until) {
      const at = item.capturedAt?.getTime();
      if (at === undefined || Number.isNaN(at)) return false;
      if (s.since && at < s.since.getTime()) return false;
      if (s.until && at > s.until.getTime()) return false;
    }
    if (s.telescopes.length) {
      const telescope = collapse(item.telescope);
      if (!s.telescopes.some((t) => telescope.includes(t))) return false;
    }
    if (s.objects.length && !s.objects.some((q) => objectMatches(q, item.title))) return false;
    return true;
  };
}

/**
 * Catalog designations in Slooh image titles, used to file every image of one object together
 * however the title spelled it ("Messier 43 ", "Orion Nebula (M42)").
 *
 * Output spelling: catalogs normally cited by abbreviation keep it (M, NGC, IC, Sh2-, Abell, Arp,
 * UGC, PGC, LDN, LBN, vdB, 3C, DCLD); those usually written out are written out whatever the
 * title used (Caldwell, Barnard, Bennett, Melotte, Collinder, Trumpler), matching Slooh's own
 * object codes ("barnard33", "bennett47"). Comets become e.g. "C2025R2": the "/" of "C/2025 R2"
 * would otherwise split a folder. Stars: "SAO248201", "HD12345", "HIP8102", Dunlop's southern list
 * "Dunlop357", Winnecke's doubles "WNC4". Minor planets: a numbered one by its name ("Ceres (1)",
 * "(1) Ceres" → "Ceres", as a bare "Ceres" title files), a provisional one by its designation
 * without the space ("2016 LX48" → "2016LX48").
 *
 * One object, one folder: a designation with cross-identifications (cross_ids.ts) becomes the
 * object's preferred one, Messier first, then NGC, IC, Caldwell, then the rest ("Caldwell 92" →
 * "NGC3372", "Open Cluster M103 (NGC 581)" → "M103", "NGC 1976" → "M42").
 */
import { CROSS_ID_GROUPS } from "./cross_ids.ts";
import { memoized } from "./memo.ts";

interface Catalog {
  pattern: RegExp;
  format: (m: RegExpExecArray) => string;
  /** Highest number the catalog has; bounds the one-letter forms, which are easy to mistake. */
  max?: number;
}

/** Strips leading zeros so "M 042" and "M42" file together. */
const num = (digits: string): string => String(Number(digits));

/** A prefix-and-number catalog, e.g. `numbered("NGC", "NGC", 4)` reads "NGC 5281" as "NGC5281". */
function numbered(
  names: string,
  output: string,
  digits: number,
  options: { caseSensitive?: boolean; max?: number } = {},
): Catalog {
  return {
    // No word character or "/" before, so "LMC" is not read as "C"; no digit or "." after, so a
    // longer number ("C2024") is not read as its prefix (Caldwell 202). "NGC-2237" and "M-42"
    // are read too.
    pattern: new RegExp(
      `(?<![\\w/])(?:${names})\\s*-?\\s*(\\d{1,${digits}})(?![\\d.])`,
      options.caseSensitive ? "" : "i",
    ),
    format: (m) => `${output}${num(m[1])}`,
    max: options.max,
  };
}

/** "(433)", but not a year after a name ("Full Moon (2025)"); before a name it is a number. */
const MINOR_PLANET_NUMBER = String.raw`\((?!(?:19|20)\d\d\))\d{1,6}\)`;
const NUMBER_BEFORE_NAME = String.raw`\(\d{1,6}\)`;
/** Words that say what kind of body follows, not which: "Asteroid (433) Eros" is Eros. */
const KIND_WORDS = "Asteroid|Planet|Minor|Dwarf|Comet|Object";

const CATALOGS: Catalog[] = [
  // Comets: "C/2025 R2", and "C2024 E1" as Slooh writes it in coordinate titles.
  {
    pattern: /(?<![\w/])([CPDXAI])\/?\s*(\d{4})\s*([A-Z]{1,2}\d{0,4})\b/,
    format: (m) => `${m[1]}${m[2]}${m[3]}`,
  },
  // Numbered periodic and interstellar comets: "12P/Pons-Brooks", "Comet 12P (Pons-Brooks)".
  { pattern: /(?<![\w/])(\d{1,4}[PDI])\/[A-Za-z]/, format: (m) => m[1] },
  { pattern: /(?<=\bComet\s)(\d{1,4}[PDI])(?![\w/])/, format: (m) => m[1] },
  numbered("Messier", "M", 3),
  numbered("M", "M", 3, { caseSensitive: true, max: 110 }),
  numbered("NGC", "NGC", 4),
  numbered("IC", "IC", 4),
  numbered("Caldwell", "Caldwell", 3),
  numbered("C", "Caldwell", 3, { caseSensitive: true, max: 109 }),
  numbered("Barnard", "Barnard", 3),
  numbered("B", "Barnard", 3, { caseSensitive: true, max: 370 }),
  {
    // The catalog's own "2" comes with a hyphen ("Sh 2-155", "Sharpless 2-240") or attached
    // ("Sh2 155"), or alone before the number ("Sharpless 2 240"); "Sh 240" is Sh2-240.
    pattern:
      /(?<![\w/])(?:Sh\s*2\s*-\s*|Sh2\s+|Sh\s+|Sharpless\s*2\s*-\s*|Sharpless\s+2\s+(?=\d)|Sharpless\s+)(\d{1,3})(?![\d.])/i,
    format: (m) => `Sh2-${num(m[1])}`,
  },
  numbered("Abell", "Abell", 4),
  numbered("Arp", "Arp", 3),
  numbered("Melotte|Mel", "Melotte", 3),
  numbered("Collinder", "Collinder", 3),
  numbered("Cr", "Collinder", 3, { caseSensitive: true }),
  numbered("Trumpler", "Trumpler", 2),
  numbered("Tr", "Trumpler", 2, { caseSensitive: true }),
  numbered("UGC", "UGC", 5),
  numbered("PGC", "PGC", 7),
  numbered("Bennett", "Bennett", 3),
  {
    pattern: /(?<![\w/])DCLD\s*(\d{1,3}(?:\.\d+)?[+-]\d{1,2}(?:\.\d+)?)(?![\d.])/i,
    format: (m) => `DCLD${m[1]}`,
  },
  numbered("LDN", "LDN", 4),
  numbered("LBN", "LBN", 4),
  numbered("vdB", "vdB", 3),
  numbered("3C", "3C", 3),
  numbered("Dunlop|Dun", "Dunlop", 3),
  numbered("SAO", "SAO", 6),
  numbered("HD|HDE", "HD", 6),
  numbered("HIP", "HIP", 6),
  numbered("Winnecke|WNC", "WNC", 2),
  // A numbered minor planet, named: "Ceres (1)", "(1) Ceres". A year in parentheses is not a
  // number ("Full Moon (2025)").
  {
    pattern: new RegExp(
      `(?<![\\w/])(?!(?:${KIND_WORDS})\\b)([A-Z][a-z]{2,})\\s*${MINOR_PLANET_NUMBER}`,
    ),
    format: (m) => m[1],
  },
  { pattern: new RegExp(`${NUMBER_BEFORE_NAME}\\s*([A-Z][a-z]{2,})\\b`), format: (m) => m[1] },
  // A provisional minor-planet designation: year, half-month letter, order letter, cycle count.
  {
    pattern: /(?<![\w/])((?:18|19|20)\d{2})\s?([A-HJ-Y][A-HJ-Z])(\d{0,3})(?![\w/])/,
    format: (m) => `${m[1]}${m[2]}${m[3]}`,
  },
];

const GLOBAL_PATTERNS = CATALOGS.map((c) => new RegExp(c.pattern.source, c.pattern.flags + "g"));

/** The designation found earliest in `text`, with its position, or null. */
function firstDesignation(text: string): { index: number; value: string } | null {
  let best: { index: number; value: string } | null = null;
  for (const [i, catalog] of CATALOGS.entries()) {
    // One global copy of each pattern, searched with exec from the start: matchAll would clone it
    // on every call, and this runs for every new title of a listing.
    const global = GLOBAL_PATTERNS[i];
    global.lastIndex = 0;
    for (let m = global.exec(text); m !== null; m = global.exec(text)) {
      if (catalog.max !== undefined && Number(m[1]) > catalog.max) continue;
      // "Leo Triplet (M66 Group)" names a group that takes its name from M66, not M66.
      if (/^\s*Group\b/i.test(text.slice(m.index + m[0].length))) continue;
      if (best === null || m.index < best.index) {
        best = { index: m.index, value: catalog.format(m) };
      }
      break;
    }
  }
  return best;
}

/** Collapses whitespace runs and trims. */
function clean(title: string): string {
  return title.replace(/\s+/g, " ").trim();
}

/** Rank of a designation's catalog in the preference: Messier, NGC, IC, Caldwell, the rest. */
function preference(designation: string): number {
  const rank = [/^M\d/, /^NGC\d/, /^IC\d/, /^Caldwell\d/].findIndex((p) => p.test(designation));
  return rank < 0 ? 4 : rank;
}

/** Every designation with cross-identifications → all designations of its object, preferred first. */
const OBJECTS = new Map<string, readonly string[]>();
for (const group of CROSS_ID_GROUPS) {
  const names = [...group].sort((a, b) => preference(a) - preference(b));
  for (const name of group) OBJECTS.set(name.toLowerCase(), names);
}

/**
 * All designations of the object a designation names, preferred first ("Caldwell92" →
 * ["NGC3372", "Caldwell92"]); just the designation itself when no cross-identification is known.
 */
export function designationsOf(designation: string): readonly string[] {
  return OBJECTS.get(designation.toLowerCase()) ?? [designation];
}

/** The preferred designation of the object a designation names ("NGC1976" → "M42"). */
export function preferredDesignation(designation: string): string {
  return designationsOf(designation)[0];
}

/**
 * The compact catalog designation of a title ("Orion Nebula (M42)" → "M42"), or null; when the
 * object has several designations, the preferred one ("Andromeda Galaxy (NGC 224)" → "M31").
 *
 * The designation that starts a parenthesised group and the first one outside the groups are
 * weighed by the preference; on a tie the group's wins, because Slooh puts the designation it
 * files the object under there ("Caldwell 109 (NGC 3195)" → "NGC3195", "Messier 42 (Sh2-281)" →
 * "M42"). A designation naming a group ("Leo Triplet (M66 Group)") is none. Titles without one
 * ("Saturn", "LMC N49", "Antares (Alpha Scorpii)") give null.
 */
export function catalogDesignation(title: string): string | null {
  // Thousands of images share a few hundred titles, and the scan below is the costly part of
  // planning a path: remember each title's answer.
  let found = designations.get(title);
  if (found === undefined) {
    found = findDesignation(title);
    if (designations.size >= 10_000) designations.clear();
    designations.set(title, found);
  }
  return found;
}

const designations = new Map<string, string | null>();

function findDesignation(title: string): string | null {
  const text = clean(title);
  const candidates: string[] = [];
  for (const group of text.matchAll(/\(([^()]*)\)/g)) {
    const found = firstDesignation(group[1].trim());
    if (found?.index === 0) candidates.push(preferredDesignation(found.value));
  }
  const outside = firstDesignation(text.replace(/\([^()]*\)/g, " "));
  if (outside) candidates.push(preferredDesignation(outside.value));
  if (candidates.length) {
    // The first of the best rank: groups come first, so a tie goes to the group.
    return candidates.reduce((best, c) => preference(c) < preference(best) ? c : best);
  }
  const found = firstDesignation(text);
  return found === null ? null : preferredDesignation(found.value);
}

/** The Sun, the Moon in any phase, and the planets, by the word that starts the title. */
const SOLAR_SYSTEM =
  /^(?:(?:Full|New|Crescent|Gibbous|Quarter|First|Last|Half|Waxing|Waning|Blood|Super|Harvest)\s+)*(Sun|Moon|Mercury|Venus|Mars|Jupiter|Saturn|Uranus|Neptune|Pluto)\b(?!\s+Nebula)/i;

/** "Full Moon" → "Moon", "Sun (Sol)" → "Sun", "Jupiter and Io" → "Jupiter"; else null. */
function solarSystemBody(title: string): string | null {
  const m = SOLAR_SYSTEM.exec(clean(title));
  return m ? m[1][0].toUpperCase() + m[1].slice(1).toLowerCase() : null;
}

/**
 * The folder-friendly object name: its designation when it has one, the body for the Sun, the
 * Moon and the planets, else the cleaned title.
 */
export const objectName: (title: string) => string = memoized((title) =>
  catalogDesignation(title) ?? solarSystemBody(title) ?? (clean(title) || "Unknown")
);

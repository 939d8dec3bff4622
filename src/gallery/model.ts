/** The gallery's structure: entries grouped into objects and missions, with their totals. */
import { shortHash } from "../library/template.ts";
import type { GalleryEntry } from "./entries.ts";
import type { PreviewRecord } from "./preview_job.ts";

/** A colour composite of one mission's R, G, B (and L) frames. */
export interface ColourSet {
  id: string;
  frames: GalleryEntry[];
}

/** One mission (or the captures outside any, id 0) of an object. */
export interface MissionGroup {
  id: number;
  capturedAt: Date | null;
  telescope: string;
  entries: GalleryEntry[];
  colour: ColourSet | null;
}

/** Frames and exposure of one filter. */
export interface FilterTotal {
  filter: string;
  frames: number;
  /** Seconds, over the frames whose exposure is known. */
  exposure: number;
}

/** One object: one card on the index, one page. */
export interface ObjectGroup {
  object: string;
  /** The newest title it was captured under. */
  title: string;
  designation: string | null;
  /** Every designation of the object, preferred first. */
  designations: readonly string[];
  /** File name of its page inside the objects folder. */
  page: string;
  entries: GalleryEntry[];
  missions: MissionGroup[];
  telescopes: string[];
  filters: FilterTotal[];
  first: Date | null;
  last: Date | null;
}

const time = (d: Date | null) => d?.getTime() ?? -Infinity;

/** Newest first; ties by path so the order never depends on the database's. */
export function newestFirst(a: GalleryEntry, b: GalleryEntry): number {
  return time(b.capturedAt) - time(a.capturedAt) || (a.path < b.path ? -1 : 1);
}

/** A page file name that is safe on every disk and unique per object. */
export function pageName(object: string): string {
  const slug = object.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")
    .slice(0, 40).toLowerCase();
  return `${slug || "object"}-${shortHash(object)}.html`;
}

/** Filter totals, most frames first. */
export function filterTotals(entries: readonly GalleryEntry[]): FilterTotal[] {
  const m = new Map<string, FilterTotal>();
  for (const e of entries) {
    const t = m.get(e.filter) ?? { filter: e.filter, frames: 0, exposure: 0 };
    t.frames++;
    t.exposure += e.exposure ?? 0;
    m.set(e.filter, t);
  }
  return [...m.values()].sort((a, b) => b.frames - a.frames || a.filter.localeCompare(b.filter));
}

const COLOUR_FILTERS = ["Red", "Green", "Blue"] as const;

/**
 * The colour set of a mission: the first FITS frame of each of Red, Green and Blue (and
 * Luminance when there is one of the same size), or null when a filter is missing, a frame has
 * no image, or the sizes differ.
 */
export function colourSet(
  fits: readonly GalleryEntry[],
  previews: ReadonlyMap<string, PreviewRecord>,
  hash: (text: string) => string,
): ColourSet | null {
  const size = (e: GalleryEntry) => {
    const f = previews.get(e.sha256)?.facts;
    return f && f.height > 1 ? `${f.width}x${f.height}` : null;
  };
  const first = (filter: string) =>
    [...fits].sort((a, b) => -newestFirst(a, b)).find((e) => e.filter === filter && size(e));
  const rgb = COLOUR_FILTERS.map(first);
  if (rgb.some((e) => !e)) return null;
  const frames = rgb as GalleryEntry[];
  if (new Set(frames.map(size)).size !== 1) return null;
  const l = first("Luminance");
  if (l && size(l) === size(frames[0])) frames.push(l);
  return { id: hash(`colour:${frames.map((f) => f.sha256).join(":")}`), frames };
}

/** Groups entries into objects (most recent activity first) and missions (newest first). */
export function buildModel(
  entries: readonly GalleryEntry[],
  previews: ReadonlyMap<string, PreviewRecord>,
  hash: (text: string) => string,
): ObjectGroup[] {
  const byObject = new Map<string, GalleryEntry[]>();
  for (const e of [...entries].sort(newestFirst)) {
    byObject.set(e.object, [...byObject.get(e.object) ?? [], e]);
  }
  const objects: ObjectGroup[] = [];
  for (const [object, list] of byObject) {
    const byMission = new Map<number, GalleryEntry[]>();
    for (const e of list) byMission.set(e.missionId, [...byMission.get(e.missionId) ?? [], e]);
    const missions = [...byMission].map(([id, es]): MissionGroup => ({
      id,
      capturedAt: es[0].capturedAt,
      telescope: es[0].telescope,
      entries: es,
      colour: id === 0 ? null : colourSet(es.filter((e) => e.kind === "fits"), previews, hash),
    }));
    const dates = list.map((e) => e.capturedAt).filter((d): d is Date => d !== null);
    objects.push({
      object,
      title: list[0].title.trim() || object,
      designation: list[0].designation,
      designations: list[0].designations,
      page: pageName(object),
      entries: list,
      missions,
      telescopes: [...new Set(list.map((e) => e.telescope || "Unknown"))].sort(),
      filters: filterTotals(list),
      first: dates.length ? dates[dates.length - 1] : null,
      last: dates.length ? dates[0] : null,
    });
  }
  return objects;
}

/** The year ("2025") of a capture, or "undated". */
export function yearOf(d: Date | null): string {
  return d ? d.toISOString().slice(0, 4) : "undated";
}

/** The year-month ("2025-09") of a capture, or "undated". */
export function monthOf(d: Date | null): string {
  return d ? d.toISOString().slice(0, 7) : "undated";
}

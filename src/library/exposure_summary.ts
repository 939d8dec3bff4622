/**
 * What an observer counts: frames and exposure per object and filter ("M42  L 12×50 s  R 4×20 s"),
 * from the FITS frames a library holds. `stats` and `missions` show it; `--json` gives the object.
 */

/** One FITS frame as the summary needs it. */
export interface ExposedFrame {
  /** The object's folder name (catalog.ts `objectName`). */
  object: string;
  /** The filter label (optical_filter.ts, or the header's when it contradicts the name). */
  filter: string;
  /** `EXPTIME` in seconds; null until the header has been read. */
  exposureSeconds: number | null;
}

/** Frames of one filter, by exposure length (longest first; null = not known yet). */
export interface FilterExposure {
  filter: string;
  frames: number;
  totalSeconds: number;
  byLength: { seconds: number | null; frames: number }[];
}

/** All frames of one object. */
export interface ObjectExposure {
  object: string;
  frames: number;
  totalSeconds: number;
  filters: FilterExposure[];
}

/** How filters are listed: imaging L, R, G, B, then the photometric bands, then the rest. */
const ORDER = [
  "Luminance",
  "Red",
  "Green",
  "Blue",
  "Johnson B",
  "Johnson V",
  "Cousins Rc",
  "Cousins Ic",
  "Colour",
];

/** Short names an observer writes; Johnson B stays spelt out, as "B" would read as Blue. */
const SHORT: Readonly<Record<string, string>> = {
  Luminance: "L",
  Red: "R",
  Green: "G",
  Blue: "B",
  "Johnson V": "V",
  "Cousins Rc": "Rc",
  "Cousins Ic": "Ic",
};

function rank(filter: string): number {
  const i = ORDER.indexOf(filter);
  return i < 0 ? ORDER.length : i;
}

/** Frames and exposure per object (most exposure first) and filter (in ORDER). */
export function summarizeExposures(frames: Iterable<ExposedFrame>): ObjectExposure[] {
  const objects = new Map<string, Map<string, Map<number | null, number>>>();
  for (const f of frames) {
    const filters = objects.get(f.object) ?? new Map();
    objects.set(f.object, filters);
    const lengths = filters.get(f.filter) ?? new Map();
    filters.set(f.filter, lengths);
    lengths.set(f.exposureSeconds, (lengths.get(f.exposureSeconds) ?? 0) + 1);
  }
  const out: ObjectExposure[] = [];
  for (const [object, filters] of objects) {
    const list: FilterExposure[] = [];
    for (const [filter, lengths] of filters) {
      const byLength = [...lengths].map(([seconds, n]) => ({ seconds, frames: n }))
        .sort((a, b) => (b.seconds ?? -1) - (a.seconds ?? -1));
      list.push({
        filter,
        frames: byLength.reduce((s, l) => s + l.frames, 0),
        totalSeconds: byLength.reduce((s, l) => s + (l.seconds ?? 0) * l.frames, 0),
        byLength,
      });
    }
    list.sort((a, b) => rank(a.filter) - rank(b.filter) || a.filter.localeCompare(b.filter));
    out.push({
      object,
      frames: list.reduce((s, f) => s + f.frames, 0),
      totalSeconds: list.reduce((s, f) => s + f.totalSeconds, 0),
      filters: list,
    });
  }
  return out.sort((a, b) => b.totalSeconds - a.totalSeconds || a.object.localeCompare(b.object));
}

/** Seconds as an observer writes them: "50 s", "2.5 s", "? s" when not known. */
function seconds(s: number | null): string {
  return s === null ? "? s" : `${Number(s.toFixed(3))} s`;
}

/** One line per object: "M42  L 12×50 s  R 4×20 s  Johnson B 3×45 s+1×30 s". */
export function formatExposureLine(o: ObjectExposure): string {
  const parts = o.filters.map((f) =>
    `${SHORT[f.filter] ?? f.filter} ` +
    f.byLength.map((l) => `${l.frames}×${seconds(l.seconds)}`).join("+")
  );
  return [o.object, ...parts].join("  ");
}

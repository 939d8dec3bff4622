/** The index: one card per object, with the facets and search the script works on. */
import { STATE_DIR } from "../library/library_dirs.ts";
import type { GalleryEntry } from "./entries.ts";
import {
  dayText,
  designationLine,
  escapeHtml,
  exposureText,
  href,
  page,
  withoutControls,
} from "./html.ts";
import { monthOf, type ObjectGroup, yearOf } from "./model.ts";
import type { PreviewRecord } from "./preview_job.ts";

/** Where the gallery's files are, seen from the library root. */
const GALLERY_FROM_ROOT = `${STATE_DIR}/gallery/`;

/** The facets a card can be filtered by, as the script reads them. */
export const FACETS = ["object", "telescope", "filter", "year", "month", "kind"] as const;
export type Facet = typeof FACETS[number];

/** The values of each facet over a set of entries. */
export function facetValues(entries: readonly GalleryEntry[]): Record<Facet, string[]> {
  // In reading order, numbers by value: "Leo Triplet" before "LMC N49", M42 before M100.
  const of = (f: (e: GalleryEntry) => string) =>
    [...new Set(entries.map(f))].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return {
    object: of((e) => e.object),
    telescope: of((e) => e.telescope || "Unknown"),
    filter: of((e) => e.filter),
    year: of((e) => yearOf(e.capturedAt)),
    month: of((e) => monthOf(e.capturedAt)),
    kind: of((e) => (e.kind === "fits" ? "FITS" : "picture")),
  };
}

/** The preview a card shows: its newest picture, else its colour composite, else a frame. */
export function coverOf(o: ObjectGroup, previews: ReadonlyMap<string, PreviewRecord>) {
  const colour = o.missions.find((m) => m.colour && previews.has(m.colour.id))?.colour;
  const pick = o.entries.find((e) => e.kind === "picture" && !previews.get(e.sha256)?.error) ??
    null;
  const id = pick?.sha256 ?? colour?.id ?? o.entries[0].sha256;
  return previews.get(id) ?? null;
}

function card(o: ObjectGroup, previews: ReadonlyMap<string, PreviewRecord>): string {
  const facets = facetValues(o.entries);
  const cover = coverOf(o, previews);
  const link = href(GALLERY_FROM_ROOT + "objects/", o.page);
  const img = cover
    ? `<img src="${href(GALLERY_FROM_ROOT + "previews/", cover.thumb)}" width="${cover.width}" ` +
      `height="${cover.height}" alt="${escapeHtml(o.title)}" loading="lazy">`
    : "";
  const rows = o.filters.map((f) =>
    `<tr><td>${escapeHtml(f.filter)}</td><td>${f.frames}</td><td>${
      f.exposure ? exposureText(f.exposure) : "–"
    }</td></tr>`
  ).join("");
  const search = [o.object, o.title, ...o.designations, ...facets.telescope, ...facets.filter]
    .join(" ").toLowerCase();
  // The facet options are HTML text, where a control character reads as U+FFFD: so here too.
  const data = JSON.stringify(facets, (_k, v) => typeof v === "string" ? withoutControls(v) : v);
  return `<article class="card" data-facets="${escapeHtml(data)}" ` +
    `data-search="${escapeHtml(search)}" data-name="${escapeHtml(o.object)}" ` +
    `data-first="${o.first?.getTime() ?? 0}" data-last="${o.last?.getTime() ?? 0}" ` +
    `data-files="${o.entries.length}">
<a class="cover" href="${link}">${img}</a>
<h2><a href="${link}">${escapeHtml(o.title)}</a></h2>
${designationLine(o)}
<p class="telescopes">${o.telescopes.map(escapeHtml).join(", ")}</p>
<table class="filters"><thead><tr><th>Filter</th><th>Frames</th><th>Exposure</th></tr></thead>
<tbody>${rows}</tbody></table>
<p class="dates">${dayText(o.first)} – ${dayText(o.last)}</p>
</article>`;
}

function facetControl(facet: Facet, values: string[]): string {
  const options = values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`)
    .join("");
  return `<label>${facet}<select id="f-${facet}" data-facet="${facet}">` +
    `<option value="">all</option>${options}</select></label>`;
}

/** The index page's HTML. */
export function indexPage(
  objects: readonly ObjectGroup[],
  previews: ReadonlyMap<string, PreviewRecord>,
): string {
  const all = facetValues(objects.flatMap((o) => o.entries));
  const files = objects.reduce((n, o) => n + o.entries.length, 0);
  const controls = `<form id="controls" class="controls" hidden>
<label>search<input type="search" id="search" placeholder="name, telescope, filter"></label>
${FACETS.map((f) => facetControl(f, all[f])).join("\n")}
<label>sort<select id="sort"><option value="last">newest</option>
<option value="first">oldest first capture</option><option value="name">name</option>
<option value="files">most files</option></select></label>
<output id="shown">${objects.length} objects</output>
</form>`;
  const body = `<main>
<h1>Sky library</h1>
<p class="summary">${objects.length} objects, ${files} files</p>
${controls}
<div id="cards" class="cards">
${objects.map((o) => card(o, previews)).join("\n")}
</div>
</main>`;
  return page({ title: "Sky library", assets: GALLERY_FROM_ROOT, home: "", body });
}

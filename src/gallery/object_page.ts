/** An object's page: its missions newest first, each file a preview linking to the file. */
import { plural } from "../cli/format.ts";
import type { GalleryEntry } from "./entries.ts";
import { designationLine, escapeHtml, exposureText, href, page, utcText } from "./html.ts";
import type { MissionGroup, ObjectGroup } from "./model.ts";
import type { PreviewRecord } from "./preview_job.ts";

/** The library root seen from an object page (LIB/.slooh-dl/gallery/objects/). */
const ROOT = "../../../";
const PREVIEWS = "../previews/";

function image(p: PreviewRecord | undefined, alt: string): string {
  if (!p) return `<span class="missing">no preview</span>`;
  return `<img src="${href(PREVIEWS, p.thumb)}" width="${p.width}" height="${p.height}" ` +
    `alt="${escapeHtml(alt)}" loading="lazy">`;
}

function frame(e: GalleryEntry, previews: ReadonlyMap<string, PreviewRecord>): string {
  const p = previews.get(e.sha256);
  const kind = e.kind === "fits" ? "FITS" : "picture";
  // The viewer shows a FITS frame's large preview (a spectrum's plot, a tile when unreadable);
  // a picture is shown from the file itself.
  const view = p && (p.large ?? (e.kind === "fits" || p.error ? p.thumb : null));
  const large = view ? ` data-large="${href(PREVIEWS, view)}"` : "";
  const facts = [
    `<time datetime="${e.capturedAt?.toISOString() ?? ""}">${utcText(e.capturedAt)}</time>`,
    escapeHtml(e.telescope || "Unknown telescope"),
    escapeHtml(e.instrument || "Unknown instrument"),
    escapeHtml(e.filter),
    e.exposure === null ? "" : exposureText(e.exposure),
  ].filter(Boolean);
  return `<figure class="frame" data-kind="${kind}" data-filter="${escapeHtml(e.filter)}">
<a href="${href(ROOT, e.path)}"${large} data-kind="${kind}">${image(p, e.filename)}</a>
<figcaption><span class="kind">${kind}</span> ${facts.join(" · ")}
<span class="name">${escapeHtml(e.filename)}</span></figcaption>
</figure>`;
}

function colour(m: MissionGroup, previews: ReadonlyMap<string, PreviewRecord>): string {
  const p = m.colour && previews.get(m.colour.id);
  if (!m.colour || !p || p.error) return "";
  const names = m.colour.frames.map((f) => f.filter[0]).join("");
  return `<figure class="frame colour" data-kind="colour">
<a href="${href(PREVIEWS, p.large ?? p.thumb)}" data-large="${
    href(PREVIEWS, p.large ?? p.thumb)
  }">` +
    `${image(p, `colour preview (${names})`)}</a>
<figcaption>Colour preview of the ${names} frames (unregistered)</figcaption>
</figure>`;
}

function mission(m: MissionGroup, previews: ReadonlyMap<string, PreviewRecord>): string {
  const heading = m.id === 0 ? "Outside any mission" : `Mission ${m.id}`;
  return `<section class="mission" id="mission-${m.id}">
<h2>${heading} <small>${utcText(m.capturedAt)} · ${
    escapeHtml(m.telescope || "Unknown")
  }</small></h2>
<div class="frames">
${colour(m, previews)}${m.entries.map((e) => frame(e, previews)).join("\n")}
</div>
</section>`;
}

/** The HTML of one object's page. */
export function objectPage(o: ObjectGroup, previews: ReadonlyMap<string, PreviewRecord>): string {
  const body = `<main>
<h1>${escapeHtml(o.title)}</h1>
${designationLine(o)}
<p class="summary">${plural(o.entries.length, "file")} in ${
    plural(o.missions.length, "mission")
  }</p>
${o.missions.map((m) => mission(m, previews)).join("\n")}
</main>`;
  return page({ title: `${o.title} · Sky library`, assets: "../", home: ROOT, body });
}

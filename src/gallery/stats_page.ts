/** The statistics page: totals as inline SVG bar charts, and the run history. */
import { formatBytes, formatDuration } from "../cli/format.ts";
import type { GalleryEntry, RunEntry } from "./entries.ts";
import { escapeHtml, exposureText, page, utcText } from "./html.ts";
import { filterTotals, monthOf } from "./model.ts";

/** One bar: label and value, with the value's text. */
interface Bar {
  label: string;
  value: number;
  text: string;
}

/** Characters of a label that fit its 180-unit column at the charts' 12 px. */
const LABEL_CHARS = 26;

/** A horizontal bar chart as inline SVG (no script, no library), bars longest first. */
export function barChart(title: string, bars: readonly Bar[]): string {
  const row = 22;
  const width = 640;
  const labelW = 180;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = row * bars.length + 8;
  const rects = bars.map((b, i) => {
    const y = 4 + i * row;
    const w = Math.max(1, ((width - labelW - 90) * b.value) / max);
    // What fits the label column, in full on hover.
    const shown = b.label.length > LABEL_CHARS ? b.label.slice(0, LABEL_CHARS - 1) + "…" : b.label;
    return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end"><title>${
      escapeHtml(b.label)
    }</title>${escapeHtml(shown)}</text>` +
      `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 6}" rx="2"/>` +
      `<text x="${labelW + w + 6}" y="${y + 15}">${escapeHtml(b.text)}</text>`;
  }).join("");
  return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" ` +
    `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rects}</svg></figure>`;
}

function counts(entries: readonly GalleryEntry[], key: (e: GalleryEntry) => string): Bar[] {
  const m = new Map<string, number>();
  for (const e of entries) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
  return [...m].map(([label, value]) => ({ label, value, text: String(value) }));
}

/** Month bars in order, with the months between that have no image as zero: a timeline. */
function withEmptyMonths(bars: Bar[]): Bar[] {
  const byMonth = new Map(bars.map((b) => [b.label, b]));
  const dated = bars.map((b) => b.label).filter((l) => /^\d{4}-\d{2}$/.test(l)).sort();
  const out: Bar[] = [];
  if (dated.length) {
    let [y, m] = dated[0].split("-").map(Number);
    for (const last = dated.at(-1)!;; m === 12 ? (y++, m = 1) : m++) {
      const label = `${y}-${String(m).padStart(2, "0")}`;
      out.push(byMonth.get(label) ?? { label, value: 0, text: "0" });
      if (label === last) break;
    }
  }
  // Whatever has no month ("undated") comes last.
  return [...out, ...bars.filter((b) => !/^\d{4}-\d{2}$/.test(b.label))];
}

function runRow(r: RunEntry): string {
  return `<tr><td>${utcText(r.startedAt)}</td><td>${escapeHtml(r.command)}</td>` +
    `<td>${escapeHtml(r.status)}</td><td>${r.downloaded}</td><td>${formatBytes(r.bytes)}</td>` +
    `<td>${
      r.durationMs === null ? "–" : formatDuration(r.durationMs)
    }</td><td>${r.failed}</td></tr>`;
}

/** The HTML of the statistics page (inside LIB/.slooh-dl/gallery/). */
export function statsPage(entries: readonly GalleryEntry[], runs: readonly RunEntry[]): string {
  const byCount = (a: Bar, b: Bar) => b.value - a.value || a.label.localeCompare(b.label);
  const months = withEmptyMonths(counts(entries, (e) => monthOf(e.capturedAt)));
  const exposure = filterTotals(entries.filter((e) => e.exposure !== null))
    .map((f) => ({ label: f.filter, value: f.exposure, text: exposureText(f.exposure) }))
    .sort(byCount);
  const body = `<main>
<h1>Statistics</h1>
<p class="summary">${entries.length} files, ${
    formatBytes(entries.reduce((n, e) => n + e.size, 0))
  }</p>
<div class="charts">
${barChart("Images per month", months)}
${exposure.length ? barChart("Exposure per filter", exposure) : ""}
${barChart("Files per filter", counts(entries, (e) => e.filter).sort(byCount))}
${barChart("Files per telescope", counts(entries, (e) => e.telescope || "Unknown").sort(byCount))}
${
    barChart(
      "Files per object (top 25)",
      counts(entries, (e) => e.object).sort(byCount).slice(0, 25),
    )
  }
</div>
<h2>Runs</h2>
<div class="wide"><table class="runs"><thead><tr><th>Started</th><th>Command</th><th>Status</th><th>Files</th>
<th>Bytes</th><th>Duration</th><th>Failures</th></tr></thead>
<tbody>${runs.map(runRow).join("\n")}</tbody></table></div>
</main>`;
  return page({ title: "Sky library statistics", assets: "", home: "../../", body });
}

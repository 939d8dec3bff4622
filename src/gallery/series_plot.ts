/** A 1-D FITS (a spectrum) drawn as an SVG line plot, so its card is never a blank tile. */
import type { Encoded } from "./render.ts";

const W = 400;
const H = 240;
const PAD = 12;
/** Points drawn: one per output column is all a 400 px plot can show. */
const POINTS = W - 2 * PAD;

/** The plot of a series: min–max per column, so narrow lines still show. */
export function seriesSvg(values: Float32Array): Encoded {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) (lo = Number.isFinite(lo) ? lo - 1 : 0), (hi = lo + 2);
  const y = (v: number) => (H - PAD - ((v - lo) / (hi - lo)) * (H - 2 * PAD)).toFixed(1);
  const parts: string[] = [];
  const n = Math.min(POINTS, values.length);
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * values.length) / n);
    const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / n));
    let a = Infinity, b = -Infinity;
    for (let k = from; k < to; k++) {
      const v = values[k];
      if (!Number.isFinite(v)) continue;
      if (v < a) a = v;
      if (v > b) b = v;
    }
    if (a === Infinity) continue;
    const x = (PAD + (i * (W - 2 * PAD)) / Math.max(1, n - 1)).toFixed(1);
    parts.push(`${parts.length ? "L" : "M"}${x} ${y(b)}L${x} ${y(a)}`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" ` +
    `viewBox="0 0 ${W} ${H}"><rect width="${W}" height="${H}" fill="#10141c"/>` +
    `<path d="${parts.join("")}" fill="none" stroke="#7fc8ff" stroke-width="1.2"/></svg>\n`;
  return { type: "svg", bytes: new TextEncoder().encode(svg), width: W, height: H };
}

/** A tile for a file that has no preview (unreadable or not an image), saying why. */
export function placeholderSvg(reason: string): Encoded {
  const text = reason.replace(/[<>&"']/g, "").replace(/\p{Cc}/gu, " ").slice(0, 60);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" ` +
    `viewBox="0 0 ${W} ${H}"><rect width="${W}" height="${H}" fill="#2a2f3a"/>` +
    `<text x="${W / 2}" y="${H / 2}" fill="#aab" font-family="sans-serif" font-size="16" ` +
    `text-anchor="middle">no preview: ${text}</text></svg>\n`;
  return { type: "svg", bytes: new TextEncoder().encode(svg), width: W, height: H };
}

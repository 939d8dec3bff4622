/**
 * Gallery: previews per second and peak RSS of `slooh-dl gallery` on real-size inputs (2,184 ×
 * 1,472 RGB PNG pictures, 1,365 × 1,365 16-bit FITS frames), against ImageMagick's
 * `convert -thumbnail 400x` on the same PNGs two at a time; and the time to bring a 2,500-file
 * library's gallery up to date after 3 new images.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { State } from "../src/library/state.ts";
import type { Item } from "../src/slooh/types.ts";
import { TITLES } from "../tests/simulator/account.ts";
import { starFieldFits, starFieldPng } from "../tests/simulator/star_field.ts";
import { type BenchContext, discardDir, freshDir } from "./context.ts";
import { measure, run } from "./proc.ts";
import { median, mib, secs } from "./stats.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const CONVERT = "/usr/bin/convert";
const PICTURES = 24;
const FRAMES = 40;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The same picture made a distinct file: a tEXt chunk with `n` before IEND. */
function distinctPng(png: Uint8Array, n: number): Uint8Array {
  const body = new TextEncoder().encode(`tEXtComment\0copy ${n}`);
  const chunk = new Uint8Array(12 + body.length - 4);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, body.length - 4);
  chunk.set(body, 4);
  view.setUint32(chunk.length - 4, crc32(body));
  const iend = png.length - 12;
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, iend));
  out.set(chunk, iend);
  out.set(png.subarray(iend), iend + chunk.length);
  return out;
}

/** The same frame made a distinct file: a header card's text changed. */
function distinctFits(fits: Uint8Array, n: number): Uint8Array {
  const out = fits.slice();
  const text = new TextDecoder("latin1").decode(out.subarray(0, 5760));
  const at = text.indexOf("calibration step 0");
  out.set(new TextEncoder().encode(`copy ${String(n).padStart(13, "0")}`), at);
  return out;
}

/** Builds a library of `files`, runs the gallery on it: previews per second and CPU ms each. */
async function galleryOf(
  lib: string,
  files: { name: string; bytes: Uint8Array }[],
  peaks: number[],
): Promise<{ rate: number; cpuMs: number }> {
  makeLibrary(lib, files);
  const r = await runGallery(lib);
  peaks.push(r.peakRssKiB!);
  return { rate: files.length / (r.wallMs / 1000), cpuMs: r.cpuMs / files.length };
}

/** A library of `files` recorded in a fresh state, as a download leaves it. */
function makeLibrary(lib: string, files: { name: string; bytes: Uint8Array }[], from = 0) {
  const state = State.open(lib);
  try {
    state.transaction(() => {
      files.forEach((f, i) => {
        const n = from + i;
        const t = TITLES[n % TITLES.length];
        const kind = f.name.endsWith(".fits") ? "fits" : "picture";
        const item: Item = {
          key: `${kind[0]}${n}`,
          kind,
          imageId: n,
          customerImageId: null,
          missionId: 1000 + Math.floor(n / 4),
          title: t.title,
          telescope: ["Canary Two", "Chile One", "Canary Four"][n % 3],
          instrument: "High-Mag Camera",
          capturedAt: new Date(Date.UTC(2025, n % 12, 1 + (n % 28), 22)),
          url: `https://polaris.slooh.com/${f.name}`,
          filename: f.name,
        };
        const path = `${t.objcode}/${f.name}`;
        Deno.mkdirSync(join(lib, t.objcode), { recursive: true });
        Deno.writeFileSync(join(lib, path), f.bytes);
        state.recordSeen(item, null);
        state.assignPath(item.key, path);
        state.markDone(
          item.key,
          f.bytes.length,
          createHash("sha256").update(f.bytes).digest("hex"),
        );
      });
    });
  } finally {
    state.close();
  }
}

async function runGallery(lib: string) {
  const r = await measure(Deno.execPath(), ["run", "--allow-all", MAIN, "gallery", "-d", lib], {
    peakRss: true,
  });
  if (r.code !== 0) throw new Error(`slooh-dl gallery failed: ${r.stderr}`);
  return r;
}

/** ImageMagick on `paths`, `parallel` at a time; wall time of the whole set. */
async function imagemagick(paths: string[], out: string, parallel: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < paths.length) {
      const i = next++;
      await run(CONVERT, [paths[i], "-thumbnail", "400x", join(out, `${i}.jpg`)]);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return performance.now() - started;
}

async function ensureImageMagick(ctx: BenchContext): Promise<void> {
  try {
    await Deno.stat(CONVERT);
  } catch {
    ctx.log("gallery: installing imagemagick (apt-get)");
    await run("apt-get", ["install", "-y", "imagemagick"], {
      env: { DEBIAN_FRONTEND: "noninteractive" },
    });
  }
}

/** The gallery scenario. */
export async function gallery(ctx: BenchContext): Promise<void> {
  await ensureImageMagick(ctx);
  ctx.log("gallery: making real-size star fields");
  const png = starFieldPng({ width: 2184, height: 1472, seed: 1 });
  const fits = starFieldFits({ width: 1365, height: 1365, seed: 2 });
  const rounds = Math.min(ctx.rounds, 3);
  const pngRates: number[] = [], imRates: number[] = [], fitsRates: number[] = [];
  // CPU ms per preview (all threads, process start included): robust to other load.
  const pngCpu: number[] = [], fitsCpu: number[] = [];
  const peaks: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const dir = await freshDir(ctx, "gallery");
    const pics = Array.from({ length: PICTURES }, (_, i) => ({
      name: `m42_20250901_220000_${i}_abcdef_rgb.png`,
      bytes: distinctPng(png, round * 1000 + i),
    }));
    const picLib = join(dir, "pictures");
    const ours = await galleryOf(picLib, pics, peaks);
    pngRates.push(ours.rate);
    pngCpu.push(ours.cpuMs);
    const thumbs = join(dir, "im");
    await Deno.mkdir(thumbs);
    const paths = pics.map((p, i) => join(picLib, TITLES[i % TITLES.length].objcode, p.name));
    imRates.push(PICTURES / (await imagemagick(paths, thumbs, 2) / 1000));
    const frames = Array.from({ length: FRAMES }, (_, i) => ({
      name: `m42_20250901_220000_${i}_abcdef_l.fits`,
      bytes: distinctFits(fits, round * 1000 + i),
    }));
    const f = await galleryOf(join(dir, "fits"), frames, peaks);
    fitsRates.push(f.rate);
    fitsCpu.push(f.cpuMs);
    ctx.log(
      `  round ${round + 1}: PNG ${pngRates.at(-1)!.toFixed(1)}/s (ImageMagick ` +
        `${imRates.at(-1)!.toFixed(1)}/s), FITS ${fitsRates.at(-1)!.toFixed(1)}/s; CPU per ` +
        `preview PNG ${pngCpu.at(-1)!.toFixed(0)} ms, FITS ${fitsCpu.at(-1)!.toFixed(0)} ms`,
    );
    await discardDir(ctx, dir);
  }
  const ratio = median(pngRates) / median(imRates);
  // Other work on the machine slows both sides of the ratio alike, not the absolute rates.
  const load = (await Deno.readTextFile("/proc/loadavg").catch(() => "? ")).split(" ")[0];
  ctx.figure(
    `gallery: ${PICTURES} PNG pictures 2184x1472, median of ${rounds}: ` +
      `${median(pngRates).toFixed(1)} previews/s against ImageMagick's ` +
      `${median(imRates).toFixed(1)}/s two at a time, ratio ${ratio.toFixed(2)} (target >= 1.2); ` +
      `CPU ${median(pngCpu).toFixed(0)} ms a preview; load average ${load}`,
  );
  ctx.figure(
    `gallery: ${FRAMES} FITS frames 1365x1365 16-bit: ${median(fitsRates).toFixed(1)} previews/s ` +
      `(target >= 20), ${(median(fitsRates) / median(imRates)).toFixed(2)} x ImageMagick's PNG ` +
      `rate; CPU ${median(fitsCpu).toFixed(0)} ms a preview; peak RSS ${
        mib(Math.max(...peaks))
      } (target < 400 MiB)`,
  );
  await incremental(ctx, png);
}

/** 2,500 files with previews, then 3 new real-size pictures: time of the refresh. */
async function incremental(ctx: BenchContext, png: Uint8Array): Promise<void> {
  ctx.log("gallery: a 2,500-file library");
  const dir = await freshDir(ctx, "gallery-big");
  const lib = join(dir, "lib");
  const small = starFieldPng({ width: 240, height: 160, seed: 5 });
  const smallFits = starFieldFits({ width: 128, height: 128, seed: 6 });
  const files = Array.from(
    { length: 2497 },
    (_, i) =>
      i % 3 === 2
        ? { name: `obj_2025_${i}_l.fits`, bytes: distinctFits(smallFits, i) }
        : { name: `obj_2025_${i}_rgb.png`, bytes: distinctPng(small, i) },
  );
  makeLibrary(lib, files);
  const first = await runGallery(lib);
  const fresh = [0, 1, 2].map((i) => ({
    name: `new_2026_${i}_rgb.png`,
    bytes: distinctPng(png, 90_000 + i),
  }));
  makeLibrary(lib, fresh, files.length);
  const update = await runGallery(lib);
  const again = await runGallery(lib);
  ctx.figure(
    `gallery: 2,500-file library: first gallery ${secs(first.wallMs)}, after 3 new pictures ` +
      `${secs(update.wallMs)} (target < 3 s), with nothing new ${secs(again.wallMs)}; ` +
      `peak RSS ${mib(Math.max(first.peakRssKiB!, update.peakRssKiB!))}`,
  );
  await discardDir(ctx, dir);
}

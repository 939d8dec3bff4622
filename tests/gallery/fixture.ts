/**
 * A gallery test library: downloaded from the simulator (hostile titles included), then each
 * file's random body replaced by a realistic one (star-field PNG pictures, 16-bit FITS frames,
 * a spectrum and an R, G, B, L set) with its state record updated, as a real download leaves it.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { State } from "../../src/library/state.ts";
import { runCli, simEnv, tempDir } from "../helpers.ts";
import { generateAccount, Simulator } from "../simulator/mod.ts";
import {
  RGBL,
  spectrumFits,
  starFieldFilterFits,
  starFieldFits,
  starFieldPng,
} from "../simulator/star_field.ts";

/** Titles that must render as text and link right: markup, quotes, dots, controls, #, %, ?. */
export const HOSTILE_TITLES = [
  `<img src=x onerror="alert(1)"> & "Quoted" 'Nebula'`,
  "../../etc/passwd",
  "x\u0007y\u001bz Cluster",
  "Café #5 100% ?Galaxy",
  // One word far wider than a phone, as a coordinate title without spaces would be.
  "Celestial_Coordinates_RA_23.1289_Dec_-42.3333_as_one_unbroken_word_wider_than_any_screen",
];

/** A library on disk with realistic bodies; `dispose` removes it. */
export interface GalleryLibrary {
  lib: string;
  dir: string;
  /** Keys of the R, G, B, L frames written as a colour set. */
  colourSet: string[];
  /** Key of the 1-D FITS. */
  spectrum: string;
  dispose(): Promise<void>;
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A file to record in a library without downloading it. */
export interface LibraryFile {
  key: string;
  path: string;
  bytes: Uint8Array;
  title?: string;
  missionId?: number;
  telescope?: string;
  capturedAt?: Date;
}

/**
 * Writes `files` into `lib` and records them in its state as a verified download does (see,
 * assign the path, mark done with size and hash), in process and fast.
 */
export function recordFiles(lib: string, files: readonly LibraryFile[]): void {
  const state = State.open(lib);
  try {
    state.transaction(() => {
      for (const f of files) {
        const filename = f.path.split("/").at(-1)!;
        state.recordSeen({
          key: f.key,
          kind: /\.fits?$/i.test(filename) ? "fits" : "picture",
          imageId: null,
          customerImageId: null,
          missionId: f.missionId ?? 1,
          title: f.title ?? "Orion Nebula (M42)",
          telescope: f.telescope ?? "Canary Two",
          instrument: "High-Mag Camera",
          capturedAt: f.capturedAt ?? new Date("2025-09-05T21:30:00Z"),
          url: `https://polaris.slooh.com/${encodeURIComponent(filename)}`,
          filename,
        }, null);
        state.assignPath(f.key, f.path);
        Deno.mkdirSync(join(lib, f.path, ".."), { recursive: true });
        Deno.writeFileSync(join(lib, f.path), f.bytes);
        state.markDone(f.key, f.bytes.length, sha256(f.bytes));
      }
    });
  } finally {
    state.close();
  }
}

/** Downloads a small simulated account and gives its files realistic bodies. */
export async function galleryLibrary(pictures = 12): Promise<GalleryLibrary> {
  const sim = await Simulator.start({
    account: (imageBase) => {
      const a = generateAccount({ imageBase, pictures, fitsPerMission: [2, 4], seed: 13 });
      a.pictures.slice(0, HOSTILE_TITLES.length).forEach((p, i) => (p.title = HOSTILE_TITLES[i]));
      return a;
    },
  });
  const dir = await tempDir("slooh-dl-gallery-");
  const lib = join(dir, "lib");
  try {
    const r = await runCli(["download", "-d", lib, "--json"], simEnv(sim));
    if (r.code !== 0) throw new Error(`download failed (${r.code}): ${r.stderr}`);
  } finally {
    await sim.close();
  }
  const state = State.open(lib);
  const colourSet: string[] = [];
  let spectrum = "";
  try {
    const done = state.byStatus("done");
    const byMission = Map.groupBy(done.filter((d) => d.kind === "fits"), (d) => d.missionId);
    const rgbMission = [...byMission.values()].find((f) => f.length >= 4) ??
      [...byMission.values()][0];
    let n = 0;
    for (const item of done) {
      const seed = 100 + n++;
      let bytes: Uint8Array;
      const setIndex = rgbMission.slice(0, 4).indexOf(item);
      if (item.kind === "picture") bytes = starFieldPng({ width: 240, height: 160, seed });
      else if (setIndex >= 0 && setIndex < RGBL.length) {
        bytes = starFieldFilterFits({ width: 160, height: 120, seed: 7 }, RGBL[setIndex]);
        colourSet.push(item.key);
      } else if (!spectrum) {
        bytes = spectrumFits(800, seed);
        spectrum = item.key;
      } else bytes = starFieldFits({ width: 160, height: 160, seed });
      const path = join(lib, item.path!);
      const mtime = (await Deno.stat(path)).mtime!;
      await Deno.writeFile(path, bytes);
      await Deno.utime(path, mtime, mtime);
      state.markDone(item.key, bytes.length, sha256(bytes));
    }
  } finally {
    state.close();
  }
  return {
    lib,
    dir,
    colourSet,
    spectrum,
    dispose: () => Deno.remove(dir, { recursive: true }),
  };
}

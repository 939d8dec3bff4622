/**
 * Shapes of real Slooh data the simulator imitates, from public records (public data; no
 * credentials or personal data beyond what those records publish):
 * - FITS headers: nrat001/SloohParsing `src/fits_summary.csv` (see tests/fixtures/README.md).
 * - Titles, names, URLs and sizes: labstercam/SloohDownloader `download_tracker.json`.
 */

/** The `OBSERVER` card of a telescope and camera (real headers put the telescope there). */
export interface RealCamera {
  /** URL site and telescope number, as in `polaris.slooh.com/{site}/{no}/…`. */
  site: string;
  no: number;
  /** URL camera segment; Canary Two's `highmag` frames come from its "Wide-Field" camera. */
  seg: string;
  observer: string;
  /** `FILTER` spelling by name letter, as this camera writes it. */
  filters: Readonly<Record<string, string>>;
}

const RGB = { r: "Red", g: "Green", b: "Blue" };

/** Cameras whose header spellings the records show. */
export const REAL_CAMERAS: readonly RealCamera[] = [
  {
    site: "teide",
    no: 1,
    seg: "highmag",
    observer: "Slooh.com Canary One Half Meter Telescope",
    filters: { l: "Luminance", ...RGB },
  },
  {
    site: "teide",
    no: 2,
    seg: "widefield",
    observer: "Slooh.com Canary Two Ultra-Wide-Field Telescope",
    filters: { l: "Clear", ...RGB },
  },
  {
    site: "teide",
    no: 2,
    seg: "highmag",
    observer: "Slooh.com Canary Two Wide-Field Telescope",
    filters: { l: "Luminance", ...RGB, e: "B-Band", v: "V-Band", d: "R-Band" },
  },
  {
    site: "chile",
    no: 2,
    seg: "highmag",
    observer: "Slooh.com Chile Two Wide-Field Telescope",
    filters: { l: "Luminance", ...RGB, v: "V-Band", d: "Rc-Band", i: "Ic-Band" },
  },
  {
    site: "aus",
    no: 1,
    seg: "highmag",
    observer: "Slooh.com Australia One Half Meter Telescope",
    filters: { l: "Luminance", ...RGB, e: "BBand", v: "VBand", d: "RBand" },
  },
];

/** `EXPTIME` by name letter, seconds, as the records show (others: a plausible 60 s). */
export const REAL_EXPTIME: Readonly<Record<string, number>> = {
  l: 50,
  r: 20,
  g: 20,
  b: 20,
  e: 45,
  v: 45,
  d: 45,
  i: 45,
};

/** The name's time minus `DATE-OBS`, seconds, as the records show it. */
export const REAL_NAME_LAG = { min: 23, max: 67 } as const;

/** Real FITS sizes in bytes: whole 2,880-byte blocks (highmag, Canary Two wide-field, colour). */
export const REAL_FITS_SIZES = [3_732_480, 720_000, 17_547_840] as const;

/** Real titles of one account (SloohDownloader logs) and of Slooh's slot lists, one per shape. */
export const REAL_TITLES: readonly string[] = [
  "Caldwell 92",
  "Caldwell 92 (NGC 3372)",
  "Eta Carinae Nebula (NGC 3372)",
  "Caldwell 80 (NGC 5139)",
  "Caldwell 109 (NGC 3195)",
  "Messier 103",
  "Open Cluster M103 (NGC 581)",
  "Open Cluster M35",
  "Open Cluster M35 (NGC 2168)",
  "Andromeda Galaxy (M31)",
  "Andromeda Galaxy (NGC 224)",
  "Caldwell 105 (NGC 4833)",
  "Dunlop 400 (NGC 6167)",
  "Bennett 20 (NGC 1404)",
  "Bennett 47 ",
  "Rigil Kentaurus (Alpha Centauri)",
  "Zavijava (Beta Virginis)",
  "Veil Nebula (East) (NGC 6992)",
  "Thor's Helmet (NGC 2359)",
  "Hubble's Variable Nebula (NGC 2261)",
  "Horsehead Nebula (Barnard 33)",
  "Orion Nebula (M42)",
  "Messier 43 ",
  "Butterfly Galaxies (NGC 4568/4567)",
  "Comet C/2025 R2 (SWAN)",
  "Celestial Coordinates - RA: 23.1289  Dec: -42.3333 (C2024 E1 Wierzchos)",
  "Saturn",
  "Full Moon",
];

/** Real file names: pictures (polaris2, `?rand=`) and FITS (polaris, `_cal.fit`). */
export const REAL_NAMES: readonly string[] = [
  "ngc4833_20251226_080232_0_yx0ouv_lrgb.png",
  "ngc1232_20260105_021932_0_3xjgce_l.png",
  "ngc7023_20260111_210214_0_s0fh6y_m.png",
  "alphacentauri_20260102_065857_0_sfwgj3_r.png",
  "ngc5823_20260107_173557_0_2gzeni_r_cal.fit",
  "ngc253_20260110_200627_0_qmzlo2_g_cal.fit",
  "ngc6992_20260111_200304_1_monpjm_m_cal.fit",
  "183013m211406_20250718_024611_0_hnvstn_l_cal.fit",
  "220925p554530_20250915_032541_0_z93qnl_e_cal.fit",
];

/** The objects and telescopes simulated accounts are drawn from, as seen in real data. */

/** Every title shape of lessons.md, spacing kept verbatim, with the URL object code. */
export const TITLES: readonly { title: string; objcode: string }[] = [
  { title: "Orion Nebula (M42)", objcode: "m42" },
  { title: "Flaming Star Nebula (IC 405)", objcode: "ic405" },
  { title: "Horsehead Nebula (Barnard 33)", objcode: "barnard33" },
  { title: "Dark Doodad Nebula (DCLD 301.0-08.6)", objcode: "dcld301.0-08.6" },
  { title: "Antares (Alpha Scorpii)", objcode: "alphascorpii" },
  { title: "Sun (Sol)", objcode: "sun" },
  { title: "Caldwell 109 (NGC 3195)", objcode: "ngc3195" },
  { title: "Bennett 96 (NGC 6388)", objcode: "ngc6388" },
  { title: "Leo Triplet (M66 Group)", objcode: "m66" },
  { title: "Veil Nebula (East) (NGC 6992)", objcode: "ngc6992" },
  { title: "Butterfly Galaxies (NGC 4568/4567)", objcode: "ngc4568" },
  { title: "Comet C/2025 R2 (SWAN)", objcode: "c2025r2" },
  { title: "Elliptical Galaxy M60", objcode: "m60" },
  { title: "Globular Star Cluster M80", objcode: "m80" },
  { title: "Open Cluster NGC 5281", objcode: "ngc5281" },
  { title: "LMC Cluster NGC 1962", objcode: "ngc1962" },
  { title: "Quasar 3C273", objcode: "3c273" },
  { title: "Bode's Galaxy M81", objcode: "m81" },
  { title: "Messier 43 ", objcode: "messier43" },
  { title: "Caldwell 79 ", objcode: "caldwell79" },
  { title: "NGC 2925 ", objcode: "ngc2925" },
  { title: "IC 1788 ", objcode: "ic1788" },
  { title: "Bennett 47 ", objcode: "bennett47" },
  { title: "Saturn", objcode: "saturn" },
  { title: "Jupiter", objcode: "jupiter" },
  { title: "Full Moon", objcode: "moon" },
  { title: "LMC N49", objcode: "lmcn49" },
  {
    title: "Celestial Coordinates - RA: 23.1289  Dec: -42.3333 (C2024 E1 Wierzchos)",
    objcode: "230744m422000",
  },
];

export interface Camera {
  seg: string;
  name: string;
}

export interface Telescope {
  name: string;
  site: string;
  no: number;
  cameras: Camera[];
}

const HIGHMAG: Camera = { seg: "highmag", name: "High-Mag Camera" };
const WIDEFIELD: Camera = { seg: "widefield", name: "Wide Field Camera" };

/** The telescopes seen in SD's real logs, with their URL site and camera segments. */
export const TELESCOPES: readonly Telescope[] = [
  { name: "Canary Two", site: "teide", no: 2, cameras: [HIGHMAG, WIDEFIELD] },
  { name: "Canary Three", site: "teide", no: 3, cameras: [HIGHMAG] },
  {
    name: "Canary Four",
    site: "teide",
    no: 4,
    cameras: [HIGHMAG, { seg: "spectroscope", name: "Spectroscope" }],
  },
  { name: "Canary Five", site: "teide", no: 5, cameras: [WIDEFIELD] },
  { name: "Chile One", site: "chile", no: 1, cameras: [HIGHMAG] },
  { name: "Chile Two", site: "chile", no: 2, cameras: [WIDEFIELD] },
  { name: "Australia One", site: "aus", no: 1, cameras: [WIDEFIELD] },
];

/** Picture filter sets by number of pictures in a mission. */
export const PICTURE_FILTERS: readonly string[][][] = [
  [],
  [["m"], ["lrgb"], ["h"], ["l"], ["rgb"], ["d"]],
  [["l", "lrgb"], ["m", "h"], ["rgb", "lrgb"], ["e", "v"]],
  [["l", "rgb", "lrgb"], ["r", "b", "i"], ["m", "h", "lrgb"]],
  [["l", "r", "rgb", "lrgb"], ["m", "h", "b", "lrgb"]],
];

/** FITS filters, in the order a mission's frames use them. */
export const FITS_POOL = ["l", "r", "g", "b", "h", "m", "o", "s"];

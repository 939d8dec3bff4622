/**
 * Renders one preview from a file's bytes: a picture's thumbnail, a stretched FITS frame (with a
 * larger copy for the viewer), a plot of a 1-D series, or a colour composite of R, G, B (and L)
 * frames. Pure: bytes in, encoded previews out.
 */
import jpeg from "jpeg-js";
import { fitsFacts, type HeaderFilter } from "../fits/facts.ts";
import { decodePng } from "./png_decode.ts";
import { type FitsData, type Plane, readFitsData } from "./fits_image.ts";
import { type Raster, shrinkPlane, shrinkRaster } from "./resize.ts";
import { applyStretch, autoStretch } from "./stretch.ts";
import { seriesSvg } from "./series_plot.ts";
import { encodeJpegBytes } from "./jpeg_encode.ts";

/** Long side of a card's thumbnail. */
export const THUMB_SIZE = 400;
/**
 * Most pixels on the long side of the viewer's copy of a FITS frame (pictures are shown from the
 * file itself). The copy is the frame binned by a whole factor: a real 1,365 px frame gives
 * 683 px, binned 2 × 2 in the same pass that decodes it, which halves the work of a preview.
 */
export const LARGE_SIZE = 1024;
const QUALITY = 85;

/** An encoded preview image. */
export interface Encoded {
  type: "jpg" | "svg";
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** What a FITS header says that a card shows (read by fitsFacts, the library's one reader). */
export interface FrameFacts {
  filter: HeaderFilter | null;
  exposure: number | null;
  /** Pixels of the frame itself (not of its previews). */
  width: number;
  height: number;
}

/** The previews of one file. */
export interface Rendered {
  thumb: Encoded;
  large: Encoded | null;
  facts: FrameFacts;
}

/** Encodes an 8-bit raster (grey or RGB) as a baseline JPEG. */
export function encodeJpeg(r: Raster): Encoded {
  if (r.channels !== 1 && r.channels !== 3) throw new Error("JPEG needs a grey or RGB raster");
  const bytes = encodeJpegBytes(r.data, r.width, r.height, r.channels, QUALITY);
  return { type: "jpg", bytes, width: r.width, height: r.height };
}

/** Decodes a PNG or JPEG picture to an 8-bit raster (16-bit PNGs are rescaled). */
export function decodePicture(bytes: Uint8Array): Raster {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return decodePng(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxMemoryUsageInMB: 512,
    });
    return { width: img.width, height: img.height, channels: 4, data: img.data };
  }
  throw new Error("not a PNG or JPEG picture");
}

/** The thumbnail of a processed picture. */
export function renderPicture(bytes: Uint8Array): Rendered {
  const r = decodePicture(bytes);
  return {
    thumb: encodeJpeg(shrinkRaster(r, THUMB_SIZE)),
    large: null,
    facts: { filter: null, exposure: null, width: r.width, height: r.height },
  };
}

function headerFacts(d: FitsData, width: number, height: number): FrameFacts {
  const f = fitsFacts(d.cards);
  return {
    filter: f.filter,
    exposure: f.exposureSeconds,
    width: f.imageSize?.width ?? width,
    height: f.imageSize?.height ?? height,
  };
}

/** Grey raster of a plane stretched with statistics of the plane itself. */
function stretched(p: Plane): Raster {
  return {
    width: p.width,
    height: p.height,
    channels: 1,
    data: applyStretch(p.data, autoStretch(p.data)),
  };
}

/** The previews of a FITS file: stretched frame (thumb and large) or a plot of its series. */
export function renderFits(bytes: Uint8Array): Rendered {
  const d = readFitsData(bytes, LARGE_SIZE);
  if (d.kind === "series") {
    const svg = seriesSvg(d.values);
    return { thumb: svg, large: null, facts: headerFacts(d, d.values.length, 1) };
  }
  // The stretch is computed on the thumbnail (the "downsampled copy"), and the large copy
  // uses the same one so both look alike.
  const large = d.plane;
  const thumb = shrinkPlane(large, THUMB_SIZE);
  const s = autoStretch(thumb.data);
  const grey = (p: Plane): Raster => ({
    width: p.width,
    height: p.height,
    channels: 1,
    data: applyStretch(p.data, s),
  });
  return {
    thumb: encodeJpeg(grey(thumb)),
    large: encodeJpeg(grey(large)),
    facts: headerFacts(d, d.plane.width, d.plane.height),
  };
}

/** The frames of a colour set: one FITS file each (luminance optional). */
export interface ColourFrames {
  r: Uint8Array;
  g: Uint8Array;
  b: Uint8Array;
  l?: Uint8Array;
}

function framePlane(bytes: Uint8Array): Plane {
  const d = readFitsData(bytes, LARGE_SIZE);
  if (d.kind !== "image") throw new Error("a colour frame holds no image");
  return d.plane;
}

/**
 * A colour composite: each channel stretched on its own (so the background comes out neutral),
 * and, with a luminance frame, its stretched brightness with the colour of the RGB.
 */
export function renderColour(frames: ColourFrames): Rendered {
  const planes = [frames.r, frames.g, frames.b].map(framePlane);
  const { width, height } = planes[0];
  if (planes.some((p) => p.width !== width || p.height !== height)) {
    throw new Error("colour frames differ in size");
  }
  const channels = planes.map((p) => stretched(p).data);
  const lum = frames.l ? framePlane(frames.l) : null;
  const l = lum && lum.width === width && lum.height === height ? stretched(lum).data : null;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    let r = channels[0][i], g = channels[1][i], b = channels[2][i];
    if (l) {
      const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      const k = y > 0 ? l[i] / y : 0;
      r = Math.min(255, r * k), g = Math.min(255, g * k), b = Math.min(255, b * k);
      if (y === 0) r = g = b = l[i];
    }
    rgb[i * 3] = r;
    rgb[i * 3 + 1] = g;
    rgb[i * 3 + 2] = b;
  }
  const large: Raster = { width, height, channels: 3, data: rgb };
  return {
    thumb: encodeJpeg(shrinkRaster(large, THUMB_SIZE)),
    large: encodeJpeg(large),
    facts: { filter: null, exposure: null, width, height },
  };
}

/**
 * One preview to render, and what rendering it left in the cache: the contract between the
 * refresh and the workers.
 */
import { join } from "node:path";
import {
  type Encoded,
  type FrameFacts,
  renderColour,
  type Rendered,
  renderFits,
  renderPicture,
} from "./render.ts";
import { placeholderSvg } from "./series_plot.ts";

/** A file's previews, or a colour set's (R, G, B and optional L frames, in that order). */
export interface PreviewJob {
  /** Cache key: the file's sha256, or a hash of a colour set's frame hashes. */
  id: string;
  kind: "picture" | "fits" | "colour";
  /** Absolute paths of the source files. */
  files: string[];
  /** Cache folder the previews are written to. */
  dir: string;
}

/** What the cache holds for one id. */
export interface PreviewRecord {
  /** File names inside the cache folder. */
  thumb: string;
  large: string | null;
  width: number;
  height: number;
  facts: FrameFacts | null;
  /** Why the file has no real preview (unreadable, not an image), or null. */
  error: string | null;
}

async function write(dir: string, name: string, e: Encoded): Promise<string> {
  // Written beside and renamed, so a killed run never leaves a half preview under its final name.
  const tmp = join(dir, `.${name}.tmp`);
  try {
    await Deno.writeFile(tmp, e.bytes);
    await Deno.rename(tmp, join(dir, name));
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
  return name;
}

/**
 * Renders a job's previews into its cache folder; a bad file gets a tile saying why. A failed
 * write (a full or read-only disk) is no fault of the file: it is thrown.
 */
export async function runPreviewJob(job: PreviewJob): Promise<PreviewRecord> {
  let r: Rendered;
  try {
    const bytes = await Promise.all(job.files.map((f) => Deno.readFile(f)));
    r = job.kind === "picture"
      ? renderPicture(bytes[0])
      : job.kind === "fits"
      ? renderFits(bytes[0])
      : renderColour({ r: bytes[0], g: bytes[1], b: bytes[2], l: bytes[3] });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const tile = placeholderSvg(reason);
    return {
      thumb: await write(job.dir, `${job.id}.svg`, tile),
      large: null,
      width: tile.width,
      height: tile.height,
      facts: null,
      error: reason,
    };
  }
  return {
    thumb: await write(job.dir, `${job.id}.${r.thumb.type}`, r.thumb),
    large: r.large ? await write(job.dir, `${job.id}-large.${r.large.type}`, r.large) : null,
    width: r.thumb.width,
    height: r.thumb.height,
    facts: r.facts,
    error: null,
  };
}

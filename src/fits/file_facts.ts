/**
 * The FITS facts of a file already on disk, read from its leading blocks only: how a library
 * downloaded before gets them without the network.
 */
import { type FitsFacts } from "./facts.ts";
import { FITS_BLOCK } from "./header.ts";
import { FitsHeaderCollector, MAX_HEADER_BLOCKS } from "./header_stream.ts";

/** The facts of the FITS file at `path`, or null when it is not FITS or its header never ends. */
export async function readFitsFacts(
  path: string,
  maxBlocks = MAX_HEADER_BLOCKS,
): Promise<FitsFacts | null> {
  using file = await Deno.open(path, { read: true });
  const collector = new FitsHeaderCollector(maxBlocks);
  const block = new Uint8Array(FITS_BLOCK);
  for (let i = 0; i < maxBlocks; i++) {
    const n = await file.read(block);
    if (n === null) break;
    const progress = collector.push(block.subarray(0, n));
    if (progress.state === "done") return progress.facts;
    if (progress.state === "none") return null;
  }
  return null;
}

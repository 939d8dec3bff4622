/// <reference lib="deno.worker" />
/** A hash worker: hashes each file it is sent, posting bytes read now and then, then the digest. */
import { createHash } from "node:crypto";
import { hashInto } from "./file_hash.ts";
import type { HashJob, HashPosted } from "./hash_pool.ts";

/** Bytes between two progress messages: often enough for a smooth bar, rare enough to be free. */
const REPORT_EVERY = 8 << 20;

self.onmessage = async (e: MessageEvent<HashJob>) => {
  const { index, path } = e.data;
  const hash = createHash("sha256");
  let unreported = 0;
  try {
    for await (const n of hashInto(path, hash)) {
      unreported += n;
      if (unreported >= REPORT_EVERY) {
        self.postMessage({ index, n: unreported } satisfies HashPosted);
        unreported = 0;
      }
    }
  } catch (err) {
    // Posted, not thrown: an uncaught error in a worker prints its stack trace.
    self.postMessage({ index, n: unreported, error: String(err) } satisfies HashPosted);
    return;
  }
  self.postMessage({ index, n: unreported, digest: hash.digest("hex") } satisfies HashPosted);
};

/// <reference lib="deno.worker" />
/**
 * A preview worker: renders the jobs it is sent, one at a time, and posts each record back, or
 * the error that stopped it (a full disk), which the pool throws where the refresh can report it.
 */
import { type PreviewJob, runPreviewJob } from "./preview_job.ts";

self.onmessage = async (e: MessageEvent<PreviewJob>) => {
  try {
    self.postMessage({ id: e.data.id, record: await runPreviewJob(e.data) });
  } catch (err) {
    self.postMessage({ id: e.data.id, error: err instanceof Error ? err.message : String(err) });
  }
};

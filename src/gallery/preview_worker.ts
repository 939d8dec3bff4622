/// <reference lib="deno.worker" />
/** A preview worker: renders the jobs it is sent, one at a time, and posts each record back. */
import { type PreviewJob, runPreviewJob } from "./preview_job.ts";

self.onmessage = async (e: MessageEvent<PreviewJob>) => {
  self.postMessage({ id: e.data.id, record: await runPreviewJob(e.data) });
};

/** Renders preview jobs on a pool of workers, one per core, yielding each record as it lands. */
import { fileURLToPath } from "node:url";
import type { PreviewJob, PreviewRecord } from "./preview_job.ts";

const WORKER = new URL("./preview_worker.ts", import.meta.url);

/** A rendered job. */
export interface PreviewDone {
  job: PreviewJob;
  record: PreviewRecord;
}

/** Workers to start for `jobs` jobs: one per core, never more than there is work. */
export function poolSize(jobs: number, cores = navigator.hardwareConcurrency || 1): number {
  return Math.max(1, Math.min(jobs, cores));
}

/**
 * Whether workers can start: a worker loads its module as a new graph, which needs read
 * permission for the code's folder, and the README's restricted lines grant read of the
 * library only. Without it the previews render on the main thread.
 */
export function workersAllowed(url: URL = WORKER): boolean {
  if (url.protocol !== "file:") return true;
  return Deno.permissions.querySync({ name: "read", path: fileURLToPath(url) }).state === "granted";
}

/** Runs every job and yields the records in completion order; workers end with the generator. */
export async function* renderOnPool(
  jobs: readonly PreviewJob[],
  size = poolSize(jobs.length),
): AsyncGenerator<PreviewDone> {
  if (jobs.length === 0) return;
  if (!workersAllowed()) {
    // Only here does the main thread need the renderer; with workers, each loads its own.
    const { runPreviewJob } = await import("./preview_job.ts");
    for (const job of jobs) yield { job, record: await runPreviewJob(job) };
    return;
  }
  const workers = Array.from({ length: size }, () => new Worker(WORKER, { type: "module" }));
  const done: PreviewDone[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let next = 0;
  const feed = (w: Worker) => {
    if (next < jobs.length) w.postMessage(jobs[next++]);
  };
  const byId = new Map(jobs.map((j) => [j.id, j]));
  for (const w of workers) {
    w.onmessage = (e: MessageEvent<{ id: string; record: PreviewRecord }>) => {
      done.push({ job: byId.get(e.data.id)!, record: e.data.record });
      feed(w);
      wake?.();
    };
    w.onerror = (e) => {
      e.preventDefault();
      failure = new Error(`preview worker failed: ${e.message}`);
      wake?.();
    };
    feed(w);
  }
  try {
    for (let received = 0; received < jobs.length;) {
      while (done.length === 0 && !failure) await new Promise<void>((r) => (wake = r));
      if (failure) throw failure;
      received++;
      yield done.shift()!;
    }
  } finally {
    for (const w of workers) w.terminate();
  }
}

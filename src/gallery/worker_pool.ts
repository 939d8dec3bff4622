/** Renders preview jobs on a pool of workers, one per core, yielding each record as it lands. */
import type { PreviewJob, PreviewRecord } from "./preview_job.ts";
import { onWorkers, poolSize, workersAllowed } from "../workers/pool.ts";

const WORKER = new URL("./preview_worker.ts", import.meta.url);

/** A rendered job. */
export interface PreviewDone {
  job: PreviewJob;
  record: PreviewRecord;
}

/** Whether previews can render on workers; without them they render on the main thread. */
export function previewWorkersAllowed(): boolean {
  return workersAllowed(WORKER);
}

/** Runs every job and yields the records in completion order; workers end with the generator. */
export async function* renderOnPool(
  jobs: readonly PreviewJob[],
  size = poolSize(jobs.length),
): AsyncGenerator<PreviewDone> {
  if (!previewWorkersAllowed()) {
    // Only here does the main thread need the renderer; with workers, each loads its own.
    const { runPreviewJob } = await import("./preview_job.ts");
    for (const job of jobs) yield { job, record: await runPreviewJob(job) };
    return;
  }
  const byId = new Map(jobs.map((j) => [j.id, j]));
  type Posted = { id: string; record: PreviewRecord } | { id: string; error: string };
  for await (const m of onWorkers<PreviewJob, Posted>(WORKER, jobs, () => true, size)) {
    if ("error" in m) throw new Error(m.error);
    yield { job: byId.get(m.id)!, record: m.record };
  }
}

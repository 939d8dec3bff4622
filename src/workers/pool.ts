/** Runs jobs on a pool of Deno Workers, one per core, and yields what they post back. */
import { fileURLToPath } from "node:url";

/** Workers to start for `jobs` jobs: one per core, never more than there is work. */
export function poolSize(jobs: number, cores = navigator.hardwareConcurrency || 1): number {
  return Math.max(1, Math.min(jobs, cores));
}

/**
 * Whether workers of `url` can start: a worker loads its module as a new graph, which needs read
 * permission for the code's folder, and the README's restricted lines grant read of the library
 * only. Without it the caller does the work on the main thread.
 */
export function workersAllowed(url: URL): boolean {
  if (url.protocol !== "file:") return true;
  return Deno.permissions.querySync({ name: "read", path: fileURLToPath(url) }).state === "granted";
}

/**
 * Sends each job to a worker of `url`, one job per worker at a time, and yields every message in
 * arrival order; a message for which `settles` holds frees its worker for the next job. The
 * workers end with the generator, so closing it early (Ctrl-C) stops them at once.
 */
export async function* onWorkers<J, M>(
  url: URL,
  jobs: readonly J[],
  settles: (message: M) => boolean,
  size = poolSize(jobs.length),
): AsyncGenerator<M> {
  if (jobs.length === 0) return;
  const workers = Array.from({ length: size }, () => new Worker(url, { type: "module" }));
  const inbox: M[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let next = 0;
  const feed = (w: Worker) => {
    if (next < jobs.length) w.postMessage(jobs[next++]);
  };
  for (const w of workers) {
    w.onmessage = (e: MessageEvent<M>) => {
      inbox.push(e.data);
      if (settles(e.data)) feed(w);
      wake?.();
    };
    w.onerror = (e) => {
      e.preventDefault();
      failure = new Error(`${url.pathname.split("/").at(-1)} failed: ${e.message}`);
      wake?.();
    };
    feed(w);
  }
  try {
    for (let settled = 0; settled < jobs.length;) {
      while (inbox.length === 0 && !failure) await new Promise<void>((r) => (wake = r));
      if (failure) throw failure;
      const m = inbox.shift()!;
      if (settles(m)) settled++;
      yield m;
    }
  } finally {
    for (const w of workers) w.terminate();
  }
}

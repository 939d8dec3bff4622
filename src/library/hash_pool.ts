/** Hashing many files: on a pool of workers, one file per core at a time, or on this thread. */
import { createHash } from "node:crypto";
import { onWorkers, poolSize, workersAllowed } from "../workers/pool.ts";
import { hashInto } from "./file_hash.ts";

const WORKER = new URL("./hash_worker.ts", import.meta.url);

/** One step of hashing files: bytes read, or the sha256 (hex) of `paths[index]`. */
export type HashEvent =
  | { type: "bytes"; n: number }
  | { type: "digest"; index: number; hex: string };

/** Hashes every file of `paths`, yielding bytes read and each digest as it is known. */
export type Hasher = (paths: readonly string[]) => AsyncGenerator<HashEvent>;

/** What a hash worker is sent. */
export interface HashJob {
  index: number;
  path: string;
}

/** What a hash worker posts: bytes read since its last message; at the end the digest or error. */
export interface HashPosted {
  index: number;
  n: number;
  digest?: string;
  error?: string;
}

/** One file at a time, on this thread. */
export async function* hashHere(paths: readonly string[]): AsyncGenerator<HashEvent> {
  for (const [index, path] of paths.entries()) {
    const hash = createHash("sha256");
    for await (const n of hashInto(path, hash)) yield { type: "bytes", n };
    yield { type: "digest", index, hex: hash.digest("hex") };
  }
}

/** One file per worker, one worker per core; digests come in completion order. */
export async function* hashOnWorkers(
  paths: readonly string[],
  size = poolSize(paths.length),
): AsyncGenerator<HashEvent> {
  const jobs = paths.map((path, index): HashJob => ({ index, path }));
  const settles = (m: HashPosted) => m.digest !== undefined || m.error !== undefined;
  for await (const m of onWorkers(WORKER, jobs, settles, size)) {
    if (m.error !== undefined) throw new Error(m.error);
    if (m.n > 0) yield { type: "bytes", n: m.n };
    if (m.digest !== undefined) yield { type: "digest", index: m.index, hex: m.digest };
  }
}

/**
 * The hasher this process can use: workers when it may read their code (a restricted
 * `--allow-read` that covers the library only does not), else this thread.
 */
export function defaultHasher(): Hasher {
  return workersAllowed(WORKER) ? hashOnWorkers : hashHere;
}

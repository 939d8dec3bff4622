/** The vocabulary of a download run, shared by its stages (walk, plan, fetch) and its callers. */
import type { Layout } from "../library/layout.ts";
import type { RetryWait } from "../net/retry.ts";
import type { SloohClient } from "../slooh/client.ts";
import type { Item } from "../slooh/types.ts";

/** Settings of one run. */
export interface RunOptions {
  root: string;
  layout: Layout;
  client: SloohClient;
  concurrency: number;
  /** File transfers started per minute; 0 = unlimited. */
  rateLimit: number;
  /** Extra tries per file after the first. */
  retries: number;
  /** First backoff step of a retry in ms (doubles each attempt). */
  retryBaseMs: number;
  /** Connecting, headers and first body bytes may take this long. */
  idleTimeoutMs: number;
  /** A flowing transfer silent this long is set aside and resumed when a slot frees. */
  stallTimeoutMs: number;
  /** Pictures asked per page (the server may send fewer). */
  pageSize: number;
  pictures: boolean;
  fits: boolean;
  /** Re-check everything: no early stop, FITS lists fetched again. */
  all: boolean;
  /** Adopt a file found where a new item goes when its size is the server's (asked by HEAD). */
  adoptBySize: boolean;
  missionId?: number;
  /** Client-side selection; FITS are tested with the metadata of their mission. */
  filter?: (item: Item) => boolean;
  /** Stop after planning this many transfers. */
  limit?: number;
  dryRun: boolean;
  /** Retry only these stored items (the `retry` command); no scan. */
  retryOnly?: boolean;
  signal?: AbortSignal;
  events?: RunEvents;
}

/** One planned transfer. A value: a new path or a learnt size makes a new Job. */
export interface Job {
  readonly item: Item;
  readonly path: string;
  /** Bytes expected, when known before the transfer. */
  readonly size: number | null;
}

/** What happened to an item. */
export type Outcome = "downloaded" | "adopted" | "skipped" | "failed";

/** Hooks for progress display and logs; a job is the same item however often its value changes. */
export interface RunEvents {
  page?(seen: number, total: number): void;
  planned?(job: Job): void;
  started?(job: Job): void;
  bytes?(job: Job, n: number): void;
  finished?(job: Job, outcome: Outcome, detail?: string): void;
  /** A wait before a retry: of a file's transfer, or (job null) of an API call. */
  retrying?(job: Job | null, wait: RetryWait): void;
  warn?(message: string): void;
}

/** Where a run's time went, in ms. */
export interface RunTimings {
  /** Process start to the run's start: runtime, modules, config, login prompt. */
  startupMs: number;
  /** API calls other than pages and missions: login and session checks. */
  loginMs: number;
  /** Pages of the picture roll. */
  pagesMs: number;
  /** Mission calls: FITS lists and the missions searched for them. */
  missionSearchMs: number;
  /** Items checked against the state and the disk (the planner). */
  fileChecksMs: number;
}

/** Result of a run. */
export interface RunSummary {
  downloaded: number;
  adopted: number;
  skipped: number;
  failed: number;
  bytes: number;
  durationMs: number;
  pageRequests: number;
  interrupted: boolean;
  /** Dry runs only: the transfers a real run would make. */
  plan: Job[];
  failures: { key: string; path: string; error: string }[];
  /** Items of the library that failed, in this run or earlier ones, and wait for `retry`. */
  waitingForRetry: number;
  /** Whether the whole roll was accounted for (the run may serve as the next early-stop anchor). */
  complete: boolean;
  timings: RunTimings;
}

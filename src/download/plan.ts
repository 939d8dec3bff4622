/** The planner: decides per item whether it is present, and else where it goes, as a Job. */
import { alternative, type Layout } from "../library/layout.ts";
import { pathKey } from "../library/path_key.ts";
import { resolveInside } from "../library/sanitize.ts";
import type { ItemRecord, State } from "../library/state.ts";
import type { Item } from "../slooh/types.ts";
import { statSizeSync } from "./local_file.ts";
import type { Job } from "./run_types.ts";

/**
 * Which item owns which path: the state's record, and the claims made in this run. A new path is
 * claimed in memory when planned, and recorded only once the transfer knows no foreign file sits
 * there: a run stopped in between must not leave a claim on someone's file.
 */
export class PathClaims {
  readonly #claims = new Map<string, string>();
  /** False for a library with no recorded path yet: every path this run gives is a claim first. */
  readonly #recorded: boolean;

  constructor(private readonly state: State) {
    this.#recorded = state.hasPaths();
  }

  /** The key of the item holding `path` (in any case or Unicode form), if any. */
  ownerOf(path: string): string | undefined {
    return this.#claims.get(pathKey(path)) ??
      (this.#recorded ? this.state.pathOwner(path) : undefined);
  }

  /** Claims `path` for the item `key` for the rest of this run. */
  claim(key: string, path: string): void {
    this.#claims.set(pathKey(path), key);
  }
}

/** A transfer the planner decided on, with what the fetch step needs to know of the past. */
export interface Planned {
  job: Job;
  /** The path is new (not recorded before): a file found there may be someone else's. */
  fresh: boolean;
  /** A new path that is the layout's own for the item, not an alternative to a taken one. */
  firstChoice: boolean;
  /** Validator of a partial file from an earlier run. */
  etag: string | null;
  /** Why a file recorded as present is fetched again, if it was. */
  stale: string | null;
}

/** Decides skip, path and limit, item by item, in the order the walk finds them. */
export class Planner {
  readonly #planned = new Set<string>();
  #jobs = 0;

  constructor(
    private readonly root: string,
    private readonly layout: Layout,
    readonly claims: PathClaims,
    private readonly limit?: number,
  ) {}

  /** Whether the limit is reached: no more jobs will be planned. */
  get full(): boolean {
    return this.limit !== undefined && this.#jobs >= this.limit;
  }

  /** Whether the item was already planned in this run. */
  has(key: string): boolean {
    return this.#planned.has(key);
  }

  /** Takes the item in (once per run, while not full); false when it is not to be planned. */
  admit(item: Item): boolean {
    if (this.#planned.has(item.key) || this.full) return false;
    this.#planned.add(item.key);
    return true;
  }

  /** The transfer an admitted item needs, or null when its file is present as recorded. */
  plan(item: Item, rec: ItemRecord | undefined): Planned | null {
    let stale: string | null = null;
    if (rec?.status === "done" && rec.path) {
      // Synchronous: on a local disk a stat costs far less than the round trip to a thread.
      const size = statSizeSync(resolveInside(this.root, rec.path));
      if (size !== null && size === rec.size) return null;
      stale = `${rec.path} is ${
        size === null ? "missing" : "not the file downloaded earlier"
      }; fetching it again`;
    }
    let path = rec?.path ?? null;
    const fresh = !path;
    let firstChoice = false;
    if (!path) {
      const wanted = this.layout.relativePath(item);
      path = wanted;
      for (let i = 0; this.#takenByOther(path, item.key); i++) {
        path = alternative(wanted, item, i);
      }
      firstChoice = path === wanted;
    }
    this.claims.claim(item.key, path);
    this.#jobs++;
    return {
      job: { item, path, size: rec?.remoteSize ?? null },
      fresh,
      firstChoice,
      etag: rec?.etag ?? null,
      stale,
    };
  }

  #takenByOther(path: string, key: string): boolean {
    const owner = this.claims.ownerOf(path);
    return !!owner && owner !== key;
  }
}

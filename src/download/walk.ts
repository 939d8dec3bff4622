/**
 * The walk of the photo roll (or one mission), newest first, with each picture's mission FITS,
 * then the missions no picture of the roll names (their FITS only).
 * It yields what it finds and decides nothing about the library: the consumer records, plans
 * and may stop it at any step; its return value says whether the whole roll was accounted for.
 */
import { fitsListed, missionSettled } from "../library/mission_records.ts";
import type { Anchor, State } from "../library/state.ts";
import { recordToItem } from "../library/state.ts";
import type { PictureView, SloohClient } from "../slooh/client.ts";
import type { Item } from "../slooh/types.ts";
import type { FitsParent, PicturePage } from "../slooh/wire.ts";

/** What the walk needs to know. */
export interface WalkOptions {
  client: SloohClient;
  /** Read only: which FITS lists are known, and the FITS they listed. */
  state: State;
  pageSize: number;
  pictures: boolean;
  fits: boolean;
  /** List every mission's FITS again, even those listed before. */
  all: boolean;
  missionId?: number;
  filter?: (item: Item) => boolean;
  /** Where the previous clean pass began: the walk ends there. Null walks to the end. */
  anchor: Anchor | null;
  /** Ask for the next page while this one is consumed (off when a limit may stop the walk). */
  prefetch: boolean;
  signal?: AbortSignal;
}

/** One step of the walk. */
export type WalkStep =
  /** A page's wanted pictures before the anchor, in one batch (to record in one transaction). */
  | { kind: "page"; items: Item[]; pageRequests: number }
  /** An item to plan; answer `next(true)` to end the walk here (a limit was reached). */
  | { kind: "item"; item: Item }
  /** A mission's FITS as Slooh just listed them (to record with the mission). */
  | { kind: "fitsListed"; parent: FitsParent; items: Item[] }
  /**
   * The missions a finished pass over the mission list went through (to record as listed): only a
   * pass that ended may serve as the next pass's stop, as the roll's anchor.
   */
  | { kind: "missionsListed"; missions: FitsParent[] }
  /** Pictures of the roll accounted for so far. */
  | { kind: "progress"; seen: number; total: number }
  | { kind: "warning"; message: string };

/** How a finished walk went. */
export interface WalkResult {
  /** The whole roll was accounted for: to its end, or down to the anchor. */
  complete: boolean;
  /** The anchor this pass would leave for the next (null when it cannot serve as one). */
  anchor: Anchor | null;
  pageRequests: number;
  /** The walk ended at the anchor: the items below it are still on Slooh, and were not walked. */
  atAnchor: boolean;
}

/** What the consumer answers to a step: true ends the walk, incomplete. */
type Stop = boolean | undefined;

/** Walks the roll; see the module comment. */
export async function* walk(o: WalkOptions): AsyncGenerator<WalkStep, WalkResult, Stop> {
  const view: PictureView = o.missionId ? { kind: "mission", missionId: o.missionId } : {
    kind: "photoRoll",
  };
  const anchor = view.kind === "photoRoll" ? o.anchor : null;
  const missionsDone = new Set<number>();
  const wanted = (item: Item) => !o.filter || o.filter(item);
  let pageRequests = 0;
  let top: Item | null = null;
  // Null when Slooh leaves totalCount empty: then only an empty page ends the walk, and the
  // position check that proves an early stop is impossible.
  let firstTotal: number | null = 0;
  let reachedAnchor = false;
  let first = 1;
  const isAnchor = (item: Item | null, position: number, total: number | null) =>
    !!anchor && total !== null && !!item && item.imageId === anchor.imageId &&
    (!o.fits || anchor.fits) &&
    total - (position - 1) === anchor.total;
  // The next page is asked for while this one is consumed, unless this one ends the walk.
  let next: Promise<PicturePage> | null = null;
  const ask = (at: number) => {
    const p = o.client.picturesPage(view, at, o.pageSize);
    p.catch(() => {}); // its error is thrown where it is awaited
    return p;
  };
  try {
    for (;;) {
      o.signal?.throwIfAborted();
      const page = await (next ?? ask(first));
      next = null;
      pageRequests++;
      if (first === 1) firstTotal = page.total;
      if (page.entries.length === 0) break;
      const end = page.entries.findIndex((item, i) => isAnchor(item, first + i, page.total));
      const after = first + page.entries.length;
      if (end < 0 && !ended(after, page.total) && o.prefetch) next = ask(after);
      yield {
        kind: "page",
        pageRequests,
        items: page.entries.slice(0, end < 0 ? undefined : end).filter((item): item is Item =>
          !!item && o.pictures && wanted(item)
        ),
      };
      for (const [i, item] of page.entries.entries()) {
        if (!item) {
          yield {
            kind: "warning",
            message: `Slooh listed picture ${first + i} without an id or URL; skipped it`,
          };
          continue;
        }
        top ??= item;
        if (i === end) {
          reachedAnchor = true;
          break;
        }
        if (!wanted(item)) continue;
        const stopped = { complete: false, anchor: null, pageRequests, atAnchor: false };
        if (o.pictures && (yield { kind: "item", item })) return stopped;
        // FITS inherit the picture's title, telescope and time: a filtered-out picture means
        // filtered-out FITS, so their list is not even fetched.
        if (o.fits && item.missionId > 0 && !missionsDone.has(item.missionId)) {
          missionsDone.add(item.missionId);
          if (yield* missionFits(o, fitsParent(item))) return stopped;
        }
      }
      first += page.entries.length;
      yield { kind: "progress", seen: first - 1, total: page.total ?? first - 1 };
      if (reachedAnchor || ended(first, page.total)) break;
    }
  } finally {
    // Never leave a page request running behind the run's back.
    await next?.catch(() => {});
  }
  if (o.fits && !o.missionId && (yield* missionsWithoutPictures(o, missionsDone))) {
    return { complete: false, anchor: null, pageRequests, atAnchor: false };
  }
  const complete = reachedAnchor || firstTotal === null || first - 1 >= firstTotal;
  // Tell the display the walk is over, also when it stopped early at the anchor.
  if (complete) yield { kind: "progress", seen: first - 1, total: first - 1 };
  const whole = !o.filter && !o.missionId && o.pictures;
  return {
    complete,
    anchor: complete && whole && top?.imageId != null && firstTotal !== null
      ? { imageId: top.imageId, total: firstTotal, fits: o.fits }
      : null,
    pageRequests,
    atAnchor: reachedAnchor,
  };
}

/** Whether the picture at 1-based `next` lies past the end of a roll of `total` pictures. */
function ended(next: number, total: number | null): boolean {
  return total !== null && next - 1 >= total;
}

/** What a picture's FITS inherit from it. */
function fitsParent(picture: Item): FitsParent {
  return {
    missionId: picture.missionId,
    title: picture.title,
    telescope: picture.telescope,
    capturedAt: picture.capturedAt,
  };
}

/** Missions asked per getMissionImages page (the server may send fewer). */
const MISSION_PAGE = 50;

/**
 * The FITS of missions no picture of the roll names (a picture deleted from the roll, a failed
 * processing). The mission list is read newest first and ends at the first mission the library
 * has settled (listed by an earlier finished pass, every FITS present): older ones were taken by
 * that pass, and a routine run pays one page. The first pass (a new library, or one from before
 * this pass existed) and `--all` read the whole list. Returns whether the consumer ended it.
 */
async function* missionsWithoutPictures(
  o: WalkOptions,
  done: ReadonlySet<number>,
): AsyncGenerator<WalkStep, boolean, Stop> {
  const listed: FitsParent[] = [];
  for (let first = 1;;) {
    o.signal?.throwIfAborted();
    const page = await o.client.missionsPage(first, MISSION_PAGE);
    for (const m of page.missions) {
      const parent = {
        missionId: m.id,
        title: m.title,
        telescope: m.telescope,
        capturedAt: m.capturedAt,
      };
      if (done.has(m.id)) {
        listed.push(parent);
        continue;
      }
      if (!o.all && missionSettled(o.state, m.id)) {
        yield { kind: "missionsListed", missions: listed };
        return false;
      }
      if (m.fitsAvailable && (yield* missionFits(o, parent))) return true;
      listed.push(parent);
    }
    first += page.received;
    if (page.received === 0 || first > page.total) {
      yield { kind: "missionsListed", missions: listed };
      return false;
    }
  }
}

/**
 * The FITS of a mission: listed once from Slooh, afterwards from the state. Returns whether the
 * consumer ended the walk.
 */
async function* missionFits(
  o: WalkOptions,
  parent: FitsParent,
): AsyncGenerator<WalkStep, boolean, Stop> {
  let fits: Item[];
  if (o.all || !fitsListed(o.state, parent.missionId)) {
    fits = await o.client.missionFits(parent);
    yield { kind: "fitsListed", parent, items: fits };
  } else {
    fits = o.state.fitsOfMission(parent.missionId).map(recordToItem);
  }
  for (const f of fits) {
    if ((!o.filter || o.filter(f)) && (yield { kind: "item", item: f })) return true;
  }
  return false;
}

/**
 * Deterministic Slooh account generator: missions, photo roll and FITS that mirror the quirks
 * documented in shared/reference/slooh-api.md and lessons.md.
 */
import type { GenerateOptions, SimAccount, SimPicture } from "./account_types.ts";
import { TITLES } from "./catalog.ts";
import { mulberry32 } from "./random.ts";
import { buildUnits, type UnitContext, type UnitPlan } from "./units.ts";

export { mulberry32 } from "./random.ts";

export type * from "./account_types.ts";
export { TELESCOPES, TITLES } from "./catalog.ts";
export { formatDisplayDate, formatDisplayTime } from "./display_dates.ts";

const DEFAULT_START = new Date("2026-02-09T03:25:48Z");
const TWO_YEARS_MS = 730 * 86_400_000;

function pickSize(rng: () => number): number {
  const r = rng();
  return r < 0.4 ? 1 : r < 0.75 ? 2 : r < 0.9 ? 3 : 4;
}

/**
 * Plans unit kinds and sizes so that, when `coverTitles` is set, every title fits before the
 * pictures run out (a 60-picture account must show every title shape).
 */
function planUnits(rng: () => number, pictures: number, coverTitles: boolean): UnitPlan[] {
  const plans: UnitPlan[] = [];
  let remaining = pictures;
  let titled = 0;
  // First twin as soon as unit 4 can be one, then one every 37 units or so.
  let lastTwin = -33;
  while (remaining > 0) {
    const uncoveredAfter = coverTitles ? Math.max(0, TITLES.length - titled - 1) : 0;
    const prev = plans[plans.length - 1];
    const idx = plans.length;
    const wantTwin = prev?.kind === "mission" && idx - lastTwin >= 37;
    if (wantTwin && remaining - prev.size >= uncoveredAfter + 1) {
      plans.push({ kind: "twin", size: prev.size });
      remaining -= prev.size;
      lastTwin = idx;
      continue;
    }
    const capture = idx % 23 === 2 || (idx > 2 && rng() < 0.02);
    const cap = Math.max(1, remaining - uncoveredAfter);
    const size = capture ? 1 : Math.min(pickSize(rng), cap);
    plans.push({ kind: capture ? "capture" : "mission", size });
    remaining -= size;
    titled++;
  }
  return plans;
}

/** Builds a deterministic account; the same options always give the same account. */
export function generateAccount(opts: GenerateOptions): SimAccount {
  const seed = opts.seed ?? 1;
  const count = opts.pictures ?? 60;
  const rng = mulberry32(seed);
  const account: SimAccount = {
    username: opts.username ?? "observer@example.com",
    password: opts.password ?? "correct horse battery",
    displayName: opts.displayName ?? "Jane Stargazer",
    userId: String(500_000 + (seed % 100_000)),
    pictures: [],
    missions: new Map(),
    imageBase: opts.imageBase.replace(/\/+$/, ""),
    seed,
    pictureSize: opts.pictureSize ?? [2_000, 30_000],
    fitsSize: opts.fitsSize ?? [4_000, 40_000],
    fitsPerMission: opts.fitsPerMission ?? [1, 4],
  };
  const plans = planUnits(rng, count, true);
  const start = (opts.startDate ?? DEFAULT_START).getTime();
  // At least two minutes between units so dropping seconds never reorders the roll.
  const step = Math.max(120_000, TWO_YEARS_MS / Math.max(1, plans.length));
  const times = plans.map((_, i) =>
    new Date(i === 0 ? start : start - i * step - Math.floor(rng() * step * 0.4))
  );
  const ctx: UnitContext = {
    rng,
    account,
    nextImageId: 17_375_714 + 8 * count,
    nextMissionId: 4_051_187 + 4 * count,
    unitNo: 0,
    pictureNo: 0,
    fitsNo: 0,
    missionNo: 0,
    titleNo: Math.floor(rng() * TITLES.length),
    forceFits: false,
    titles: opts.titles,
  };
  const built = buildUnits(ctx, plans, times);
  account.pictures = built.pictures;
  for (const m of built.missions) account.missions.set(m.id, m);
  // Taken from the middle of the roll, so neither the newest nor the oldest picture goes.
  const pool = built.missions.filter((m) => m.fits.length > 1);
  const middle = Math.floor(pool.length / 2);
  const orphans = pool.slice(middle, middle + (opts.missionsWithoutPictures ?? 0));
  for (const m of orphans) {
    account.pictures = account.pictures.filter((p) => p.missionId !== m.id);
  }
  return account;
}

/** Options of addNewPictures. */
export interface AddPicturesOptions {
  seed?: number;
  /** Capture time of the newest new picture (default: newest existing + n hours). */
  newest?: Date;
}

/** Prepends n new pictures (new missions with FITS), newest first; returns them. */
export function addNewPictures(
  account: SimAccount,
  n: number,
  opts: AddPicturesOptions = {},
): SimPicture[] {
  if (n <= 0) return [];
  const rng = mulberry32(opts.seed ?? (account.seed * 7919 + account.pictures.length) >>> 0);
  let maxImageId = 0;
  for (const p of account.pictures) maxImageId = Math.max(maxImageId, p.imageId);
  let maxMissionId = 0;
  for (const m of account.missions.values()) {
    maxMissionId = Math.max(maxMissionId, m.id);
    for (const f of m.fits) maxImageId = Math.max(maxImageId, f.imageId ?? 0);
  }
  const oldNewest = account.pictures[0]?.capturedAt.getTime() ?? DEFAULT_START.getTime();
  const newest = opts.newest?.getTime() ?? oldNewest + n * 3_600_000;
  // Captures have no FITS, so the new units are all missions.
  const plans = planUnits(rng, n, false).map((p) =>
    p.kind === "capture" ? { ...p, kind: "mission" as const } : p
  );
  const step = (newest - oldNewest) / (plans.length + 1);
  // Below two minutes, dropping displayed seconds could push a new picture behind the old roll.
  if (step < 120_000) throw new Error("addNewPictures: `newest` is too close to the roll's newest");
  const times = plans.map((_, i) => new Date(newest - i * step));
  const ctx: UnitContext = {
    rng,
    account,
    // Ids count down inside the batch, so start high enough to stay above every existing id.
    // Twins add FITS of their own, so budget generously: ids only need to be unique and higher.
    nextImageId: maxImageId + 2 * (n + plans.length * (account.fitsPerMission[1] + 1)) + 1,
    nextMissionId: maxMissionId + 3 * plans.length + 1,
    unitNo: account.pictures.length,
    pictureNo: account.pictures.length,
    fitsNo: 1,
    missionNo: 0,
    titleNo: Math.floor(rng() * TITLES.length),
    forceFits: true,
  };
  const built = buildUnits(ctx, plans, times);
  const lowest = Math.min(
    ...built.pictures.map((p) => p.imageId),
    ...built.missions.flatMap((m) => m.fits.map((f) => f.imageId ?? Infinity)),
  );
  if (lowest <= maxImageId) throw new Error("addNewPictures: image ids would collide");
  account.pictures.unshift(...built.pictures);
  for (const m of built.missions) account.missions.set(m.id, m);
  return built.pictures;
}

/** Rewrites every URL of the account to a new origin, in place (e.g. placeholder → server). */
export function rebaseAccount(account: SimAccount, imageBase: string): SimAccount {
  const from = account.imageBase;
  const to = imageBase.replace(/\/+$/, "");
  if (from === to) return account;
  const swap = (url: string) => (url.startsWith(from) ? to + url.slice(from.length) : url);
  for (const p of account.pictures) p.url = swap(p.url);
  for (const m of account.missions.values()) for (const f of m.fits) f.url = swap(f.url);
  account.imageBase = to;
  return account;
}

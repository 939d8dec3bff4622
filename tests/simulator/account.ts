/**
 * Deterministic Slooh account generator: missions, photo roll and FITS that mirror the quirks
 * documented in shared/reference/slooh-api.md and lessons.md.
 */
import type {
  GenerateOptions,
  SimAccount,
  SimFits,
  SimMission,
  SimPicture,
} from "./account_types.ts";
import {
  type Camera,
  FITS_POOL,
  PICTURE_FILTERS,
  type Telescope,
  TELESCOPES,
  TITLES,
} from "./catalog.ts";
import { objectName } from "../../src/library/catalog.ts";
import { formatDisplayDate, formatDisplayTime, pad2 } from "./display_dates.ts";
import { int, LOWER, MIXED, mulberry32, randStr } from "./random.ts";
import { hms, randQuery, ymd } from "./name_parts.ts";

export { mulberry32 } from "./random.ts";

export type * from "./account_types.ts";
export { TELESCOPES, TITLES } from "./catalog.ts";
export { formatDisplayDate, formatDisplayTime } from "./display_dates.ts";

const DEFAULT_START = new Date("2026-02-09T03:25:48Z");
const TWO_YEARS_MS = 730 * 86_400_000;
/** Offset between imageId and customerImageId in SD-data's one known pair. */
const CUSTOMER_ID_OFFSET = 2_412_645;

interface Ctx {
  rng: () => number;
  account: SimAccount;
  nextImageId: number;
  nextMissionId: number;
  /** Running counters that drive the deterministic "a few of them" quirks. */
  unitNo: number;
  pictureNo: number;
  fitsNo: number;
  missionNo: number;
  titleNo: number;
  /** New missions of addNewPictures always carry FITS. */
  forceFits: boolean;
  /** Titles given instead of the catalogue's. */
  titles?: readonly string[];
}

/** The title of the i-th unit and the object code its file names start with. */
function titleOf(ctx: Ctx, i: number): { title: string; objcode: string } {
  if (!ctx.titles?.length) return TITLES[i % TITLES.length];
  const title = ctx.titles[i % ctx.titles.length];
  // Slooh's names start with the object's code in lower case ("ngc3372_…", "m103_…").
  const objcode = objectName(title).toLowerCase().replace(/[^a-z0-9.+-]/g, "") || "object";
  return { title, objcode };
}

interface UnitPlan {
  kind: "mission" | "capture" | "twin";
  size: number;
}

interface UnitShape {
  titleIdx: number;
  telescope: Telescope;
  camera: Camera;
  filters: string[];
  seq: number;
  rand6: string;
  withSeconds: boolean;
}

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

function buildUnit(
  ctx: Ctx,
  plan: UnitPlan,
  at: Date,
  unitIdx: number,
  prevShape: UnitShape | undefined,
): { pictures: SimPicture[]; mission?: SimMission; shape: UnitShape } {
  const { rng, account } = ctx;
  const base = account.imageBase;
  // A twin must keep its original's seconds, or the colliding file names would differ.
  const withSeconds = plan.kind === "twin" && prevShape ? prevShape.withSeconds : unitIdx % 3 !== 2;
  const capturedAt = new Date(Math.floor(at.getTime() / 1000) * 1000);
  if (!withSeconds) capturedAt.setUTCSeconds(0);
  const displayDate = formatDisplayDate(capturedAt, unitIdx);
  const displayTime = formatDisplayTime(capturedAt, withSeconds);
  const noTelescope = unitIdx % 11 === 5;

  let shape: UnitShape;
  if (plan.kind === "twin" && prevShape) {
    // Same object, same second, same file names, another telescope: a name collision.
    const others = TELESCOPES.filter((t) => t !== prevShape.telescope);
    const telescope = others[Math.floor(rng() * others.length)];
    shape = { ...prevShape, telescope, camera: telescope.cameras[0] };
  } else if (plan.kind === "capture") {
    const telescope = rng() < 0.6 ? TELESCOPES[3] : TELESCOPES[Math.floor(rng() * 7)];
    shape = {
      titleIdx: ctx.titleNo++,
      telescope,
      camera: telescope.cameras[0],
      filters: [],
      seq: 0,
      rand6: randStr(rng, 6, MIXED),
      withSeconds,
    };
  } else {
    const telescope = TELESCOPES[Math.floor(rng() * TELESCOPES.length)];
    const sets = PICTURE_FILTERS[plan.size];
    shape = {
      titleIdx: ctx.titleNo++,
      telescope,
      camera: telescope.cameras[Math.floor(rng() * telescope.cameras.length)],
      filters: sets[Math.floor(rng() * sets.length)],
      seq: rng() < 0.85 ? 0 : 1,
      rand6: randStr(rng, 6, LOWER),
      withSeconds,
    };
  }
  const { title, objcode } = titleOf(ctx, shape.titleIdx);
  const tel = shape.telescope;
  const telescopeName = noTelescope ? "" : tel.name;
  const [y, mo, d] = ymd(capturedAt);
  const isTwin = plan.kind === "twin";

  const newPicture = (url: string, filename: string, missionId: number): SimPicture => {
    const imageId = ctx.nextImageId--;
    const n = ctx.pictureNo++;
    const pic: SimPicture = {
      imageId,
      customerImageId: imageId - CUSTOMER_ID_OFFSET,
      missionId,
      title,
      displayDate,
      displayTime,
      telescope: telescopeName,
      instrument: shape.camera.name,
      url,
      size: int(rng, account.pictureSize),
      capturedAt,
    };
    if (imageId % 2 === 0) {
      const at = new Date(capturedAt.getTime() + (11 + imageId % 6) * 1000);
      pic.imageTimestamp = String(at.getTime() / 1000);
    }
    // ~15% of pictures lack imageDownloadFilename; twins keep it so the collision is explicit.
    if (isTwin || ![3, 9, 16].includes(n % 20)) pic.downloadFilename = filename;
    return pic;
  };

  if (plan.kind === "capture") {
    const file = `${tel.site}${tel.no}-${y}-${mo}-${d}T${hms(capturedAt)}UTC-${shape.rand6}.png`;
    const url = `${base}/polaris2.slooh.com/${tel.site}/${tel.no}/${y}/${mo}/${d}/${file}?rand=${
      randQuery(rng, capturedAt)
    }`;
    return { pictures: [newPicture(url, file, 0)], shape };
  }

  const missionId = ctx.nextMissionId;
  ctx.nextMissionId -= 1 + Math.floor(rng() * 3);
  const missionNo = ctx.missionNo++;
  const dirOf = (camera: Camera) =>
    `${tel.site}/${tel.no}/${camera.seg}/${y}/${mo}/${d}/${pad2(capturedAt.getUTCHours())}${
      pad2(capturedAt.getUTCMinutes())
    }_${objcode}`;
  const dir = `${base}/polaris2.slooh.com/${dirOf(shape.camera)}/`;
  const stamp = `${objcode}_${y}${mo}${d}_${hms(capturedAt)}_`;
  const stem = `${stamp}${shape.seq}_${shape.rand6}`;

  const pictures: SimPicture[] = [];
  for (const filter of shape.filters) {
    const file = `${stem}_${filter}.png`;
    pictures.push(newPicture(`${dir}${file}?rand=${randQuery(rng, capturedAt)}`, file, missionId));
  }

  const fitsAvailable = ctx.forceFits || missionNo % 8 !== 5;
  const fits: SimFits[] = [];
  if (fitsAvailable) {
    const n = int(rng, account.fitsPerMission);
    // Some Canary Two missions deliver frames from both cameras, as two FITS groups.
    const second = tel.cameras.length > 1 && n > 1 && rng() < 0.25
      ? tel.cameras.find((c) => c !== shape.camera)
      : undefined;
    const fitsDir = `${base}/polaris.slooh.com/${dirOf(shape.camera)}/`;
    const secondDir = second ? `${base}/polaris.slooh.com/${dirOf(second)}/` : fitsDir;
    for (let j = 0; j < n; j++) {
      const inSecond = second !== undefined && j >= Math.ceil(n / 2);
      const filter = FITS_POOL[j % FITS_POOL.length];
      const round = Math.floor(j / FITS_POOL.length);
      const file = round === 0
        ? `${stem}_${filter}_cal.fit`
        : `${stamp}${shape.seq + round}_${shape.rand6}_${filter}_cal.fit`;
      const f: SimFits = {
        url: `${inSecond ? secondDir : fitsDir}${file}`,
        title: file,
        group: inSecond ? second.name : shape.camera.name,
        size: int(rng, account.fitsSize),
      };
      const imageId = ctx.nextImageId--;
      if (ctx.fitsNo++ % 20 !== 7) f.imageId = imageId;
      fits.push(f);
    }
  }
  const mission: SimMission = {
    id: missionId,
    title,
    displayDate,
    displayTime,
    telescope: telescopeName,
    instrument: shape.camera.name,
    owner: account.displayName,
    fitsAvailable: fitsAvailable && fits.length > 0,
    fits,
    capturedAt,
  };
  return { pictures, mission, shape };
}

function buildUnits(ctx: Ctx, plans: UnitPlan[], times: Date[]): {
  pictures: SimPicture[];
  missions: SimMission[];
} {
  const pictures: SimPicture[] = [];
  const missions: SimMission[] = [];
  let prevShape: UnitShape | undefined;
  let prevAt: Date | undefined;
  for (let i = 0; i < plans.length; i++) {
    const plan = plans[i];
    const at = plan.kind === "twin" && prevAt ? prevAt : times[i];
    const unit = buildUnit(ctx, plan, at, ctx.unitNo++, prevShape);
    prevShape = unit.shape;
    prevAt = unit.pictures[0].capturedAt;
    pictures.push(...unit.pictures);
    if (unit.mission) missions.push(unit.mission);
  }
  return { pictures, missions };
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
  const ctx: Ctx = {
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
  const ctx: Ctx = {
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

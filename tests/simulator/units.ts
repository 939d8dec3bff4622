/**
 * One unit of the roll at a time: a mission's pictures and FITS, a capture's one picture, or a
 * twin that repeats its original's file names on another telescope.
 */
import type { SimAccount, SimFits, SimMission, SimPicture } from "./account_types.ts";
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
import { int, LOWER, MIXED, randStr } from "./random.ts";
import { hms, randQuery, ymd } from "./name_parts.ts";

/** Offset between imageId and customerImageId in SD-data's one known pair. */
const CUSTOMER_ID_OFFSET = 2_412_645;

/** The generator's state while it builds units: the seeded rng, id counters and quirk counters. */
export interface UnitContext {
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
function titleOf(ctx: UnitContext, i: number): { title: string; objcode: string } {
  if (!ctx.titles?.length) return TITLES[i % TITLES.length];
  const title = ctx.titles[i % ctx.titles.length];
  // Slooh's names start with the object's code in lower case ("ngc3372_…", "m103_…").
  const objcode = objectName(title).toLowerCase().replace(/[^a-z0-9.+-]/g, "") || "object";
  return { title, objcode };
}

/** What a unit is (a mission, a capture outside any mission, or a twin) and how many pictures. */
export interface UnitPlan {
  kind: "mission" | "capture" | "twin";
  size: number;
}

/** A unit's telescope, camera, filters and name parts; kept so a twin can copy them. */
interface UnitShape {
  titleIdx: number;
  telescope: Telescope;
  camera: Camera;
  filters: string[];
  seq: number;
  rand6: string;
  withSeconds: boolean;
}

/** The unit's telescope, camera, filters and name parts; a twin takes its original's. */
function unitShape(
  ctx: UnitContext,
  plan: UnitPlan,
  prevShape: UnitShape | undefined,
  withSeconds: boolean,
): UnitShape {
  const { rng } = ctx;
  if (plan.kind === "twin" && prevShape) {
    // Same object, same second, same file names, another telescope: a name collision.
    const others = TELESCOPES.filter((t) => t !== prevShape.telescope);
    const telescope = others[Math.floor(rng() * others.length)];
    return { ...prevShape, telescope, camera: telescope.cameras[0] };
  }
  if (plan.kind === "capture") {
    const telescope = rng() < 0.6 ? TELESCOPES[3] : TELESCOPES[Math.floor(rng() * 7)];
    return {
      titleIdx: ctx.titleNo++,
      telescope,
      camera: telescope.cameras[0],
      filters: [],
      seq: 0,
      rand6: randStr(rng, 6, MIXED),
      withSeconds,
    };
  }
  const telescope = TELESCOPES[Math.floor(rng() * TELESCOPES.length)];
  const sets = PICTURE_FILTERS[plan.size];
  return {
    titleIdx: ctx.titleNo++,
    telescope,
    camera: telescope.cameras[Math.floor(rng() * telescope.cameras.length)],
    filters: sets[Math.floor(rng() * sets.length)],
    seq: rng() < 0.85 ? 0 : 1,
    rand6: randStr(rng, 6, LOWER),
    withSeconds,
  };
}

/** A mission's FITS frames, named after its pictures' `stamp` and `stem`. */
function missionFits(
  ctx: UnitContext,
  shape: UnitShape,
  dirOf: (camera: Camera) => string,
  stamp: string,
  stem: string,
): SimFits[] {
  const { rng, account } = ctx;
  const base = account.imageBase;
  const tel = shape.telescope;
  const fits: SimFits[] = [];
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
  return fits;
}

/** One unit's pictures, with its mission unless it is a capture. */
function buildUnit(
  ctx: UnitContext,
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

  const shape = unitShape(ctx, plan, prevShape, withSeconds);
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
  const fits = fitsAvailable ? missionFits(ctx, shape, dirOf, stamp, stem) : [];
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

/** Builds the planned units in turn: their pictures in roll order, and their missions. */
export function buildUnits(ctx: UnitContext, plans: UnitPlan[], times: Date[]): {
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

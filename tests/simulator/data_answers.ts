/**
 * The answers of the read-only data endpoints (getMissionImages, getMyPictures, getMissionFITS),
 * as functions of the account, its lookup tables and the page caps.
 */
import type { AccountIndex } from "./account_index.ts";
import type { SimAccount } from "./account_types.ts";
import { type ApiResult, intParam, invalid, type Json, OK } from "./envelope.ts";

/** What the data answers read of the simulator (the simulator itself: its settings may change). */
export interface DataWorld {
  readonly account: SimAccount;
  readonly pageCap: number;
  readonly missionPageCap: number;
  readonly emptyTotalCount: boolean;
}

/** getMissionImages: one page of the missions, newest first. */
export function missionImages(w: DataWorld, index: AccountIndex, b: Json): ApiResult {
  const max = intParam(b, "maxMissionCount", 1);
  const first = intParam(b, "firstMissionNumber", 1);
  if (typeof max === "string") return { body: invalid(max), rejected: max };
  if (typeof first === "string") return { body: invalid(first), rejected: first };
  const n = Math.min(max, w.missionPageCap);
  const page = index.missions.slice(first - 1, first - 1 + n);
  return {
    body: {
      ...OK,
      firstMissionNumber: first,
      maxMissionCount: max,
      imageCount: page.length,
      totalCount: index.missions.length,
      imageList: page.map((m) => ({
        scheduledMissionId: m.id,
        imageTitle: m.title,
        displayDate: m.displayDate,
        displayTime: m.displayTime,
        imageURL: index.previews.get(m.id) ?? "",
        missionImageCount: String(index.byMission.get(m.id)?.length ?? 0),
        missionOwner: m.owner,
        fitsIsAvailable: m.fitsAvailable,
        telescopeName: m.telescope,
        instrumentName: m.instrument,
      })),
    },
  };
}

/** getMyPictures: one page of the photo roll, or of one mission's pictures. */
export function myPictures(w: DataWorld, index: AccountIndex, b: Json): ApiResult {
  const viewType = b.viewType;
  if (viewType !== "photoRoll" && viewType !== "missions") {
    const why = `viewType must be "photoRoll" or "missions" (got ${JSON.stringify(viewType)})`;
    return { body: invalid(why), rejected: why };
  }
  for (
    const [name, min] of [["scheduledMissionId", 0], ["maxImageCount", 1], [
      "firstImageNumber",
      1,
    ]] as const
  ) {
    const v = intParam(b, name, min);
    if (typeof v === "string") return { body: invalid(v), rejected: v };
  }
  const missionId = b.scheduledMissionId as number;
  const max = b.maxImageCount as number;
  const first = b.firstImageNumber as number;
  // photoRoll is the whole roll whatever the mission id; "missions" + 0 = non-mission captures.
  const list = viewType === "photoRoll" ? w.account.pictures : index.byMission.get(missionId) ?? [];
  const page = list.slice(first - 1, first - 1 + Math.min(max, w.pageCap));
  const owner = w.account.displayName;
  return {
    body: {
      ...OK,
      maxImageCount: max,
      firstImageNumber: first,
      imageCount: page.length,
      totalCount: w.emptyTotalCount ? "" : String(list.length),
      viewType,
      imageList: page.map((p) => {
        const item: Json = {
          imageId: p.imageId,
          customerImageId: p.customerImageId,
          scheduledMissionId: p.missionId,
          imageTitle: p.title,
          displayDate: p.displayDate,
          displayTime: p.displayTime,
          imageDownloadURL: p.url,
        };
        if (p.imageTimestamp !== undefined) item.imageTimestamp = p.imageTimestamp;
        if (p.downloadFilename !== undefined) item.imageDownloadFilename = p.downloadFilename;
        item.imageType = "png";
        item.telescopeName = p.telescope;
        item.instrumentName = p.instrument;
        item.overlayData = { owner };
        return item;
      }),
    },
  };
}

/** getMissionFITS: a mission's FITS frames, grouped by camera. */
export function missionFits(account: SimAccount, b: Json): ApiResult {
  const id = intParam(b, "scheduledMissionId", 0);
  if (typeof id === "string") return { body: invalid(id), rejected: id };
  const m = id > 0 ? account.missions.get(id) : undefined;
  const groups = new Map<string, Json[]>();
  for (const f of m?.fits ?? []) {
    let list = groups.get(f.group);
    if (!list) groups.set(f.group, list = []);
    const item: Json = {};
    if (f.imageId !== undefined) item.imageId = f.imageId;
    item.imageURL = f.url;
    item.imageTitle = f.title;
    list.push(item);
  }
  return {
    body: {
      ...OK,
      groupList: [...groups].map(([groupName, groupImageList]) => ({
        groupName,
        groupImageList,
      })),
    },
  };
}

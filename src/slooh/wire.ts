/**
 * The only place that knows Slooh's wire field names: loose JSON in, typed domain objects out.
 * Numbers may arrive as strings, strings may be missing, unknown fields are ignored.
 */
import type { Account, GravityStatus, Item, Mission } from "./types.ts";
import { fitsStartFromName, parseCaptureTime, parseUnixSeconds, timeFromName } from "./dates.ts";

type Json = Record<string, unknown>;

/** The common envelope every response carries (errors arrive inside HTTP 200 bodies). */
export interface Envelope {
  apiError: boolean;
  errorCode: number;
  errorMsg: string;
  statusCode: number;
  loginError: boolean;
}

/** Treats `v` as an object, or an empty one. */
export function obj(v: unknown): Json {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v as Json : {};
}

/** Reads a string field; numbers are stringified, anything else gives "". */
export function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return "";
}

/** Reads an integer field sent as a number or a numeric string; null when absent or junk. */
export function int(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === "string" && /^\s*-?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
  return null;
}

function bool(v: unknown): boolean {
  return v === true || v === "true" || v === 1 || v === "1";
}

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

/** Reads the error envelope of any response. */
export function envelope(raw: unknown): Envelope {
  const o = obj(raw);
  return {
    apiError: bool(o.apiError),
    errorCode: int(o.errorCode) ?? 0,
    errorMsg: str(o.errorMsg),
    statusCode: int(o.statusCode) ?? 0,
    loginError: bool(o.loginError),
  };
}

/** True when the envelope says the session is gone and a new login would help. */
export function isSessionError(e: Envelope): boolean {
  return e.errorCode === 60003 || (e.apiError && (e.statusCode === 401 || e.statusCode === 418));
}

/** The file name part of a URL, query and fragment stripped, percent-decoded when valid. */
export function urlBasename(url: string): string {
  const path = url.split(/[?#]/, 1)[0];
  const base = path.slice(path.lastIndexOf("/") + 1);
  try {
    return decodeURIComponent(base);
  } catch {
    return base;
  }
}

/** The URL without its query: the identity of a file whose `?rand=` changes on every listing. */
export function urlWithoutQuery(url: string): string {
  return url.split(/[?#]/, 1)[0];
}

/** A photo-roll or mission picture; null when it has no usable id or URL. */
export function toPicture(raw: unknown): Item | null {
  const o = obj(raw);
  const imageId = int(o.imageId);
  const url = str(o.imageDownloadURL).trim();
  if (imageId === null || !url) return null;
  const filename = str(o.imageDownloadFilename).trim() || urlBasename(url);
  return {
    key: `p${imageId}`,
    kind: "picture",
    imageId,
    customerImageId: int(o.customerImageId),
    missionId: int(o.scheduledMissionId) ?? 0,
    title: str(o.imageTitle).trim(),
    telescope: str(o.telescopeName).trim(),
    instrument: str(o.instrumentName).trim(),
    capturedAt: pictureTime(o, filename, url),
    url,
    filename,
  };
}

/**
 * A picture's capture time, the most exact Slooh gives: `imageTimestamp` (Unix seconds, read by
 * Slooh's own front-end), else the `_YYYYMMDD_HHMMSS_` of its file name, else its mission slot
 * (`displayDate` + `displayTime`, the slot's start, minutes before the exposures).
 */
function pictureTime(o: Json, filename: string, url: string): Date | null {
  return parseUnixSeconds(o.imageTimestamp) ?? timeFromName(filename) ??
    timeFromName(urlBasename(url)) ?? parseCaptureTime(str(o.displayDate), str(o.displayTime));
}

/**
 * What a FITS frame inherits from its mission: FITS carry no title or telescope, and no date
 * until their header is read.
 */
export interface FitsParent {
  missionId: number;
  title: string;
  telescope: string;
  capturedAt: Date | null;
}

/** The FITS frames of a getMissionFITS response, with the mission's metadata inherited. */
export function toFitsItems(raw: unknown, parent: FitsParent): Item[] {
  const items: Item[] = [];
  for (const group of list(obj(raw).groupList)) {
    const instrument = str(group.groupName).trim();
    for (const f of list(group.groupImageList)) {
      const url = str(f.imageURL).trim();
      if (!url) continue;
      const imageId = int(f.imageId);
      const filename = urlBasename(url) || str(f.imageTitle).trim();
      items.push({
        key: imageId === null ? `u${urlWithoutQuery(url)}` : `f${imageId}`,
        kind: "fits",
        imageId,
        customerImageId: null,
        missionId: parent.missionId,
        title: parent.title,
        telescope: parent.telescope,
        instrument,
        // Until the header's DATE-OBS is read: the name's time less the usual lag, else the slot.
        capturedAt: fitsStartFromName(filename) ?? parent.capturedAt,
        url,
        filename,
      });
    }
  }
  return items;
}

/** One page of getMyPictures: total as announced, and the usable pictures. */
export interface PicturePage {
  /** Pictures in the whole view; null when Slooh left `totalCount` empty. */
  total: number | null;
  /** Entries the server sent, in roll order; null where an entry was unusable. */
  entries: (Item | null)[];
}

/** Reads a getMyPictures page (`totalCount` arrives as a string, sometimes empty). */
export function toPicturePage(raw: unknown): PicturePage {
  const o = obj(raw);
  const entries = Array.isArray(o.imageList) ? o.imageList : [];
  return { total: int(o.totalCount), entries: entries.map(toPicture) };
}

/** One mission of getMissionImages. */
export function toMission(raw: unknown): Mission | null {
  const o = obj(raw);
  const id = int(o.scheduledMissionId);
  if (id === null) return null;
  return {
    id,
    title: str(o.imageTitle).trim(),
    capturedAt: parseCaptureTime(str(o.displayDate), str(o.displayTime)),
    telescope: str(o.telescopeName).trim(),
    instrument: str(o.instrumentName).trim(),
    imageCount: int(o.missionImageCount) ?? 0,
    fitsAvailable: bool(o.fitsIsAvailable),
    owner: str(o.missionOwner).trim(),
    previewUrl: str(o.imageURL).trim(),
  };
}

/** One page of getMissionImages (`totalCount` is a number here, but parse both). */
export function toMissionPage(
  raw: unknown,
): { total: number; received: number; missions: Mission[] } {
  const o = obj(raw);
  const entries = Array.isArray(o.imageList) ? o.imageList : [];
  const missions = entries.map(toMission).filter((m): m is Mission => m !== null);
  return { total: int(o.totalCount) ?? 0, received: entries.length, missions };
}

/** The session triple echoed in every authenticated call. */
export interface AuthTriple {
  at: string;
  cid: string;
  token: string;
}

/** A login response: the member and the auth triple, or null when it is not a success. */
export function toLogin(raw: unknown): { account: Account; auth: AuthTriple } | null {
  const o = obj(raw);
  const userId = str(o.userid) || str(o.userId);
  const auth = { at: str(o.at), cid: str(o.cid), token: str(o.token) };
  if (!userId || !auth.at || !auth.token) return null;
  return {
    auth,
    account: {
      userId,
      displayName: str(o.displayName),
      firstName: str(o.fname),
      membershipType: str(o.membershipType),
      planName: str(o.subscriptionPlanName),
      status: str(o.status),
    },
  };
}

/** getUserGravityStatus. */
export function toGravity(raw: unknown): GravityStatus {
  const o = obj(raw);
  return {
    memberSince: str(o.memberSince),
    points: int(o.gravityPoints) ?? 0,
    tier: str(o.currentTierName),
    nextTier: str(o.nextTierName),
    progress: int(o.currentTierProgress) ?? 0,
    progressMax: int(o.maxTierProgress) ?? 0,
  };
}

/** Domain objects: what the rest of the program knows of Slooh, free of wire field names. */

/** A processed picture from the photo roll, or a raw FITS frame of a mission. */
export type ItemKind = "picture" | "fits";

/** One downloadable file of the account. */
export interface Item {
  /** Stable key: `p<imageId>` for pictures, `f<imageId>` for FITS (`u<url without query>` when a FITS has no id). */
  key: string;
  kind: ItemKind;
  /** Slooh's imageId, when known. */
  imageId: number | null;
  customerImageId: number | null;
  /** Scheduled mission id; 0 for captures outside any mission. */
  missionId: number;
  /** Trimmed title (the object name), "" when absent. */
  title: string;
  /** Telescope name, "" when absent. */
  telescope: string;
  /** Instrument (pictures) or FITS group name, "" when absent. */
  instrument: string;
  /** Capture time in UTC, null when Slooh's date could not be parsed. */
  capturedAt: Date | null;
  /** The download URL exactly as Slooh gave it (query included). */
  url: string;
  /** Original file name, query stripped. */
  filename: string;
}

/** A mission as listed by getMissionImages. */
export interface Mission {
  id: number;
  title: string;
  capturedAt: Date | null;
  telescope: string;
  instrument: string;
  imageCount: number;
  fitsAvailable: boolean;
  owner: string;
  previewUrl: string;
}

/** The logged-in member. */
export interface Account {
  userId: string;
  displayName: string;
  firstName: string;
  membershipType: string;
  planName: string;
  status: string;
}

/** Gravity status of the member (optional dashboard data). */
export interface GravityStatus {
  memberSince: string;
  points: number;
  tier: string;
  nextTier: string;
  progress: number;
  progressMax: number;
}

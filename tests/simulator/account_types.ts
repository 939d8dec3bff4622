/** What a simulated account is made of: pictures, missions with FITS, and the member. */

/** One processed picture of the photo roll. */
export interface SimPicture {
  imageId: number;
  customerImageId: number;
  /** Scheduled mission id; 0 for a capture outside any mission. */
  missionId: number;
  /** Raw title as Slooh sends it (may carry trailing or double spaces). */
  title: string;
  displayDate: string;
  displayTime: string;
  /** May be "". */
  telescope: string;
  instrument: string;
  /** Full URL including `?rand=`. */
  url: string;
  /** Missing on some pictures, as the real field is not always sent. */
  downloadFilename?: string;
  size: number;
  /**
   * Unix seconds as a string, on every other picture, as Slooh's front-end reads it: 11–16 s after
   * the name's time (its examples). Where sent, it is the picture's capture time (expectedFiles).
   */
  imageTimestamp?: string;
  /** Truth in UTC, consistent with displayDate/displayTime and the file name. */
  capturedAt: Date;
}

/** One raw FITS frame of a mission. */
export interface SimFits {
  /** Missing on a few frames. */
  imageId?: number;
  url: string;
  /** The file name, as Slooh sends it in imageTitle. */
  title: string;
  /** Group name (the camera). */
  group: string;
  size: number;
}

/** One scheduled mission. */
export interface SimMission {
  id: number;
  title: string;
  displayDate: string;
  displayTime: string;
  telescope: string;
  instrument: string;
  owner: string;
  fitsAvailable: boolean;
  fits: SimFits[];
  capturedAt: Date;
}

/** The whole simulated member account. */
export interface SimAccount {
  username: string;
  password: string;
  displayName: string;
  /** Login `userid` and `cid`. */
  userId: string;
  /** Photo roll order: index 0 = newest. */
  pictures: SimPicture[];
  missions: Map<number, SimMission>;
  /** Origin every URL of the account starts with (see rebaseAccount). */
  imageBase: string;
  seed: number;
  pictureSize: [number, number];
  fitsSize: [number, number];
  fitsPerMission: [number, number];
}

/** Options of generateAccount. */
export interface GenerateOptions {
  seed?: number;
  /** Number of pictures in the photo roll (default 60). */
  pictures?: number;
  fitsPerMission?: [number, number];
  /** Picture size range in bytes (default 2,000..30,000). */
  pictureSize?: [number, number];
  /** FITS size range in bytes (default 4,000..40,000). */
  fitsSize?: [number, number];
  /** Origin the file URLs point at, e.g. the simulator origin. */
  imageBase: string;
  /** Capture time of the newest picture (default 2026-02-09T03:25:48Z). */
  startDate?: Date;
  username?: string;
  password?: string;
  displayName?: string;
  /** Titles to use instead of the simulator's catalogue, in turn (e.g. REAL_TITLES). */
  titles?: readonly string[];
  /** Missions whose pictures are taken out of the roll, leaving their FITS (default 0). */
  missionsWithoutPictures?: number;
}

/** The simulator's shared vocabulary: options, counters, logged requests, expected files. */
import type { GenerateOptions, SimAccount } from "./account.ts";
import { createHash } from "node:crypto";
import { fileBytes, fileKey, type FileKind, fileSha256, fitsObservedAt } from "./bytes.ts";

/** The constant productId every real client sends. */
export const PRODUCT_ID = "ee26fb6d-3351-11eb-83b9-0655cc43ca95";
/** Name of the session cookie. */
export const SESSION_COOKIE = "_sloohsstkn";

/** How an expired session answers its next data call. */
export type ExpireMode = "silent" | "401" | "60003";

/** API endpoint names, as used by counters and fault `match`. */
export type Endpoint =
  | "generateSessionToken"
  | "login"
  | "getUserGravityStatus"
  | "getMissionImages"
  | "getMyPictures"
  | "getMissionFITS"
  | "deleteImage";

/** Request and byte counters. */
export interface Counters extends Record<Endpoint, number> {
  /** API calls to known endpoints. */
  apiCalls: number;
  fileGets: number;
  fileHeads: number;
  /** Body bytes handed to the HTTP layer for file GETs. */
  fileBytesSent: number;
  /** File GETs by URL path (no query). */
  fileGetsByPath: Map<string, number>;
}

/** One logged API call. */
export interface LoggedRequest {
  method: string;
  path: string;
  endpoint?: Endpoint;
  /** Parsed JSON body, or the raw text when it was not JSON, or undefined when empty. */
  body?: unknown;
  headers: Record<string, string>;
  /** Why the simulator rejected the call, when it did. */
  rejected?: string;
}

/** Real bodies by path, kind, size and version (see real_bodies.ts). */
export type RealBodies = (
  path: string,
  kind: FileKind,
  size: number,
  version: number,
) => Uint8Array | null;

/** Generator options without imageBase (the simulator supplies its own origin). */
export type AccountOptions = Omit<GenerateOptions, "imageBase">;

/** Options of Simulator.start. */
export interface SimulatorOptions {
  /** A ready account (rebased onto the server origin), generator options, or a builder. */
  account?: SimAccount | AccountOptions | ((imageBase: string) => SimAccount);
  /** Generator options, used when `account` is absent. */
  accountOptions?: AccountOptions;
  /** Max items per getMyPictures page whatever the client asks (default 40). */
  pageCap?: number;
  /** Max missions per getMissionImages page (default 18). */
  missionPageCap?: number;
  /** Delay before answering each file request. */
  fileDelayMs?: number;
  /** Delay before answering each API call. */
  apiDelayMs?: number;
  /** Bound of the request log (default 2000). */
  requestLogLimit?: number;
  /**
   * Serve star fields (real PNG pictures and FITS frames, padded to each file's size) instead of
   * noise with the right signature, for files listed large enough (about 150 KB): what a gallery
   * can show. Each mission's field is rendered once, on its first request.
   */
  realImages?: boolean;
}

/** One file the account should yield, for byte-exact comparisons. */
export interface ExpectedFile {
  url: string;
  /** URL path, the key of the file's content. */
  path: string;
  kind: "picture" | "fits";
  fileKind: FileKind;
  imageId?: number;
  missionId: number;
  /** imageDownloadFilename, FITS imageTitle, or the URL basename. */
  filename: string;
  size: number;
  version: number;
  capturedAt: Date;
  bytes(): Uint8Array;
  sha256(): string;
}

export interface FileVersion {
  version: number;
  size?: number;
}

export interface HostedFile {
  kind: FileKind;
  size: number;
  capturedAt: Date;
}

/** The URL path's last segment. */
export function basename(url: string): string {
  const path = fileKey(url);
  return path.slice(path.lastIndexOf("/") + 1);
}

/** PNG or FITS, from the path. */
export function kindOfPath(path: string): FileKind {
  return /\.fits?$/i.test(path) ? "fits" : "png";
}

/** The Content-Type a hosted file is served with. */
export function contentType(kind: FileKind): string {
  return kind === "png" ? "image/png" : "application/octet-stream";
}

/** Whether the option is a ready account rather than generator options. */
export function isAccount(a: unknown): a is SimAccount {
  return typeof a === "object" && a !== null && Array.isArray((a as SimAccount).pictures);
}

/** A small HTML page, as error pages and maintenance pages are. */
export function htmlPage(title: string, text: string): string {
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head>` +
    `<body><h1>${title}</h1><p>${text}</p></body></html>\n`;
}

/** Lists every file the account yields (pictures then FITS), with their expected content. */
export function expectedFiles(
  account: SimAccount,
  versions: ReadonlyMap<string, FileVersion> = new Map(),
  realBody?: RealBodies,
): ExpectedFile[] {
  const out: ExpectedFile[] = [];
  const add = (
    url: string,
    kind: "picture" | "fits",
    imageId: number | undefined,
    missionId: number,
    filename: string,
    baseSize: number,
    capturedAt: Date,
  ) => {
    const path = fileKey(url);
    const fileKind = kindOfPath(path);
    const v = versions.get(path);
    const version = v?.version ?? 0;
    const size = v?.size ?? baseSize;
    out.push({
      url,
      path,
      kind,
      fileKind,
      imageId,
      missionId,
      filename,
      size,
      version,
      capturedAt,
      bytes: () =>
        realBody?.(path, fileKind, size, version) ?? fileBytes(path, size, fileKind, version),
      sha256: () => {
        const real = realBody?.(path, fileKind, size, version);
        return real
          ? createHash("sha256").update(real).digest("hex")
          : fileSha256(path, size, fileKind, version);
      },
    });
  };
  for (const p of account.pictures) {
    add(
      p.url,
      "picture",
      p.imageId,
      p.missionId,
      p.downloadFilename || basename(p.url),
      p.size,
      p.imageTimestamp ? new Date(Number(p.imageTimestamp) * 1000) : p.capturedAt,
    );
  }
  for (const m of account.missions.values()) {
    for (const f of m.fits) {
      // A FITS file's time is its header's exposure start, as the library sets it.
      const at = fitsObservedAt(f.url) ?? m.capturedAt;
      add(f.url, "fits", f.imageId, m.id, f.title || basename(f.url), f.size, at);
    }
  }
  return out;
}

/** Counters at zero. */
export function newCounters(): Counters {
  return {
    generateSessionToken: 0,
    login: 0,
    getUserGravityStatus: 0,
    getMissionImages: 0,
    getMyPictures: 0,
    getMissionFITS: 0,
    deleteImage: 0,
    apiCalls: 0,
    fileGets: 0,
    fileHeads: 0,
    fileBytesSent: 0,
    fileGetsByPath: new Map(),
  };
}

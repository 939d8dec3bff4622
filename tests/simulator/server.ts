/**
 * The Slooh simulator: an HTTP server on 127.0.0.1 speaking the JSON API of slooh-api.md and
 * hosting the account's files, with fault injection and counters for tests.
 */
import {
  generateAccount,
  type GenerateOptions,
  rebaseAccount,
  type SimAccount,
  type SimMission,
  type SimPicture,
} from "./account.ts";
import {
  fileBytes,
  fileKey,
  type FileKind,
  fileSeed,
  fileSha256,
  fillFileBytes,
  fnv1a,
} from "./bytes.ts";

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

const ROUTES: Record<string, Endpoint> = {
  "/api/app/generateSessionToken": "generateSessionToken",
  "/api/users/login": "login",
  "/api/newdashboard/getUserGravityStatus": "getUserGravityStatus",
  "/api/images/getMissionImages": "getMissionImages",
  "/api/images/getMyPictures": "getMyPictures",
  "/api/images/getMissionFITS": "getMissionFITS",
  "/api/images/deleteImage": "deleteImage",
};

/** Fields every fault may carry. */
export interface FaultCommon {
  /** API: endpoint name (or a substring of the path). Files: a substring of the URL path. */
  match?: string;
  /** How many requests it affects (default 1; Infinity allowed). */
  times?: number;
  /** Let this many matching requests through untouched first (default 0). */
  skip?: number;
}

/** A fault to inject; see injectFault. */
export type Fault =
  & FaultCommon
  & (
    | { kind: "status"; status: number; retryAfter?: number; target?: "api" | "file" }
    | { kind: "reset"; afterBytes: number; target?: "api" | "file" }
    | { kind: "short"; afterBytes: number; target?: "api" | "file" }
    | { kind: "stall"; afterBytes: number; ms: number; target?: "api" | "file" }
    | { kind: "html"; status?: number; target?: "api" }
    | { kind: "invalid-json"; target?: "api" }
    | { kind: "error-body"; contentType?: string; target?: "file" }
    | { kind: "expire"; mode?: ExpireMode; target?: "api" | "file" }
  );

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

interface FileVersion {
  version: number;
  size?: number;
}

interface HostedFile {
  kind: FileKind;
  size: number;
  capturedAt: Date;
}

interface Session {
  token: string;
  expired: ExpireMode | null;
  auth?: { at: string; cid: string; token: string };
}

interface FaultSlot {
  fault: Fault;
  remaining: number;
  skip: number;
  /** Requests it affected. */
  hits: number;
}

type Json = Record<string, unknown>;

interface ApiResult {
  body: Json;
  status?: number;
  rejected?: string;
}

const OK = { apiError: false, errorCode: 0, errorMsg: "", statusCode: 200 };
const EXPIRED_MSG = "Your session has expired.";
const CHUNK = 64 * 1024;

function randomHex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function basename(url: string): string {
  const path = fileKey(url);
  return path.slice(path.lastIndexOf("/") + 1);
}

function kindOfPath(path: string): FileKind {
  return /\.fits?$/i.test(path) ? "fits" : "png";
}

function contentType(kind: FileKind): string {
  return kind === "png" ? "image/png" : "application/octet-stream";
}

function isAccount(a: unknown): a is SimAccount {
  return typeof a === "object" && a !== null && Array.isArray((a as SimAccount).pictures);
}

function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

function htmlPage(title: string, text: string): string {
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head>` +
    `<body><h1>${title}</h1><p>${text}</p></body></html>\n`;
}

/** Lists every file the account yields (pictures then FITS), with their expected content. */
export function expectedFiles(
  account: SimAccount,
  versions: ReadonlyMap<string, FileVersion> = new Map(),
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
      bytes: () => fileBytes(path, size, fileKind, version),
      sha256: () => fileSha256(path, size, fileKind, version),
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
      p.capturedAt,
    );
  }
  for (const m of account.missions.values()) {
    for (const f of m.fits) {
      add(f.url, "fits", f.imageId, m.id, f.title || basename(f.url), f.size, m.capturedAt);
    }
  }
  return out;
}

function newCounters(): Counters {
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

function faultTarget(f: Fault): "api" | "file" {
  switch (f.kind) {
    case "status":
    case "expire":
      return f.target ?? "api";
    case "html":
    case "invalid-json":
      return "api";
    case "error-body":
      return "file";
    default:
      return f.target ?? "file";
  }
}

/** A running simulator; create it with Simulator.start and close it when done. */
export class Simulator {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** Same as origin: clients call `${apiRoot}/api/...`. */
  readonly apiRoot: string;
  account: SimAccount;
  counts: Counters = newCounters();
  /** API calls only, oldest first, bounded. */
  requests: LoggedRequest[] = [];
  pageCap: number;
  /** Send getMyPictures' totalCount as "" (slooh-api.md: "May be empty"). */
  emptyTotalCount = false;
  missionPageCap: number;
  fileDelayMs: number;
  apiDelayMs: number;

  #server: Deno.HttpServer<Deno.NetAddr>;
  #logLimit: number;
  #sessions = new Map<string, Session>();
  #faults: FaultSlot[] = [];
  /** Every fault injected, pending or not (clearFaults keeps them: they may have fired). */
  #injected: FaultSlot[] = [];
  #versions = new Map<string, FileVersion>();
  /** Wake-ups of pending pauses, so close() never waits on a stalled body or a delay. */
  #wakers = new Set<() => void>();
  #closing = false;
  #closed: Promise<void> | undefined;

  #sig = "";
  #files = new Map<string, HostedFile>();
  #byMission = new Map<number, SimPicture[]>();
  #missions: SimMission[] = [];
  #previews = new Map<number, string>();

  private constructor(opts: SimulatorOptions) {
    this.pageCap = opts.pageCap ?? 40;
    this.missionPageCap = opts.missionPageCap ?? 18;
    this.fileDelayMs = opts.fileDelayMs ?? 0;
    this.apiDelayMs = opts.apiDelayMs ?? 0;
    this.#logLimit = opts.requestLogLimit ?? 2000;
    this.#server = Deno.serve({
      hostname: "127.0.0.1",
      port: 0,
      onListen() {},
      onError: (err) => new Response(`simulator error: ${err}`, { status: 500 }),
    }, (req) => this.#handle(req));
    this.origin = `http://127.0.0.1:${this.#server.addr.port}`;
    this.apiRoot = this.origin;
    const a = opts.account;
    if (typeof a === "function") this.account = a(this.origin);
    else if (isAccount(a)) this.account = rebaseAccount(a, this.origin);
    else this.account = generateAccount({ ...(a ?? opts.accountOptions), imageBase: this.origin });
    this.reindex();
  }

  /** Starts a simulator on an ephemeral port of 127.0.0.1. */
  static start(opts: SimulatorOptions = {}): Promise<Simulator> {
    return Promise.resolve(new Simulator(opts));
  }

  /** Stops the server; pending stalls and delays end at once. */
  close(): Promise<void> {
    if (!this.#closed) {
      this.#closing = true;
      for (const wake of [...this.#wakers]) wake();
      this.#closed = this.#server.shutdown();
    }
    return this.#closed;
  }

  /** Resets the counters and the request log. */
  resetCounts(): void {
    this.counts = newCounters();
    this.requests = [];
  }

  /** Invalidates every current session; later handshakes work again. */
  expireSessions(mode: ExpireMode = "silent"): void {
    for (const s of this.#sessions.values()) s.expired ??= mode;
  }

  /** Queues a fault; faults are matched in the order they were injected. */
  injectFault(fault: Fault): void {
    const slot = { fault, remaining: fault.times ?? 1, skip: fault.skip ?? 0, hits: 0 };
    this.#faults.push(slot);
    this.#injected.push(slot);
  }

  /** The faults injected so far that never affected a request (a test proves its fault fired). */
  unfiredFaults(): Fault[] {
    return this.#injected.filter((s) => s.hits === 0).map((s) => s.fault);
  }

  /** Removes every pending fault. */
  clearFaults(): void {
    this.#faults = [];
  }

  /** Number of faults still pending. */
  get pendingFaults(): number {
    return this.#faults.length;
  }

  /** Changes a file's content (and optionally size) on the server, e.g. between resume attempts. */
  setFileVersion(url: string, version: number, size?: number): void {
    this.#versions.set(fileKey(url), { version, size });
  }

  /** Current size of a hosted file (after setFileVersion), or undefined if unknown. */
  fileSize(url: string): number | undefined {
    this.#ensureIndex();
    const path = fileKey(url);
    return this.#versions.get(path)?.size ?? this.#files.get(path)?.size;
  }

  /** expectedFiles of the current account, honouring file versions. */
  expectedFiles(): ExpectedFile[] {
    return expectedFiles(this.account, this.#versions);
  }

  /** Rebuilds the lookup tables; done automatically when the roll or missions change size. */
  reindex(): void {
    const a = this.account;
    this.#files.clear();
    this.#byMission.clear();
    this.#previews.clear();
    for (const p of a.pictures) {
      const path = fileKey(p.url);
      this.#files.set(path, { kind: kindOfPath(path), size: p.size, capturedAt: p.capturedAt });
      let list = this.#byMission.get(p.missionId);
      if (!list) this.#byMission.set(p.missionId, list = []);
      list.push(p);
    }
    for (const m of a.missions.values()) {
      for (const f of m.fits) {
        const path = fileKey(f.url);
        this.#files.set(path, { kind: kindOfPath(path), size: f.size, capturedAt: m.capturedAt });
      }
      const pics = this.#byMission.get(m.id) ?? [];
      const preview = pics.find((p) => /_lrgb\.png/.test(p.url)) ?? pics[0];
      this.#previews.set(m.id, preview?.url ?? "");
    }
    this.#missions = [...a.missions.values()].sort((x, y) =>
      y.capturedAt.getTime() - x.capturedAt.getTime() || y.id - x.id
    );
    this.#sig = this.#signature();
  }

  #signature(): string {
    const p = this.account.pictures;
    return `${p.length}|${this.account.missions.size}|${p[0]?.imageId}|${p.at(-1)?.imageId}`;
  }

  #ensureIndex(): void {
    if (this.#signature() !== this.#sig) this.reindex();
  }

  /** Resolves after ms (Infinity = never), or at once when the simulator closes or wake() runs. */
  #pause(ms: number): { done: Promise<void>; wake: () => void } {
    let wake = () => {};
    const done = new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      wake = () => {
        if (timer !== undefined) clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve();
      };
      if (this.#closing) return resolve();
      this.#wakers.add(wake);
      if (Number.isFinite(ms)) timer = setTimeout(wake, Math.max(0, ms));
    });
    return { done, wake };
  }

  #takeFault(target: "api" | "file", endpoint: string | undefined, path: string) {
    for (let i = 0; i < this.#faults.length; i++) {
      const slot = this.#faults[i];
      const f = slot.fault;
      if (faultTarget(f) !== target) continue;
      if (f.match !== undefined && f.match !== endpoint && !path.includes(f.match)) continue;
      if (slot.skip > 0) {
        slot.skip--;
        continue;
      }
      slot.hits++;
      if (--slot.remaining <= 0) this.#faults.splice(i, 1);
      return f;
    }
    return undefined;
  }

  async #handle(req: Request): Promise<Response> {
    const path = new URL(req.url).pathname;
    if (path.startsWith("/api/")) return await this.#api(req, path);
    this.#ensureIndex();
    const file = this.#files.get(path);
    if (!file) return new Response("Not Found\n", { status: 404 });
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("Method Not Allowed\n", { status: 405, headers: { allow: "GET, HEAD" } });
    }
    return await this.#file(req, path, file);
  }

  // ---------------------------------------------------------------- API

  async #api(req: Request, path: string): Promise<Response> {
    const endpoint = ROUTES[path];
    if (!endpoint) return new Response("Not Found\n", { status: 404 });
    if (req.method !== "POST") {
      return new Response("Method Not Allowed\n", { status: 405, headers: { allow: "POST" } });
    }
    const raw = await req.text();
    let body: unknown;
    let malformed = false;
    if (raw.trim() !== "") {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
        malformed = true;
      }
    }
    this.counts[endpoint]++;
    this.counts.apiCalls++;
    const entry: LoggedRequest = {
      method: req.method,
      path,
      endpoint,
      body,
      headers: Object.fromEntries(req.headers),
    };
    this.requests.push(entry);
    if (this.requests.length > this.#logLimit) this.requests.shift();
    if (this.apiDelayMs > 0) await this.#pause(this.apiDelayMs).done;

    this.#ensureIndex();
    const fault = this.#takeFault("api", endpoint, path);
    if (fault?.kind === "expire") this.expireSessions(fault.mode ?? "silent");
    if (fault?.kind === "status") return this.#statusFault(fault.status, fault.retryAfter);
    if (fault?.kind === "html") {
      const html = htmlPage(
        "Slooh is down for maintenance",
        "We are performing scheduled maintenance. Please check back soon.",
      );
      return new Response(html, {
        status: fault.status ?? 200,
        headers: { "content-type": "text/html; charset=utf-8" },
      });
    }

    const result: ApiResult = malformed
      ? { body: this.#invalid("Malformed JSON body"), status: 400, rejected: "malformed JSON" }
      : this.#dispatch(endpoint, req, body);
    if (result.rejected) entry.rejected = result.rejected;
    let text = JSON.stringify(result.body);
    if (fault?.kind === "invalid-json") text = text.slice(0, Math.max(1, text.length >> 1));
    const bytes = new TextEncoder().encode(text);
    const headers: Record<string, string> = {
      "content-type": "application/json; charset=utf-8",
      "content-length": String(bytes.length),
    };
    if (result.rejected) headers["x-sim-rejected"] = result.rejected.replace(/[^\x20-\x7e]/g, "?");
    const status = result.status ?? 200;
    if (fault?.kind === "reset" || fault?.kind === "short" || fault?.kind === "stall") {
      const stream = this.#body(
        bytes.length,
        (off, out) => out.set(bytes.subarray(off, off + out.length)),
        fault,
        () => {},
      );
      return new Response(stream, { status, headers });
    }
    return new Response(bytes, { status, headers });
  }

  #statusFault(status: number, retryAfter?: number): Response {
    const headers: Record<string, string> = { "content-type": "text/html; charset=utf-8" };
    if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
    const html = htmlPage(`${status} Error`, "The server could not handle the request.");
    return new Response(html, { status, headers });
  }

  #invalid(msg: string): Json {
    return { apiError: true, errorCode: 400, errorMsg: msg, statusCode: 400 };
  }

  #expiredBody(mode: "401" | "60003"): Json {
    return {
      apiError: true,
      errorCode: mode === "60003" ? 60003 : 0,
      errorMsg: EXPIRED_MSG,
      statusCode: 401,
    };
  }

  #dispatch(endpoint: Endpoint, req: Request, body: unknown): ApiResult {
    if (endpoint === "generateSessionToken") {
      const token = randomHex(16);
      this.#sessions.set(token, { token, expired: null });
      return { body: { sloohSessionToken: token, ...OK } };
    }
    const cookie = parseCookies(req.headers.get("cookie")).get(SESSION_COOKIE);
    const session = cookie === undefined ? undefined : this.#sessions.get(cookie);
    if (endpoint === "login") return this.#login(session, body);

    const b = (typeof body === "object" && body !== null && !Array.isArray(body))
      ? body as Json
      : undefined;
    const reject = (why: string): ApiResult => ({
      body: this.#expiredBody("60003"),
      rejected: why,
    });
    if (!session) return reject(`no valid ${SESSION_COOKIE} cookie`);
    if (session.expired === "silent") return { body: this.#silent(endpoint, b) };
    if (session.expired) return { body: this.#expiredBody(session.expired), rejected: "expired" };
    if (!session.auth) return reject("session is not logged in");
    if (!b) return reject("body is not a JSON object");
    if (b.productId !== PRODUCT_ID) return reject("missing or wrong productId");
    if (b.locale !== "en") return reject("missing or wrong locale");
    // CE's delete request carries no session-token field; every other call must echo the cookie.
    if (endpoint !== "deleteImage" || b.sloohSiteSessionToken !== undefined) {
      if (b.sloohSiteSessionToken !== session.token) {
        return reject("sloohSiteSessionToken must equal the cookie");
      }
    }
    for (const k of ["at", "cid", "token"] as const) {
      if (b[k] !== session.auth[k]) return reject(`${k} does not match the session`);
    }
    switch (endpoint) {
      case "getUserGravityStatus":
        return {
          body: {
            ...OK,
            memberSince: "Member since 2021",
            gravityPoints: 18450,
            currentTierName: "Astronomer",
            nextTierName: "Astronomer II",
            currentTierProgress: 450,
            maxTierProgress: 1000,
          },
        };
      case "getMissionImages":
        return this.#missionImages(b);
      case "getMyPictures":
        return this.#myPictures(b);
      case "getMissionFITS":
        return this.#missionFits(b);
      case "deleteImage":
        return this.#deleteImage(b);
    }
  }

  #login(session: Session | undefined, body: unknown): ApiResult {
    const fail = (why: string, extra: Json): ApiResult => ({
      body: { loginError: "true", ...extra },
      rejected: why,
    });
    if (!session || session.expired) {
      return fail(`no valid ${SESSION_COOKIE} cookie`, this.#expiredBody("60003"));
    }
    const b = (typeof body === "object" && body !== null ? body : {}) as Json;
    if (b.productId !== PRODUCT_ID || b.locale !== "en") {
      return fail("missing or wrong productId/locale", this.#invalid("Invalid request"));
    }
    const sst = b.sloohSiteSessionToken;
    if (sst !== undefined && sst !== null && sst !== session.token) {
      return fail("sloohSiteSessionToken differs from the cookie", this.#expiredBody("60003"));
    }
    const a = this.account;
    if (b.username !== a.username || b.passwd !== a.password) {
      return {
        body: { loginError: "true", errorCode: 1001, errorMsg: "Invalid username or password" },
        rejected: "wrong credentials (the password field is passwd)",
      };
    }
    session.auth = { at: "3", cid: a.userId, token: randomHex(16) };
    return {
      body: {
        ...OK,
        loginError: "false",
        fname: a.displayName.split(" ")[0],
        userid: a.userId,
        displayName: a.displayName,
        avatarURL: `${this.origin}/assets/avatars/default.png`,
        cid: session.auth.cid,
        customerUUID: `9a1b2c3d-4e5f-11ee-8c99-${a.userId.padStart(12, "0")}`,
        at: session.auth.at,
        membershipType: "Astronomer",
        subscriptionPlanName: "Astronomer (Annual)",
        status: "active",
        token: session.auth.token,
      },
    };
  }

  /** What an expired "silent" session gets: a well-formed, empty answer. */
  #silent(endpoint: Endpoint, b: Json | undefined): Json {
    switch (endpoint) {
      case "getMyPictures":
        return {
          ...OK,
          maxImageCount: b?.maxImageCount,
          firstImageNumber: b?.firstImageNumber,
          imageCount: 0,
          totalCount: "0",
          imageList: [],
        };
      case "getMissionImages":
        return {
          ...OK,
          firstMissionNumber: b?.firstMissionNumber,
          imageCount: 0,
          totalCount: 0,
          imageList: [],
        };
      case "getMissionFITS":
        return { ...OK, groupList: [] };
      default:
        return { ...OK };
    }
  }

  #intParam(b: Json, name: string, min: number): number | string {
    const v = b[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
      return `${name} must be a JSON integer >= ${min} (got ${JSON.stringify(v)})`;
    }
    return v;
  }

  #missionImages(b: Json): ApiResult {
    const max = this.#intParam(b, "maxMissionCount", 1);
    const first = this.#intParam(b, "firstMissionNumber", 1);
    if (typeof max === "string") return { body: this.#invalid(max), rejected: max };
    if (typeof first === "string") return { body: this.#invalid(first), rejected: first };
    const n = Math.min(max, this.missionPageCap);
    const page = this.#missions.slice(first - 1, first - 1 + n);
    return {
      body: {
        ...OK,
        firstMissionNumber: first,
        maxMissionCount: max,
        imageCount: page.length,
        totalCount: this.#missions.length,
        imageList: page.map((m) => ({
          scheduledMissionId: m.id,
          imageTitle: m.title,
          displayDate: m.displayDate,
          displayTime: m.displayTime,
          imageURL: this.#previews.get(m.id) ?? "",
          missionImageCount: String(this.#byMission.get(m.id)?.length ?? 0),
          missionOwner: m.owner,
          fitsIsAvailable: m.fitsAvailable,
          telescopeName: m.telescope,
          instrumentName: m.instrument,
        })),
      },
    };
  }

  #myPictures(b: Json): ApiResult {
    const viewType = b.viewType;
    if (viewType !== "photoRoll" && viewType !== "missions") {
      const why = `viewType must be "photoRoll" or "missions" (got ${JSON.stringify(viewType)})`;
      return { body: this.#invalid(why), rejected: why };
    }
    for (
      const [name, min] of [["scheduledMissionId", 0], ["maxImageCount", 1], [
        "firstImageNumber",
        1,
      ]] as const
    ) {
      const v = this.#intParam(b, name, min);
      if (typeof v === "string") return { body: this.#invalid(v), rejected: v };
    }
    const missionId = b.scheduledMissionId as number;
    const max = b.maxImageCount as number;
    const first = b.firstImageNumber as number;
    // photoRoll is the whole roll whatever the mission id; "missions" + 0 = non-mission captures.
    const list = viewType === "photoRoll"
      ? this.account.pictures
      : this.#byMission.get(missionId) ?? [];
    const page = list.slice(first - 1, first - 1 + Math.min(max, this.pageCap));
    const owner = this.account.displayName;
    return {
      body: {
        ...OK,
        maxImageCount: max,
        firstImageNumber: first,
        imageCount: page.length,
        totalCount: this.emptyTotalCount ? "" : String(list.length),
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

  #missionFits(b: Json): ApiResult {
    const id = this.#intParam(b, "scheduledMissionId", 0);
    if (typeof id === "string") return { body: this.#invalid(id), rejected: id };
    const m = id > 0 ? this.account.missions.get(id) : undefined;
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

  #deleteImage(b: Json): ApiResult {
    const id = this.#intParam(b, "customerImageId", 1);
    if (typeof id === "string") return { body: this.#invalid(id), rejected: id };
    const idx = this.account.pictures.findIndex((p) => p.customerImageId === id);
    if (idx < 0) {
      return {
        body: { apiError: true, errorCode: 404, errorMsg: "Image not found", statusCode: 404 },
      };
    }
    this.account.pictures.splice(idx, 1);
    this.reindex();
    return { body: { ...OK } };
  }

  // ---------------------------------------------------------------- files

  async #file(req: Request, path: string, file: HostedFile): Promise<Response> {
    const head = req.method === "HEAD";
    if (head) this.counts.fileHeads++;
    else {
      this.counts.fileGets++;
      this.counts.fileGetsByPath.set(path, (this.counts.fileGetsByPath.get(path) ?? 0) + 1);
    }
    if (this.fileDelayMs > 0) await this.#pause(this.fileDelayMs).done;

    const fault = this.#takeFault("file", undefined, path);
    if (fault?.kind === "expire") this.expireSessions(fault.mode ?? "silent");
    if (fault?.kind === "status") return this.#statusFault(fault.status, fault.retryAfter);
    if (fault?.kind === "error-body") {
      const html = new TextEncoder().encode(htmlPage(
        "403 Forbidden",
        "<b>Access denied</b>: you do not have permission to access this resource.",
      ));
      return new Response(head ? null : html, {
        status: 200,
        headers: {
          "content-type": fault.contentType ?? contentType(file.kind),
          "content-length": String(html.length),
        },
      });
    }

    const v = this.#versions.get(path);
    const version = v?.version ?? 0;
    const size = v?.size ?? file.size;
    const etag = `"${fnv1a(path).toString(16)}-${version}-${size}"`;
    const lastModified = new Date(
      Math.floor(file.capturedAt.getTime() / 1000) * 1000 + 3_600_000 + version * 60_000,
    ).toUTCString();
    const headers: Record<string, string> = {
      "content-type": contentType(file.kind),
      "etag": etag,
      "last-modified": lastModified,
      "accept-ranges": "bytes",
    };

    let start = 0;
    let end = size;
    let status = 200;
    const range = req.headers.get("range");
    const ifRange = req.headers.get("if-range");
    const rangeApplies = range !== null &&
      (ifRange === null || ifRange === etag || ifRange === lastModified);
    const m = rangeApplies ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
    if (m && (m[1] !== "" || m[2] !== "")) {
      if (m[1] === "") {
        start = Math.max(0, size - Number(m[2]));
      } else {
        start = Number(m[1]);
        if (m[2] !== "") end = Math.min(size, Number(m[2]) + 1);
      }
      if (start >= size || end <= start || (m[1] === "" && Number(m[2]) === 0)) {
        return new Response(null, {
          status: 416,
          headers: { ...headers, "content-range": `bytes */${size}` },
        });
      }
      status = 206;
      headers["content-range"] = `bytes ${start}-${end - 1}/${size}`;
    }
    headers["content-length"] = String(end - start);
    if (head) return new Response(null, { status, headers });

    const seed = fileSeed(path, version);
    const bodyFault = fault?.kind === "reset" || fault?.kind === "short" || fault?.kind === "stall"
      ? fault
      : undefined;
    const stream = this.#body(
      end - start,
      (off, out) => fillFileBytes(seed, file.kind, start + off, out),
      bodyFault,
      (n) => this.counts.fileBytesSent += n,
    );
    return new Response(stream, { status, headers });
  }

  /**
   * A pull stream of `length` bytes with an optional body fault. Ending before `length` while a
   * Content-Length is declared makes Deno drop the connection, which is what clients must survive.
   */
  #body(
    length: number,
    fill: (offset: number, out: Uint8Array) => void,
    fault: Extract<Fault, { afterBytes: number }> | undefined,
    sent: (n: number) => void,
  ): ReadableStream<Uint8Array> {
    let pos = 0;
    const cutAt = fault ? Math.max(0, Math.min(fault.afterBytes, length)) : Infinity;
    let stalled = false;
    let cancelled = false;
    let pending: { done: Promise<void>; wake: () => void } | undefined;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        if (pos >= length) return controller.close();
        if (pos >= cutAt && fault) {
          if (fault.kind !== "stall") return controller.close();
          if (!stalled) {
            stalled = true;
            pending = this.#pause(fault.ms);
            await pending.done;
            pending = undefined;
            if (cancelled) return;
            if (this.#closing) return controller.close();
          }
        }
        const limit = pos < cutAt ? Math.min(cutAt, length) : length;
        const chunk = new Uint8Array(Math.min(CHUNK, limit - pos));
        fill(pos, chunk);
        pos += chunk.length;
        sent(chunk.length);
        controller.enqueue(chunk);
      },
      cancel: () => {
        cancelled = true;
        pending?.wake();
      },
    }, { highWaterMark: 0 });
  }
}

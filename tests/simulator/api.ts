/** The simulated JSON API of slooh-api.md: sessions, login and the data endpoints. */
import type { SimAccount } from "./account.ts";
import type { AccountIndex } from "./account_index.ts";
import { type Endpoint, type ExpireMode, PRODUCT_ID, SESSION_COOKIE } from "./sim_types.ts";

/** API paths and the endpoint names counters and faults use. */
export const ROUTES: Record<string, Endpoint> = {
  "/api/app/generateSessionToken": "generateSessionToken",
  "/api/users/login": "login",
  "/api/newdashboard/getUserGravityStatus": "getUserGravityStatus",
  "/api/images/getMissionImages": "getMissionImages",
  "/api/images/getMyPictures": "getMyPictures",
  "/api/images/getMissionFITS": "getMissionFITS",
  "/api/images/deleteImage": "deleteImage",
};

/** One session token handed out, and what became of it. */
interface Session {
  token: string;
  expired: ExpireMode | null;
  auth?: { at: string; cid: string; token: string };
}

type Json = Record<string, unknown>;

/** An endpoint's answer, and why the simulator rejected the call, when it did. */
export interface ApiResult {
  body: Json;
  status?: number;
  rejected?: string;
}

/** The envelope of a successful answer. */
const OK = { apiError: false, errorCode: 0, errorMsg: "", statusCode: 200 };
/** What Slooh says to an expired session. */
const EXPIRED_MSG = "Your session has expired.";
function randomHex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

/** An API error answer for a bad request. */
function invalid(msg: string): Json {
  return { apiError: true, errorCode: 400, errorMsg: msg, statusCode: 400 };
}

/** The answer of an expired session that says so (401 or 60003). */
function expiredBody(mode: "401" | "60003"): Json {
  return {
    apiError: true,
    errorCode: mode === "60003" ? 60003 : 0,
    errorMsg: EXPIRED_MSG,
    statusCode: 401,
  };
}

export type { AccountIndex } from "./account_index.ts";

/** What the API reads of the simulator (the simulator itself: its settings may change). */
export interface ApiWorld {
  readonly account: SimAccount;
  readonly origin: string;
  readonly pageCap: number;
  readonly missionPageCap: number;
  readonly emptyTotalCount: boolean;
  reindex(): void;
}

/** The API's logic; the server counts, logs and injects faults around it. */
export class SloohApi {
  readonly sessions = new Map<string, Session>();

  constructor(private readonly world: ApiWorld, private readonly index: AccountIndex) {}

  /** Invalidates every current session; later handshakes work again. */
  expireSessions(mode: ExpireMode): void {
    for (const s of this.sessions.values()) s.expired ??= mode;
  }

  /** The answer to one call of `endpoint`. */
  dispatch(endpoint: Endpoint, req: Request, body: unknown): ApiResult {
    if (endpoint === "generateSessionToken") {
      const token = randomHex(16);
      this.sessions.set(token, { token, expired: null });
      return { body: { sloohSessionToken: token, ...OK } };
    }
    const cookie = parseCookies(req.headers.get("cookie")).get(SESSION_COOKIE);
    const session = cookie === undefined ? undefined : this.sessions.get(cookie);
    if (endpoint === "login") return this.#login(session, body);

    const b = (typeof body === "object" && body !== null && !Array.isArray(body))
      ? body as Json
      : undefined;
    const reject = (why: string): ApiResult => ({
      body: expiredBody("60003"),
      rejected: why,
    });
    if (!session) return reject(`no valid ${SESSION_COOKIE} cookie`);
    if (session.expired === "silent") return { body: this.#silent(endpoint, b) };
    if (session.expired) return { body: expiredBody(session.expired), rejected: "expired" };
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
      return fail(`no valid ${SESSION_COOKIE} cookie`, expiredBody("60003"));
    }
    const b = (typeof body === "object" && body !== null ? body : {}) as Json;
    if (b.productId !== PRODUCT_ID || b.locale !== "en") {
      return fail("missing or wrong productId/locale", invalid("Invalid request"));
    }
    const sst = b.sloohSiteSessionToken;
    if (sst !== undefined && sst !== null && sst !== session.token) {
      return fail("sloohSiteSessionToken differs from the cookie", expiredBody("60003"));
    }
    const a = this.world.account;
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
        avatarURL: `${this.world.origin}/assets/avatars/default.png`,
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
    if (typeof max === "string") return { body: invalid(max), rejected: max };
    if (typeof first === "string") return { body: invalid(first), rejected: first };
    const n = Math.min(max, this.world.missionPageCap);
    const page = this.index.missions.slice(first - 1, first - 1 + n);
    return {
      body: {
        ...OK,
        firstMissionNumber: first,
        maxMissionCount: max,
        imageCount: page.length,
        totalCount: this.index.missions.length,
        imageList: page.map((m) => ({
          scheduledMissionId: m.id,
          imageTitle: m.title,
          displayDate: m.displayDate,
          displayTime: m.displayTime,
          imageURL: this.index.previews.get(m.id) ?? "",
          missionImageCount: String(this.index.byMission.get(m.id)?.length ?? 0),
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
      return { body: invalid(why), rejected: why };
    }
    for (
      const [name, min] of [["scheduledMissionId", 0], ["maxImageCount", 1], [
        "firstImageNumber",
        1,
      ]] as const
    ) {
      const v = this.#intParam(b, name, min);
      if (typeof v === "string") return { body: invalid(v), rejected: v };
    }
    const missionId = b.scheduledMissionId as number;
    const max = b.maxImageCount as number;
    const first = b.firstImageNumber as number;
    // photoRoll is the whole roll whatever the mission id; "missions" + 0 = non-mission captures.
    const list = viewType === "photoRoll"
      ? this.world.account.pictures
      : this.index.byMission.get(missionId) ?? [];
    const page = list.slice(first - 1, first - 1 + Math.min(max, this.world.pageCap));
    const owner = this.world.account.displayName;
    return {
      body: {
        ...OK,
        maxImageCount: max,
        firstImageNumber: first,
        imageCount: page.length,
        totalCount: this.world.emptyTotalCount ? "" : String(list.length),
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

  #missionFits(b: Json): ApiResult {
    const id = this.#intParam(b, "scheduledMissionId", 0);
    if (typeof id === "string") return { body: invalid(id), rejected: id };
    const m = id > 0 ? this.world.account.missions.get(id) : undefined;
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
    if (typeof id === "string") return { body: invalid(id), rejected: id };
    const idx = this.world.account.pictures.findIndex((p) => p.customerImageId === id);
    if (idx < 0) {
      return {
        body: { apiError: true, errorCode: 404, errorMsg: "Image not found", statusCode: 404 },
      };
    }
    this.world.account.pictures.splice(idx, 1);
    this.world.reindex();
    return { body: { ...OK } };
  }
}

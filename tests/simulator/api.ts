/** The simulated JSON API of slooh-api.md: sessions, login, and routing to the data answers. */
import type { AccountIndex } from "./account_index.ts";
import { type DataWorld, missionFits, missionImages, myPictures } from "./data_answers.ts";
import { type ApiResult, intParam, invalid, type Json, OK } from "./envelope.ts";
import { type Endpoint, type ExpireMode, PRODUCT_ID, SESSION_COOKIE } from "./sim_types.ts";

export type { AccountIndex } from "./account_index.ts";
export type { ApiResult } from "./envelope.ts";

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

/** The answer of an expired session that says so (401 or 60003). */
function expiredBody(mode: "401" | "60003"): Json {
  return {
    apiError: true,
    errorCode: mode === "60003" ? 60003 : 0,
    errorMsg: EXPIRED_MSG,
    statusCode: 401,
  };
}

/** What the API reads of the simulator (the simulator itself: its settings may change). */
export interface ApiWorld extends DataWorld {
  readonly origin: string;
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
        return missionImages(this.world, this.index, b);
      case "getMyPictures":
        return myPictures(this.world, this.index, b);
      case "getMissionFITS":
        return missionFits(this.world.account, b);
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

  #deleteImage(b: Json): ApiResult {
    const id = intParam(b, "customerImageId", 1);
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

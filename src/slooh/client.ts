/** The Slooh web API client: handshake, envelope checks, retries and session renewal. */
import { AuthError, ConfigError, FatalError } from "../errors.ts";
import type { RetryWait } from "../net/retry.ts";
import { Transport, type TransportOptions } from "./transport.ts";
import type { Account, GravityStatus, Item, Mission } from "./types.ts";
import {
  type AuthTriple,
  envelope,
  type FitsParent,
  isSessionError,
  obj,
  type PicturePage,
  str,
  toFitsItems,
  toGravity,
  toLogin,
  toMissionPage,
  toPicturePage,
} from "./wire.ts";

/** Slooh's constant product id, sent in every body. */
export const PRODUCT_ID = "ee26fb6d-3351-11eb-83b9-0655cc43ca95";
/** The API root used when none is configured. */
export const DEFAULT_BASE_URL = "https://app.slooh.com";
const SESSION_COOKIE = "_sloohsstkn";

/** Options of a client. */
export interface ClientOptions extends TransportOptions {
  baseUrl: string;
  username: string;
  password: string;
  /** Told of each wait before a retry. */
  onWait?: (wait: RetryWait) => void;
}

/** Which view of getMyPictures to page through. */
export type PictureView =
  | { kind: "photoRoll" }
  | { kind: "mission"; missionId: number }
  | { kind: "captures" };

class SessionExpired extends Error {}

/** True for hosts where plain http cannot leak the password beyond this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** A logged-in conversation with Slooh; one API call in flight at a time. */
export class SloohClient {
  readonly baseUrl: string;
  account: Account | null = null;
  #opts: ClientOptions;
  #http: Transport;
  #sessionToken = "";
  #auth: AuthTriple | null = null;
  #sawData = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: ClientOptions) {
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      throw new ConfigError(`Invalid Slooh API URL: ${opts.baseUrl}`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new ConfigError(`Invalid Slooh API URL (use https://): ${opts.baseUrl}`);
    }
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
      throw new ConfigError(
        `Refusing to send your password over plain http to ${url.hostname}; use https://`,
      );
    }
    this.baseUrl = url.href.replace(/\/+$/, "");
    this.#opts = opts;
    this.#http = new Transport(this.baseUrl, opts);
    this.#http.onWait = opts.onWait ?? null;
  }

  /** The username this client logs in with. */
  get username(): string {
    return this.#opts.username;
  }

  /** API calls made, by endpoint name. */
  get calls(): ReadonlyMap<string, number> {
    return this.#http.calls;
  }

  /** Time spent in API calls so far, ms: the picture roll's pages, missions, and the rest. */
  apiTime(): { pagesMs: number; missionSearchMs: number; loginMs: number } {
    const t = { pagesMs: 0, missionSearchMs: 0, loginMs: 0 };
    for (const [name, ms] of this.#http.callMs) {
      if (name === "getMyPictures") t.pagesMs += ms;
      else if (name.startsWith("getMission")) t.missionSearchMs += ms;
      else t.loginMs += ms;
    }
    return t;
  }

  /** Told of each wait before a retry (a run points it at its events). */
  get onWait(): ((wait: RetryWait) => void) | null {
    return this.#http.onWait;
  }

  set onWait(fn: ((wait: RetryWait) => void) | null) {
    this.#http.onWait = fn;
  }

  /** Runs the full handshake: session token, cookie, login. */
  async login(): Promise<Account> {
    try {
      return await this.#handshake();
    } catch (e) {
      if (!(e instanceof SessionExpired)) throw e;
      // A session Slooh dropped between its two steps: once more from a new session token.
      this.#opts.trace?.("session refused at login; starting again");
      try {
        return await this.#handshake();
      } catch (again) {
        if (!(again instanceof SessionExpired)) throw again;
        throw new FatalError("Slooh keeps refusing new sessions at login; try again later.");
      }
    }
  }

  async #handshake(): Promise<Account> {
    this.#http.cookies.clear();
    this.#auth = null;
    const session = await this.#http.post(
      "generateSessionToken",
      "/api/app/generateSessionToken",
      null,
    );
    const token = str(obj(session).sloohSessionToken);
    if (!token) throw new FatalError("Slooh did not hand out a session token; try again later.");
    this.#sessionToken = token;
    this.#http.cookies.set(SESSION_COOKIE, token);
    const raw = await this.#http.post("login", "/api/users/login", {
      username: this.#opts.username,
      passwd: this.#opts.password,
      sloohSiteSessionToken: token,
      productId: PRODUCT_ID,
      locale: "en",
    });
    const env = envelope(raw);
    const login = toLogin(raw);
    if (env.loginError || env.apiError || !login) {
      // 60003, "bad login session", is the session, not the account (slooh-api.md §14); a 401
      // may well be the credentials, so it stays a refusal below.
      if (env.errorCode === 60003) throw new SessionExpired();
      // Only a refusal of the credentials is an AuthError (exit 3, which ends a watch); a server
      // error inside the answer is an outage, which the next run outlives.
      if (env.loginError && env.statusCode < 500) {
        const why = env.errorMsg || "invalid username or password";
        throw new AuthError(`Slooh refused the login for ${this.#opts.username}: ${why}`);
      }
      throw new FatalError(
        `Slooh could not log in ${this.#opts.username} just now: ` +
          `${env.errorMsg || "no account in its answer"} ` +
          `(code ${env.errorCode}, status ${env.statusCode}); try again later.`,
      );
    }
    this.#auth = login.auth;
    this.account = login.account;
    return login.account;
  }

  /** One page of pictures (1-based `first`); the server may send fewer than `max`. */
  picturesPage(view: PictureView, first: number, max: number): Promise<PicturePage> {
    return this.#authed(async () => {
      const raw = await this.#call("getMyPictures", "/api/images/getMyPictures", {
        scheduledMissionId: view.kind === "mission" ? view.missionId : 0,
        maxImageCount: max,
        firstImageNumber: first,
        viewType: view.kind === "photoRoll" ? "photoRoll" : "missions",
      });
      const page = toPicturePage(raw);
      // Silent expiry: an expired session gets "0 pictures" with no error at all.
      if (page.total === 0 && page.entries.length === 0 && this.#sawData) {
        throw new SessionExpired();
      }
      if (page.entries.length > 0) this.#sawData = true;
      return page;
    });
  }

  /** The FITS frames of one mission, inheriting the mission's title, telescope and time. */
  missionFits(parent: FitsParent): Promise<Item[]> {
    return this.#authed(async () => {
      const raw = await this.#call("getMissionFITS", "/api/images/getMissionFITS", {
        scheduledMissionId: parent.missionId,
        maxImageCount: 100,
        firstImageNumber: 1,
        viewType: "missions",
      });
      const items = toFitsItems(raw, parent);
      // An expired session also answers "no FITS"; make sure before believing it.
      if (items.length === 0 && await this.#sessionLooksExpired()) throw new SessionExpired();
      return items;
    });
  }

  /** One page of the mission list (1-based `first`). */
  missionsPage(
    first: number,
    max: number,
  ): Promise<{ total: number; missions: Mission[]; received: number }> {
    return this.#authed(async () => {
      const raw = await this.#call("getMissionImages", "/api/images/getMissionImages", {
        maxMissionCount: max,
        firstMissionNumber: first,
      });
      const page = toMissionPage(raw);
      if (page.total === 0 && page.received === 0 && this.#sawData) throw new SessionExpired();
      if (page.total > 0) this.#sawData = true;
      return page;
    });
  }

  /** Gravity points and tier of the member. */
  gravity(): Promise<GravityStatus> {
    return this.#authed(async () =>
      toGravity(
        await this.#call("getUserGravityStatus", "/api/newdashboard/getUserGravityStatus", {}),
      )
    );
  }

  async #sessionLooksExpired(): Promise<boolean> {
    if (!this.#sawData) return false;
    const probe = toPicturePage(
      await this.#call("getMyPictures", "/api/images/getMyPictures", {
        scheduledMissionId: 0,
        maxImageCount: 1,
        firstImageNumber: 1,
        viewType: "photoRoll",
      }),
    );
    return probe.total === 0 && probe.entries.length === 0;
  }

  /** Serialises API calls and renews the session once when Slooh says (or hints) it expired. */
  #authed<T>(fn: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (!this.#auth) await this.login();
      try {
        return await fn();
      } catch (e) {
        if (!(e instanceof SessionExpired)) throw e;
        this.#opts.trace?.("session expired; logging in again");
        await this.login();
        try {
          return await fn();
        } catch (again) {
          if (again instanceof SessionExpired) {
            throw new FatalError("Slooh keeps rejecting the session right after a new login.");
          }
          throw again;
        }
      }
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => {});
    return result;
  }

  async #call(name: string, path: string, fields: Record<string, unknown>): Promise<unknown> {
    const raw = await this.#http.post(name, path, {
      ...fields,
      ...this.#auth,
      sloohSiteSessionToken: this.#sessionToken,
      productId: PRODUCT_ID,
      locale: "en",
    });
    const env = envelope(raw);
    if (isSessionError(env)) throw new SessionExpired();
    if (env.apiError) {
      throw new FatalError(
        `Slooh reported an error on ${name}: ${env.errorMsg || "no message"} ` +
          `(code ${env.errorCode}, status ${env.statusCode})`,
      );
    }
    return raw;
  }
}

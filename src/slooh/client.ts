/** The Slooh web API client: handshake, envelope checks, retries and session renewal. */
import { AuthError, ConfigError, FatalError } from "../errors.ts";
import { isRetryableStatus, parseRetryAfter } from "../net/backoff.ts";
import { type RetryWait, withRetry } from "../net/retry.ts";
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
export interface ClientOptions {
  baseUrl: string;
  username: string;
  password: string;
  /** Retries of one API call on network errors, 5xx, 429 and garbage bodies. */
  retries?: number;
  /** First backoff step in ms (doubles each attempt). */
  retryBaseMs?: number;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Receives redacted HTTP traces (verbose mode). */
  trace?: (line: string) => void;
  /** Told of each wait before a retry. */
  onWait?: (wait: RetryWait) => void;
}

/** Which view of getMyPictures to page through. */
export type PictureView =
  | { kind: "photoRoll" }
  | { kind: "mission"; missionId: number }
  | { kind: "captures" };

class SessionExpired extends Error {}

/** A failed API call that may succeed when tried again. */
class Transient extends Error {
  constructor(message: string, readonly retryAfterMs: number | null = null) {
    super(message);
  }
}

/** True for hosts where plain http cannot leak the password beyond this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

// A value ends at an unescaped quote, or at the end of a cut-off text.
const SECRET_FIELDS =
  /"(passwd|token|at|cid|sloohSiteSessionToken|sloohSessionToken)"\s*:\s*"(?:[^"\\]|\\.)*(?:"|$)/g;

/** Hides credentials and session values in a traced body. */
export function redact(text: string): string {
  return text.replace(SECRET_FIELDS, '"$1":"***"');
}

/** A logged-in conversation with Slooh; one API call in flight at a time. */
export class SloohClient {
  readonly baseUrl: string;
  /** API calls made, by endpoint name. */
  readonly calls = new Map<string, number>();
  account: Account | null = null;
  /** Told of each wait before a retry (a run points it at its events). */
  onWait: ((wait: RetryWait) => void) | null;
  #opts: ClientOptions;
  #cookies = new Map<string, string>();
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
    this.onWait = opts.onWait ?? null;
  }

  /** Runs the full handshake: session token, cookie, login. */
  async login(): Promise<Account> {
    this.#cookies.clear();
    this.#auth = null;
    const session = await this.#post("generateSessionToken", "/api/app/generateSessionToken", null);
    const token = str(obj(session).sloohSessionToken);
    if (!token) throw new FatalError("Slooh did not hand out a session token; try again later.");
    this.#sessionToken = token;
    this.#cookies.set(SESSION_COOKIE, token);
    const raw = await this.#post("login", "/api/users/login", {
      username: this.#opts.username,
      passwd: this.#opts.password,
      sloohSiteSessionToken: token,
      productId: PRODUCT_ID,
      locale: "en",
    });
    const env = envelope(raw);
    const login = toLogin(raw);
    if (env.loginError || env.apiError || !login) {
      const why = env.errorMsg || "invalid username or password";
      throw new AuthError(`Slooh refused the login for ${this.#opts.username}: ${why}`);
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
    const raw = await this.#post(name, path, {
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

  /** POSTs JSON (or an empty body), retrying what can succeed on retry; returns parsed JSON. */
  async #post(name: string, path: string, body: Record<string, unknown> | null): Promise<unknown> {
    const { retries = 4, retryBaseMs = 1000, signal } = this.#opts;
    try {
      return await withRetry(() => this.#postOnce(name, path, body), {
        retries,
        baseMs: retryBaseMs,
        maxMs: 30_000,
        signal,
        classify: (e) =>
          e instanceof Transient ? { reason: e.message, retryAfterMs: e.retryAfterMs } : null,
        onWait: (w) => this.onWait?.(w),
      });
    } catch (e) {
      if (e instanceof Transient) {
        throw new FatalError(`${e.message}; gave up after ${retries + 1} tries.`);
      }
      throw e;
    }
  }

  /** One POST; a failure that another try may cure is thrown as Transient. */
  async #postOnce(
    name: string,
    path: string,
    body: Record<string, unknown> | null,
  ): Promise<unknown> {
    const { timeoutMs = 120_000, signal, trace } = this.#opts;
    const payload = body === null ? null : JSON.stringify(body);
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    trace?.(`POST ${path} ${payload === null ? "(empty)" : redact(payload)}`);
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.baseUrl + path, {
        method: "POST",
        headers: this.#headers(payload !== null),
        body: payload,
        signal: signal
          ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
          : AbortSignal.timeout(timeoutMs),
      });
      this.#keepCookies(res.headers);
      text = await res.text();
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw new Transient(`cannot reach Slooh at ${this.baseUrl} (${describeNetworkError(e)})`);
    }
    trace?.(`  -> ${res.status} ${redact(text).slice(0, 300)}`);
    if (res.ok) {
      try {
        return JSON.parse(text);
      } catch {
        throw new Transient(
          /^\s*</.test(text)
            ? "Slooh answered with an HTML page instead of JSON (maintenance?)"
            : "Slooh answered with malformed JSON",
        );
      }
    }
    if (isRetryableStatus(res.status)) {
      throw new Transient(
        `Slooh answered HTTP ${res.status} on ${name}`,
        parseRetryAfter(res.headers.get("retry-after")),
      );
    }
    throw new FatalError(`Slooh answered HTTP ${res.status} on ${name}.`);
  }

  #headers(json: boolean): Headers {
    const h = new Headers({ Accept: "application/json", "User-Agent": "slooh-dl" });
    if (json) h.set("Content-Type", "application/json; charset=utf-8");
    if (this.#cookies.size) {
      h.set("Cookie", [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    return h;
  }

  #keepCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(";", 1);
      const eq = pair.indexOf("=");
      if (eq > 0) this.#cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
}

/** A short reason for a failed fetch, without a stack. */
export function describeNetworkError(e: unknown): string {
  if (e instanceof DOMException && e.name === "TimeoutError") return "timed out";
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : e.message;
  }
  return String(e);
}

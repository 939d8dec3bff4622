/**
 * How the client talks HTTP to Slooh: JSON POSTs with the session's cookies, retried through the
 * one retry helper, traced with secrets hidden. What the answers mean is the client's business.
 */
import { FatalError } from "../errors.ts";
import { isRetryableStatus, parseRetryAfter } from "../net/backoff.ts";
import { type RetryWait, withRetry } from "../net/retry.ts";

// A value ends at an unescaped quote, or at the end of a cut-off text.
const SECRET_FIELDS =
  /"(passwd|token|at|cid|sloohSiteSessionToken|sloohSessionToken)"\s*:\s*"(?:[^"\\]|\\.)*(?:"|$)/g;

/** Hides credentials and session values in a traced body. */
export function redact(text: string): string {
  return text.replace(SECRET_FIELDS, '"$1":"***"');
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

/** A failed API call that may succeed when tried again. */
class Transient extends Error {
  constructor(message: string, readonly retryAfterMs: number | null = null) {
    super(message);
  }
}

/** Retry and timeout settings of the API calls. */
export interface TransportOptions {
  /** Retries of one API call on network errors, 5xx, 429 and garbage bodies. */
  retries?: number;
  /** First backoff step in ms (doubles each attempt). */
  retryBaseMs?: number;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Receives redacted HTTP traces (verbose mode). */
  trace?: (line: string) => void;
}

/** JSON over HTTP to one API root, with a cookie jar. */
export class Transport {
  /** API calls made, by endpoint name. */
  readonly calls = new Map<string, number>();
  /** Time spent in API calls (retries and their waits included), ms by endpoint name. */
  readonly callMs = new Map<string, number>();
  /** Told of each wait before a retry. */
  onWait: ((wait: RetryWait) => void) | null = null;
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string, private readonly opts: TransportOptions) {}

  /** POSTs JSON (or an empty body), retrying what can succeed on retry; returns parsed JSON. */
  async post(name: string, path: string, body: Record<string, unknown> | null): Promise<unknown> {
    const { retries = 4, retryBaseMs = 1000, signal } = this.opts;
    const started = performance.now();
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
    } finally {
      this.callMs.set(name, (this.callMs.get(name) ?? 0) + performance.now() - started);
    }
  }

  /** One POST; a failure that another try may cure is thrown as Transient. */
  async #postOnce(
    name: string,
    path: string,
    body: Record<string, unknown> | null,
  ): Promise<unknown> {
    const { timeoutMs = 120_000, signal, trace } = this.opts;
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
    if (this.cookies.size) {
      h.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    return h;
  }

  #keepCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(";", 1);
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
}

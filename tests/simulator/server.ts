/**
 * The Slooh simulator: an HTTP server on 127.0.0.1 speaking the JSON API of slooh-api.md
 * (api.ts) and hosting the account's files (files.ts), with fault injection (faults.ts) and
 * counters for tests. This module is the server: it routes, counts, logs and applies faults.
 */
import { generateAccount, rebaseAccount, type SimAccount } from "./account.ts";
import { fileKey } from "./bytes.ts";
import { emptyIndex, type HostIndex, indexAccount, indexSignature } from "./account_index.ts";
import { type ApiResult, ROUTES, SloohApi } from "./api.ts";
import { type Fault, FaultQueue } from "./faults.ts";
import { bodyStream, type FileWorld, serveFile, statusFault } from "./files.ts";
import {
  type Counters,
  type ExpectedFile,
  expectedFiles,
  type ExpireMode,
  type FileVersion,
  type HostedFile,
  htmlPage,
  isAccount,
  type LoggedRequest,
  newCounters,
  type RealBodies,
  type SimulatorOptions,
} from "./sim_types.ts";

export * from "./sim_types.ts";
export type { Fault, FaultCommon } from "./faults.ts";

/** A running simulator; create it with Simulator.start and close it when done. */
export class Simulator {
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
  #api: SloohApi;
  #faults = new FaultQueue();
  #fileWorld: FileWorld;
  #versions = new Map<string, FileVersion>();
  /** Wake-ups of pending pauses, so close() never waits on a stalled body or a delay. */
  #wakers = new Set<() => void>();
  #closing = false;
  #closed: Promise<void> | undefined;

  #index: HostIndex = emptyIndex();

  private constructor(opts: SimulatorOptions, realBody?: RealBodies) {
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
    this.#api = new SloohApi(this, this.#index);
    this.#fileWorld = {
      versions: this.#versions,
      pause: (ms) => this.#pause(ms),
      closing: () => this.#closing,
      sent: (n) => this.counts.fileBytesSent += n,
      realBody,
    };
    this.reindex();
  }

  /** Starts a simulator on an ephemeral port of 127.0.0.1. */
  static async start(opts: SimulatorOptions = {}): Promise<Simulator> {
    // Loaded only when asked for: it brings the PNG encoder and the star-field renderer.
    const real = opts.realImages ? (await import("./real_bodies.ts")).realBody : undefined;
    return new Simulator(opts, real);
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
    this.#api.expireSessions(mode);
  }

  /** Queues a fault; faults are matched in the order they were injected. */
  injectFault(fault: Fault): void {
    this.#faults.inject(fault);
  }

  /** The faults injected so far that never affected a request (a test proves its fault fired). */
  unfiredFaults(): Fault[] {
    return this.#faults.unfired();
  }

  /** Removes every pending fault. */
  clearFaults(): void {
    this.#faults.clear();
  }

  /** Number of faults still pending. */
  get pendingFaults(): number {
    return this.#faults.pending;
  }

  /** Changes a file's content (and optionally size) on the server, e.g. between resume attempts. */
  setFileVersion(url: string, version: number, size?: number): void {
    this.#versions.set(fileKey(url), { version, size });
  }

  /** Current size of a hosted file (after setFileVersion), or undefined if unknown. */
  fileSize(url: string): number | undefined {
    this.#ensureIndex();
    const path = fileKey(url);
    return this.#versions.get(path)?.size ?? this.#index.files.get(path)?.size;
  }

  /** expectedFiles of the current account, honouring file versions. */
  expectedFiles(): ExpectedFile[] {
    return expectedFiles(this.account, this.#versions, this.#fileWorld.realBody);
  }

  /** Rebuilds the lookup tables; done automatically when the roll or missions change size. */
  reindex(): void {
    indexAccount(this.#index, this.account);
  }

  #ensureIndex(): void {
    if (indexSignature(this.account) !== this.#index.sig) this.reindex();
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

  async #handle(req: Request): Promise<Response> {
    const path = new URL(req.url).pathname;
    if (path.startsWith("/api/")) return await this.#answerApi(req, path);
    this.#ensureIndex();
    const file = this.#index.files.get(path);
    if (!file) return new Response("Not Found\n", { status: 404 });
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("Method Not Allowed\n", { status: 405, headers: { allow: "GET, HEAD" } });
    }
    return await this.#file(req, path, file);
  }

  // ---------------------------------------------------------------- API

  async #answerApi(req: Request, path: string): Promise<Response> {
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
    const fault = this.#faults.take("api", endpoint, path);
    if (fault?.kind === "expire") this.expireSessions(fault.mode ?? "silent");
    if (fault?.kind === "status") return statusFault(fault.status, fault.retryAfter);
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

    const result: ApiResult = fault?.kind === "api-error"
      ? {
        body: {
          apiError: true,
          errorCode: fault.errorCode ?? fault.statusCode,
          errorMsg: fault.errorMsg ?? "",
          statusCode: fault.statusCode,
        },
        rejected: `injected api-error ${fault.statusCode}`,
      }
      : malformed
      ? {
        body: { apiError: true, errorCode: 400, errorMsg: "Malformed JSON body", statusCode: 400 },
        status: 400,
        rejected: "malformed JSON",
      }
      : this.#api.dispatch(endpoint, req, body);
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
      const stream = bodyStream(
        this.#fileWorld,
        bytes.length,
        (off, out) => out.set(bytes.subarray(off, off + out.length)),
        fault,
        () => {},
      );
      return new Response(stream, { status, headers });
    }
    return new Response(bytes, { status, headers });
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

    const fault = this.#faults.take("file", undefined, path);
    if (fault?.kind === "expire") this.expireSessions(fault.mode ?? "silent");
    return serveFile(this.#fileWorld, req, path, file, fault);
  }
}

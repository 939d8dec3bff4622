/**
 * The file hosts' client: plain HTTP/1.1 over the runtime's TCP and TLS sockets, with idle
 * connections kept per origin. Each request holds one connection to itself, so transfers at once
 * never open more connections than there are transfers, and a body is read straight into the
 * transfer's buffer (measured against `fetch` piped to the file: a third less CPU on 2,000 small
 * files, the same per GiB; docs/performance.md, issue 15 phase 10).
 */
import type { BodySource, FileHost, FileResponse } from "./file_host.ts";
import { Http1Conn } from "./http1_conn.ts";
import { ProtocolError, requestBytes, type ResponseHead } from "./http1_wire.ts";

/** What the client needs beyond the runtime's defaults (tests: their own certificate authority). */
export interface Http1Options {
  caCerts?: string[];
}

/** Redirects followed before a request gives up, as `fetch` does. */
const MAX_REDIRECTS = 20;

/** A pool of HTTP/1.1 connections by origin. */
export class Http1Client implements FileHost {
  readonly #idle = new Map<string, Http1Conn[]>();
  #closed = false;

  constructor(private readonly options: Http1Options = {}) {}

  /** A GET (or HEAD) of `url`, redirects followed; the body is the caller's to read or cancel. */
  async get(
    url: string,
    headers: Readonly<Record<string, string>>,
    signal: AbortSignal,
    method: "GET" | "HEAD" = "GET",
  ): Promise<FileResponse> {
    let at = new URL(url);
    for (let hops = 0;; hops++) {
      const res = await this.#once(at, headers, signal, method);
      const location = res.headers.get("location");
      if (![301, 302, 303, 307, 308].includes(res.status) || location === null) return res;
      await drain(res.body);
      if (hops === MAX_REDIRECTS) throw new ProtocolError("too many redirects");
      at = new URL(location, at);
    }
  }

  /** Closes every idle connection; the client takes no request after. */
  close(): void {
    this.#closed = true;
    for (const conns of this.#idle.values()) for (const c of conns) c.close();
    this.#idle.clear();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async #once(
    url: URL,
    headers: Readonly<Record<string, string>>,
    signal: AbortSignal,
    method: string,
  ): Promise<FileResponse> {
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`unsupported URL scheme ${url.protocol}`);
    }
    const request = requestBytes(method, url.pathname + url.search, url.host, {
      "Accept-Encoding": "identity",
      ...headers,
    });
    signal.throwIfAborted();
    for (;;) {
      const conn = this.#idle.get(url.origin)?.pop() ?? await this.#connect(url, signal);
      // Until the body ends, an abort closes the connection: whatever read is waiting fails.
      const abort = () => conn.close();
      // Removed by release, so no options: their conversion costs more than the listener.
      signal.addEventListener("abort", abort);
      const release = (reusable: boolean) => {
        signal.removeEventListener("abort", abort);
        if (reusable && !this.#closed && !conn.closed) this.#keep(url.origin, conn);
        else conn.close();
      };
      let head: ResponseHead | null;
      try {
        if (signal.aborted) conn.close();
        await conn.write(request);
        head = await conn.readHead();
        while (head !== null && head.status < 200) head = await conn.readHead();
      } catch (e) {
        release(false);
        // A kept connection the server closed meanwhile fails at once: ask again on a new one.
        if (conn.uses > 0 && !signal.aborted && !(e instanceof ProtocolError)) continue;
        throw e;
      }
      // A kept connection may also hold a 408 its server sent when it gave up waiting.
      if (head === null || (head.status === 408 && conn.uses > 0)) {
        release(false);
        if (conn.uses > 0 && !signal.aborted) continue;
        throw new ProtocolError("connection closed before a response");
      }
      conn.uses++;
      const body: BodySource = conn.body(method, head, release);
      return { status: head.status, statusText: head.statusText, headers: head.headers, body };
    }
  }

  /** A new connection; an abort while connecting ends the wait (and the socket, once it is made). */
  async #connect(url: URL, signal: AbortSignal): Promise<Http1Conn> {
    const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const tls = url.protocol === "https:";
    const port = Number(url.port || (tls ? 443 : 80));
    const connecting: Promise<Deno.Conn> = tls
      ? Deno.connectTls({
        hostname,
        port,
        caCerts: this.options.caCerts,
        alpnProtocols: ["http/1.1"],
      })
      : Deno.connect({ hostname, port });
    const { promise: aborted, reject } = Promise.withResolvers<never>();
    const abort = () => {
      reject(signal.reason);
      connecting.then((c) => c.close(), () => {});
    };
    signal.addEventListener("abort", abort, { once: true });
    try {
      const conn = await Promise.race([connecting, aborted]);
      if (!tls) (conn as Deno.TcpConn).setNoDelay(true);
      return new Http1Conn(conn);
    } finally {
      signal.removeEventListener("abort", abort);
    }
  }

  #keep(origin: string, conn: Http1Conn): void {
    const list = this.#idle.get(origin);
    if (list) list.push(conn);
    else this.#idle.set(origin, [conn]);
  }
}

/** Reads a small body to its end, so that its connection can be kept; a large one is cancelled. */
async function drain(body: BodySource): Promise<void> {
  const scratch = new Uint8Array(16 * 1024);
  for (let read = 0; read < 64 * 1024;) {
    const n = await body.read(scratch);
    if (n === null) return;
    read += n;
  }
  body.cancel();
}

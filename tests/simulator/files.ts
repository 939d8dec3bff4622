/** The hosted files: fault answers, ranges, validators, and bodies that a fault may break. */
import { fileSeed, fillFileBytes, fnv1a } from "./bytes.ts";
import type { Fault } from "./faults.ts";
import {
  contentType,
  type FileVersion,
  type HostedFile,
  htmlPage,
  type RealBodies,
} from "./sim_types.ts";

/** Bytes per body chunk. */
const CHUNK = 64 * 1024;

/** What serving a file needs of the simulator. */
export interface FileWorld {
  versions: ReadonlyMap<string, FileVersion>;
  /** Resolves after ms, or at once when the simulator closes or `wake` runs. */
  pause(ms: number): { done: Promise<void>; wake: () => void };
  closing(): boolean;
  /** Counts body bytes handed to the HTTP layer. */
  sent(n: number): void;
  /** A file's whole real body, when the simulator serves real images and the size holds one. */
  realBody?: RealBodies;
}

/** An HTTP error status with an HTML page, as Slooh's front servers send. */
export function statusFault(status: number, retryAfter?: number): Response {
  const headers: Record<string, string> = { "content-type": "text/html; charset=utf-8" };
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  const html = htmlPage(`${status} Error`, "The server could not handle the request.");
  return new Response(html, { status, headers });
}

/**
 * A hosted file's answer once counters and the fault's session expiry are dealt with: an error
 * status or HTML page if `fault` says so, else ETag, Last-Modified, ranges (with If-Range), HEAD,
 * and the body, cut off as `fault` says.
 */
export function serveFile(
  w: FileWorld,
  req: Request,
  path: string,
  file: HostedFile,
  fault: Fault | undefined,
): Response {
  const head = req.method === "HEAD";
  if (fault?.kind === "status") return statusFault(fault.status, fault.retryAfter);
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

  const v = w.versions.get(path);
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
  const real = w.realBody?.(path, file.kind, size, version) ?? null;
  const fill = real
    ? (off: number, out: Uint8Array) =>
      out.set(real.subarray(start + off, start + off + out.length))
    : (off: number, out: Uint8Array) => fillFileBytes(seed, file.kind, start + off, out);
  const bodyFault = fault?.kind === "reset" || fault?.kind === "short" || fault?.kind === "stall"
    ? fault
    : undefined;
  const stream = bodyStream(
    w,
    end - start,
    fill,
    bodyFault,
    (n) => w.sent(n),
  );
  return new Response(stream, { status, headers });
}

/**
 * A pull stream of `length` bytes with an optional body fault. Ending before `length` while a
 * Content-Length is declared makes Deno drop the connection, which is what clients must survive.
 */
export function bodyStream(
  w: FileWorld,
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
          pending = w.pause(fault.ms);
          await pending.done;
          pending = undefined;
          if (cancelled) return;
          if (w.closing()) return controller.close();
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

/**
 * Where file transfers get their bytes: slooh-dl's own HTTP/1.1 client, or `fetch` where the
 * runtime would route requests through a proxy (which the own client does not speak).
 */
import { FetchFileHost } from "./fetch_file_host.ts";
import { Http1Client } from "./http1_client.ts";
import { PROXY_VARS } from "./proxy_vars.ts";

/** A response body read into buffers the reader owns. */
export interface BodySource {
  /** Reads at most `into.length` bytes into `into`; null once the body has ended. */
  read(into: Uint8Array): Promise<number | null>;
  /** Gives the rest of the body up. */
  cancel(): void;
}

/** A response: status, headers and a body to read or cancel. */
export interface FileResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: BodySource;
}

/** A client of the file hosts, open for one run. */
export interface FileHost extends Disposable {
  /** A GET (or HEAD) of `url` with `headers`, redirects followed; `signal` aborts it. */
  get(
    url: string,
    headers: Readonly<Record<string, string>>,
    signal: AbortSignal,
    method?: "GET" | "HEAD",
  ): Promise<FileResponse>;
  /** Lets go of idle connections. */
  close(): void;
}

/**
 * The client for a run: `fetch` when a proxy variable is set, or on Windows (where Deno also takes
 * a proxy from the registry); slooh-dl's own client otherwise.
 */
export function openFileHost(
  os: typeof Deno.build.os = Deno.build.os,
  env: (name: string) => string | undefined = readEnv,
): FileHost {
  const proxied = os === "windows" || PROXY_VARS.some((v) => !!env(v));
  return proxied ? new FetchFileHost() : new Http1Client();
}

/** A variable's value where the run may read it; unset otherwise (a fenced run is not asked). */
function readEnv(name: string): string | undefined {
  if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
    return undefined;
  }
  return Deno.env.get(name);
}

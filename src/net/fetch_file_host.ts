/** The file hosts through the runtime's `fetch`, for runs whose requests go through a proxy. */
import type { BodySource, FileHost, FileResponse } from "./file_host.ts";

/** `fetch` behind the FileHost interface. */
export class FetchFileHost implements FileHost {
  async get(
    url: string,
    headers: Readonly<Record<string, string>>,
    signal: AbortSignal,
    method: "GET" | "HEAD" = "GET",
  ): Promise<FileResponse> {
    const res = await fetch(url, { method, headers, signal });
    return {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
      body: res.body ? new StreamSource(res.body) : EMPTY,
    };
  }

  close(): void {}

  [Symbol.dispose](): void {}
}

const EMPTY: BodySource = { read: () => Promise.resolve(null), cancel: () => {} };

/**
 * A body stream read through a BYOB reader. Its read buffer is handed to the stream and back on
 * each read, and lost when one fails: so each read's bytes are copied out at once, and what
 * arrived before a failure is the caller's.
 */
class StreamSource implements BodySource {
  readonly #reader: ReadableStreamBYOBReader;
  #scratch = new Uint8Array(64 * 1024);

  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.getReader({ mode: "byob" });
  }

  async read(into: Uint8Array): Promise<number | null> {
    if (into.length === 0) return 0;
    const view = this.#scratch.subarray(0, Math.min(into.length, this.#scratch.length));
    const { value, done } = await this.#reader.read(view);
    if (done) return null;
    into.set(value!);
    this.#scratch = new Uint8Array(value!.buffer);
    return value!.length;
  }

  cancel(): void {
    this.#reader.cancel().catch(() => {});
  }
}

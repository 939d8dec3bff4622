/**
 * One HTTP/1.1 connection to a file host: the request written, the response head read through a
 * small buffer, and the body read straight into the caller's buffer (no copy in between, and
 * the bytes stay the caller's when a read fails).
 */
import type { BodySource } from "./file_host.ts";
import {
  chunkSize,
  type Framing,
  framing,
  parseHead,
  ProtocolError,
  type ResponseHead,
} from "./http1_wire.ts";

/** Longest head, and longest line of chunked framing, a response may have. */
const HEAD_LIMIT = 64 * 1024;
const decoder = new TextDecoder("latin1");

/** A connection and what was read from it beyond the last line asked for. */
export class Http1Conn {
  #buf = new Uint8Array(16 * 1024);
  #start = 0;
  #end = 0;
  #closed = false;
  /** Responses read whole on it: a reused connection may have been closed by the server. */
  uses = 0;

  constructor(private readonly conn: Deno.Conn) {}

  get closed(): boolean {
    return this.#closed;
  }

  /** Writes all of `bytes`. */
  async write(bytes: Uint8Array): Promise<void> {
    for (let off = 0; off < bytes.length;) off += await this.conn.write(bytes.subarray(off));
  }

  /** Reads a response head; null when the connection ends before its first byte. */
  async readHead(): Promise<ResponseHead | null> {
    for (;;) {
      // Stray blank lines before a status line are tolerated (RFC 9112 §2.2).
      const buf = this.#buf;
      while (this.#start < this.#end && (buf[this.#start] === 13 || buf[this.#start] === 10)) {
        this.#start++;
      }
      const [last, after] = this.#headEnd();
      if (last >= 0) {
        // One decode per head: its lines are split from the text.
        const text = decoder.decode(buf.subarray(this.#start, last));
        this.#start = after;
        return parseHead(text.split(/\r?\n/));
      }
      if (!(await this.#fill())) {
        if (this.#start === this.#end) return null;
        throw new ProtocolError("connection closed inside a response head");
      }
    }
  }

  /** Where the buffered head's last line ends and its blank line after it; -1s when not yet in. */
  #headEnd(): [number, number] {
    const buf = this.#buf;
    for (
      let lf = buf.indexOf(10, this.#start);
      lf >= 0 && lf < this.#end;
      lf = buf.indexOf(10, lf + 1)
    ) {
      const next = lf + 1 < this.#end ? buf[lf + 1] : -1;
      const blank = next === 10
        ? lf + 2
        : next === 13 && lf + 2 < this.#end && buf[lf + 2] === 10
        ? lf + 3
        : -1;
      if (blank >= 0) return [lf > this.#start && buf[lf - 1] === 13 ? lf - 1 : lf, blank];
    }
    return [-1, -1];
  }

  /** The body of `head`, answering a `method` request; `done(reusable)` once it ends or fails. */
  body(method: string, head: ResponseHead, done: (reusable: boolean) => void): BodySource {
    return new Body(this, framing(method, head), head.keepAlive, done);
  }

  /** Up to `into.length` bytes: what is buffered first, else straight from the socket. */
  async readInto(into: Uint8Array): Promise<number | null> {
    if (this.#start < this.#end) {
      const n = Math.min(into.length, this.#end - this.#start);
      into.set(this.#buf.subarray(this.#start, this.#start + n));
      this.#start += n;
      return n;
    }
    return await this.#read(into);
  }

  /**
   * A read of the socket. A TLS peer that closes without close_notify (many do) ends the stream
   * with an error rather than an end; it means the same as a plain close here, and a body or head
   * cut short is reported as such by the caller.
   */
  async #read(into: Uint8Array): Promise<number | null> {
    try {
      return await this.conn.read(into);
    } catch (e) {
      if (e instanceof Deno.errors.UnexpectedEof) return null;
      throw e;
    }
  }

  /** The next line of chunked framing (a chunk size, the CRLF after a chunk, a trailer), bare. */
  async line(): Promise<string> {
    for (;;) {
      const lf = this.#buf.subarray(this.#start, this.#end).indexOf(10);
      if (lf >= 0) {
        const end = this.#start + lf;
        const cr = end > this.#start && this.#buf[end - 1] === 13;
        const line = decoder.decode(this.#buf.subarray(this.#start, cr ? end - 1 : end));
        this.#start = end + 1;
        return line;
      }
      if (!(await this.#fill())) throw new ProtocolError("connection closed inside a chunked body");
    }
  }

  /** Reads more into the buffer; false at the end of the stream. */
  async #fill(): Promise<boolean> {
    if (this.#start > 0) {
      this.#buf.copyWithin(0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
    }
    if (this.#end === this.#buf.length) {
      if (this.#buf.length >= HEAD_LIMIT) throw new ProtocolError("response head or line too long");
      const bigger = new Uint8Array(this.#buf.length * 2);
      bigger.set(this.#buf);
      this.#buf = bigger;
    }
    const n = await this.#read(this.#buf.subarray(this.#end));
    if (n === null) return false;
    this.#end += n;
    return true;
  }

  /** Closes the connection; a read in flight fails. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.conn.close();
    } catch { /* already gone */ }
  }
}

/** A body delimited as its framing says; the connection is reusable once it is read to its end. */
class Body implements BodySource {
  #left: number;
  #ended = false;
  /** Why the body failed: every later read fails with it. */
  #error: unknown = null;
  #chunked: boolean;

  constructor(
    private readonly conn: Http1Conn,
    private readonly how: Framing,
    private readonly keepAlive: boolean,
    private readonly done: (reusable: boolean) => void,
  ) {
    this.#chunked = how.kind === "chunked";
    this.#left = how.kind === "length" ? how.length : how.kind === "none" ? 0 : Infinity;
    if (this.#left === 0) this.#end(true);
  }

  async read(into: Uint8Array): Promise<number | null> {
    if (this.#error !== null) throw this.#error;
    if (this.#ended) return null;
    try {
      if (this.#chunked && (this.#left === 0 || this.#left === Infinity)) {
        if (this.#left === 0 && (await this.conn.line()) !== "") {
          throw new ProtocolError("chunk not followed by CRLF");
        }
        this.#left = chunkSize(await this.conn.line());
        if (this.#left === 0) {
          // Trailers, up to the blank line.
          while ((await this.conn.line()) !== "");
          this.#end(true);
          return null;
        }
      }
      if (into.length === 0) return 0;
      const want = Math.min(into.length, this.#left);
      const n = await this.conn.readInto(want === into.length ? into : into.subarray(0, want));
      if (n === null) {
        if (this.how.kind === "until-close") {
          this.#end(false);
          return null;
        }
        throw new ProtocolError("connection closed before the end of the body");
      }
      this.#left -= n;
      if (this.#left === 0 && !this.#chunked) this.#end(true);
      return n;
    } catch (e) {
      this.#fail(e);
      throw e;
    }
  }

  cancel(): void {
    if (!this.#ended) this.#fail(new ProtocolError("body cancelled"));
  }

  #end(whole: boolean): void {
    this.#ended = true;
    this.done(whole && this.keepAlive && this.how.kind !== "until-close");
  }

  #fail(e: unknown): void {
    this.#error = e;
    this.#ended = true;
    this.conn.close();
    this.done(false);
  }
}

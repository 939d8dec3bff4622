/** HTTP/1.1 as the file hosts speak it: the request's bytes, a response head, its body's framing. */

/** A response's status line and headers. */
export interface ResponseHead {
  status: number;
  statusText: string;
  headers: Headers;
  /** False for HTTP/1.0 and for `Connection: close`: the connection ends with this response. */
  keepAlive: boolean;
}

/** How the body of a response is delimited (RFC 9112 §6.3). */
export type Framing =
  | { kind: "none" }
  | { kind: "length"; length: number }
  | { kind: "chunked" }
  | { kind: "until-close" };

/** A response that does not follow the protocol. */
export class ProtocolError extends Error {}

const encoder = new TextEncoder();

/** The bytes of a request without a body: `target` is the path and query, `host` the authority. */
export function requestBytes(
  method: string,
  target: string,
  host: string,
  headers: Readonly<Record<string, string>>,
): Uint8Array {
  let text = `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name + value)) throw new TypeError(`invalid header ${name}`);
    text += `${name}: ${value}\r\n`;
  }
  return encoder.encode(text + "\r\n");
}

/** Parses the status line and header lines of a response (without the blank line). */
export function parseHead(lines: readonly string[]): ResponseHead {
  const m = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0] ?? "");
  if (!m) throw new ProtocolError(`not an HTTP/1.1 response: ${JSON.stringify(lines[0] ?? "")}`);
  // A line that starts with a space or tab continues the one before (obs-fold, RFC 9112 §5.2).
  const fields: string[] = [];
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1] += " " + line.trim();
    else fields.push(line);
  }
  const headers = new Headers();
  for (const line of fields) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new ProtocolError(`malformed header line ${JSON.stringify(line)}`);
    try {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    } catch {
      throw new ProtocolError(`malformed header line ${JSON.stringify(line)}`);
    }
  }
  const connection = headers.get("connection")?.toLowerCase() ?? "";
  // Both a coding and a length may mean a smuggled response: read this one, keep nothing after.
  const ambiguous = headers.has("transfer-encoding") && headers.has("content-length");
  const keepAlive = m[1] === "1" && !/\bclose\b/.test(connection) && !ambiguous;
  return { status: Number(m[2]), statusText: m[3] ?? "", headers, keepAlive };
}

/** How the body of `head`, the answer to a `method` request, is delimited. */
export function framing(method: string, head: ResponseHead): Framing {
  const { status, headers } = head;
  if (method === "HEAD" || status < 200 || status === 204 || status === 304) {
    return { kind: "none" };
  }
  const coding = headers.get("transfer-encoding");
  if (coding !== null) {
    if (/(^|,)\s*chunked\s*$/i.test(coding)) return { kind: "chunked" };
    return { kind: "until-close" };
  }
  const length = headers.get("content-length");
  if (length === null) return { kind: "until-close" };
  // Repeated identical values arrive joined ("5, 5"); differing ones make the length unknowable.
  const values = [...new Set(length.split(",").map((v) => v.trim()))];
  if (values.length !== 1 || !/^\d+$/.test(values[0])) {
    throw new ProtocolError(`invalid Content-Length ${JSON.stringify(length)}`);
  }
  return { kind: "length", length: Number(values[0]) };
}

/** The size on a chunk-size line (`1a2b;ext=1`). */
export function chunkSize(line: string): number {
  const m = /^(?=[0-9a-fA-F])0*([0-9a-fA-F]{0,12})[ \t]*(;.*)?$/.exec(line);
  if (!m) throw new ProtocolError(`malformed chunk size ${JSON.stringify(line)}`);
  return m[1] === "" ? 0 : parseInt(m[1], 16);
}

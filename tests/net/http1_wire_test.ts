/** The HTTP/1.1 rules: request bytes, response heads, body framing, chunk sizes. */
import assert from "node:assert/strict";
import {
  chunkSize,
  framing,
  parseHead,
  ProtocolError,
  requestBytes,
} from "../../src/net/http1_wire.ts";

Deno.test("a request is a request line, Host, the given headers and a blank line", () => {
  const text = new TextDecoder().decode(
    requestBytes("GET", "/a%20b.png?rand=1.5", "polaris2.slooh.com", { "Range": "bytes=10-" }),
  );
  assert.equal(
    text,
    "GET /a%20b.png?rand=1.5 HTTP/1.1\r\nHost: polaris2.slooh.com\r\nRange: bytes=10-\r\n\r\n",
  );
  assert.throws(() => requestBytes("GET", "/", "h", { "If-Range": 'x"\r\nEvil: 1' }), TypeError);
});

Deno.test("a head gives status, reason, headers, and whether the connection stays", () => {
  const head = parseHead([
    "HTTP/1.1 206 Partial Content",
    'ETag: "v2"',
    "Content-Range: bytes 5-9/10",
  ]);
  assert.equal(head.status, 206);
  assert.equal(head.statusText, "Partial Content");
  assert.equal(head.headers.get("etag"), '"v2"');
  assert.equal(head.headers.get("content-range"), "bytes 5-9/10");
  assert.equal(head.keepAlive, true);
  assert.equal(parseHead(["HTTP/1.1 200 OK", "Connection: close"]).keepAlive, false);
  assert.equal(parseHead(["HTTP/1.0 200 OK"]).keepAlive, false);
  assert.equal(parseHead(["HTTP/1.1 404"]).statusText, "");
  assert.throws(() => parseHead(["HTTP/2 200"]), ProtocolError);
  assert.throws(() => parseHead(["<html>"]), ProtocolError);
  assert.throws(() => parseHead(["HTTP/1.1 200 OK", "no colon"]), ProtocolError);
});

Deno.test("a folded header line continues the one before; a coding beside a length keeps nothing", () => {
  const folded = parseHead(["HTTP/1.1 200 OK", "X-Long: a", " b:c", "\td", 'ETag: "1"']);
  assert.equal(folded.headers.get("x-long"), "a b:c d");
  assert.equal(folded.headers.get("etag"), '"1"');
  const both = parseHead(["HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "Content-Length: 5"]);
  assert.deepEqual(framing("GET", both), { kind: "chunked" });
  assert.equal(both.keepAlive, false);
});

Deno.test("framing: none, a length, chunked, or until the connection closes", () => {
  const head = (status: number, ...lines: string[]) =>
    parseHead([`HTTP/1.1 ${status} X`, ...lines]);
  assert.deepEqual(framing("HEAD", head(200, "Content-Length: 5")), { kind: "none" });
  assert.deepEqual(framing("GET", head(204)), { kind: "none" });
  assert.deepEqual(framing("GET", head(304, "Content-Length: 5")), { kind: "none" });
  assert.deepEqual(framing("GET", head(200, "Content-Length: 5")), { kind: "length", length: 5 });
  assert.deepEqual(framing("GET", head(200, "Content-Length: 5", "Content-Length: 5")), {
    kind: "length",
    length: 5,
  });
  assert.deepEqual(framing("GET", head(200, "Transfer-Encoding: chunked", "Content-Length: 9")), {
    kind: "chunked",
  });
  assert.deepEqual(framing("GET", head(200, "Transfer-Encoding: gzip")), { kind: "until-close" });
  assert.deepEqual(framing("GET", head(200)), { kind: "until-close" });
  assert.throws(
    () => framing("GET", head(200, "Content-Length: 5", "Content-Length: 6")),
    ProtocolError,
  );
  assert.throws(() => framing("GET", head(200, "Content-Length: -1")), ProtocolError);
});

Deno.test("chunk sizes are hexadecimal, extensions ignored", () => {
  assert.equal(chunkSize("1a"), 26);
  assert.equal(chunkSize("FF;name=value"), 255);
  assert.equal(chunkSize("0"), 0);
  assert.equal(chunkSize("0000000000000000005"), 5);
  assert.equal(chunkSize("00"), 0);
  assert.equal(chunkSize("a \t;x"), 10);
  assert.throws(() => chunkSize(""), ProtocolError);
  assert.throws(() => chunkSize("zz"), ProtocolError);
});

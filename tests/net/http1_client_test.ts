/** The file hosts' HTTP/1.1 client against scripted servers on loopback, plain and TLS. */
import assert from "node:assert/strict";
import type { BodySource } from "../../src/net/file_host.ts";
import { Http1Client } from "../../src/net/http1_client.ts";

const encoder = new TextEncoder();
const fixture = (name: string) =>
  Deno.readTextFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** A request as the server saw it. */
interface Seen {
  conn: number;
  head: string;
}

/**
 * A server that reads request heads and answers each with `answer(request, index)`'s bytes; a
 * null answer closes the connection instead. Counts connections.
 */
function scripted(
  answer: (seen: Seen, index: number) => string | Uint8Array | null | Promise<string | null>,
  tls = false,
) {
  const listener = tls
    ? Deno.listenTls({
      hostname: "127.0.0.1",
      port: 0,
      cert: fixture("localhost.crt"),
      key: fixture("localhost.key"),
    })
    : Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const seen: Seen[] = [];
  const open = new Set<Deno.Conn>();
  let conns = 0;
  let closed = false;
  const serve = async (conn: Deno.Conn, id: number) => {
    open.add(conn);
    const buf = new Uint8Array(65536);
    let text = "";
    try {
      for (;;) {
        const n = await conn.read(buf);
        if (n === null) break;
        text += new TextDecoder().decode(buf.subarray(0, n));
        let end;
        while ((end = text.indexOf("\r\n\r\n")) >= 0) {
          const s = { conn: id, head: text.slice(0, end) };
          text = text.slice(end + 4);
          seen.push(s);
          const out = await answer(s, seen.length - 1);
          if (out === null) throw new Error("close");
          await write(conn, typeof out === "string" ? encoder.encode(out) : out);
        }
      }
    } catch { /* closed */ }
    open.delete(conn);
    try {
      conn.close();
    } catch { /* closed */ }
  };
  const served: Promise<void>[] = [];
  const accepting = (async () => {
    for await (const conn of listener) served.push(serve(conn, conns++));
  })();
  const port = (listener.addr as Deno.NetAddr).port;
  return {
    url: (path: string) => `${tls ? "https://localhost" : "http://127.0.0.1"}:${port}${path}`,
    seen,
    get connections() {
      return conns;
    },
    async [Symbol.asyncDispose]() {
      if (closed) return;
      closed = true;
      listener.close();
      await accepting.catch(() => {});
      for (const c of open) c.close();
      await Promise.all(served);
    },
  };
}

async function write(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let off = 0; off < bytes.length;) off += await conn.write(bytes.subarray(off));
}

/** The whole body, read in small pieces so framing is crossed mid-read. */
async function text(body: BodySource, piece = 7): Promise<string> {
  let out = "";
  const decoder = new TextDecoder();
  for (;;) {
    const buf = new Uint8Array(piece);
    const n = await body.read(buf);
    if (n === null) break;
    out += decoder.decode(buf.subarray(0, n));
  }
  return out;
}

const ok = (body: string, extra = "") =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;
const never = new AbortController().signal;

Deno.test("requests one after another share one connection; headers go out as given", async () => {
  await using srv = scripted((_, i) => ok(`body ${i}`));
  using client = new Http1Client();
  for (let i = 0; i < 3; i++) {
    const res = await client.get(srv.url(`/f${i}.png?rand=1`), { "Range": "bytes=5-" }, never);
    assert.equal(res.status, 200);
    assert.equal(await text(res.body), `body ${i}`);
  }
  assert.equal(srv.connections, 1);
  assert.match(srv.seen[2].head, /^GET \/f2\.png\?rand=1 HTTP\/1\.1\r\n/);
  assert.match(srv.seen[2].head, /\r\nRange: bytes=5-(\r\n|$)/);
  assert.match(srv.seen[2].head, /\r\nAccept-Encoding: identity(\r\n|$)/);
});

Deno.test("transfers at once open one connection each, and reuse them after", async () => {
  await using srv = scripted(async (_, i) => {
    await new Promise((r) => setTimeout(r, 20));
    return ok(`b${i}`);
  });
  using client = new Http1Client();
  const batch = () =>
    Promise.all(
      Array.from({ length: 4 }, async (_, i) =>
        text((await client.get(srv.url(`/${i}`), {}, never)).body)),
    );
  await batch();
  await batch();
  assert.equal(srv.connections, 4);
  assert.equal(srv.seen.length, 8);
});

Deno.test("a chunked body is decoded across reads, extensions and trailers included", async () => {
  const chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
    "5;ext=1\r\nhello\r\n1\r\n \r\nb\r\nchunked wor\r\n2\r\nld\r\n0\r\nX-Trailer: 1\r\n\r\n";
  await using srv = scripted(() => chunked);
  using client = new Http1Client();
  for (const piece of [3, 64]) {
    const res = await client.get(srv.url("/c"), {}, never);
    assert.equal(await text(res.body, piece), "hello chunked world");
  }
  assert.equal(srv.connections, 1, "the connection is reused after the last chunk");
});

Deno.test("a body without a length runs to the close, and the connection is not kept", async () => {
  await using srv = scripted((_, i) => i === 0 ? "HTTP/1.1 200 OK\r\n\r\nto the end" : ok("next"));
  using client = new Http1Client();
  // The scripted server keeps the connection open: close it after the head, as a server would.
  const res = await client.get(srv.url("/a"), {}, never);
  const reading = text(res.body);
  await new Promise((r) => setTimeout(r, 50));
  for (const s of srv.seen) assert.equal(s.conn, 0);
  // No length: the client cannot know the body has ended until the server closes.
  await srv[Symbol.asyncDispose]();
  assert.equal(await reading, "to the end");
});

Deno.test("a kept connection the server closed meanwhile is replaced without an error", async () => {
  let closeNext = false;
  await using srv = scripted(() => {
    if (closeNext) {
      closeNext = false;
      return null;
    }
    return ok("fine");
  });
  using client = new Http1Client();
  assert.equal(await text((await client.get(srv.url("/1"), {}, never)).body), "fine");
  closeNext = true;
  assert.equal(await text((await client.get(srv.url("/2"), {}, never)).body), "fine");
  assert.equal(srv.connections, 2);
  assert.equal(srv.seen.length, 3, "the request was sent again on a new connection");
});

Deno.test("a 408 a kept connection was left with is not the answer: the request goes again", async () => {
  const timeout = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
  await using srv = scripted((s, i) =>
    i === 0 ? ok("one") + timeout : s.conn === 0 ? null : ok("two")
  );
  using client = new Http1Client();
  assert.equal(await text((await client.get(srv.url("/1"), {}, never)).body), "one");
  const res = await client.get(srv.url("/2"), {}, never);
  assert.equal(res.status, 200);
  assert.equal(await text(res.body), "two");
  assert.equal(srv.connections, 2);
});

Deno.test("a TLS peer that closes without close_notify: a cut body says so, one to the close ends", async () => {
  await using srv = scripted(
    (_, i) =>
      i === 0
        ? "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"
        : "HTTP/1.1 200 OK\r\n\r\nto the close",
    true,
  );
  // A TCP relay in front of the TLS server, which drops both sockets without a TLS goodbye.
  const front = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const relayed: Deno.Conn[] = [];
  const pump = async (from: Deno.Conn, to: Deno.Conn) => {
    const buf = new Uint8Array(65536);
    try {
      for (let n = await from.read(buf); n !== null; n = await from.read(buf)) {
        await write(to, buf.subarray(0, n));
      }
    } catch { /* cut */ }
  };
  const pumps: Promise<void>[] = [];
  const relaying = (async () => {
    for await (const c of front) {
      const back = await Deno.connect({
        hostname: "127.0.0.1",
        port: Number(new URL(srv.url("/")).port),
      });
      relayed.push(c, back);
      pumps.push(pump(c, back), pump(back, c));
    }
  })();
  const cut = () => {
    for (const c of relayed.splice(0)) {
      try {
        c.close();
      } catch { /* closed */ }
    }
  };
  const url = `https://localhost:${(front.addr as Deno.NetAddr).port}/`;
  try {
    using client = new Http1Client({ caCerts: [fixture("ca.crt")] });
    const cutShort = await client.get(url + "a", {}, never);
    const buf = new Uint8Array(100);
    assert.equal(await cutShort.body.read(buf), 9);
    setTimeout(cut, 50);
    await assert.rejects(cutShort.body.read(buf.subarray(9)), /closed before the end of the body/);
    const toClose = await client.get(url + "b", {}, never);
    setTimeout(cut, 50);
    assert.equal(await text(toClose.body), "to the close");
  } finally {
    front.close();
    cut();
    await relaying.catch(() => {});
    await Promise.all(pumps);
  }
});

Deno.test("a body cut short fails its read, and its connection is not reused", async () => {
  await using srv = scripted((_, i) =>
    i === 0 ? "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this" + "" : ok("again")
  );
  using client = new Http1Client();
  const res = await client.get(srv.url("/short"), {}, never);
  const buf = new Uint8Array(100);
  assert.equal(await res.body.read(buf), 9);
  // The server sends no more and keeps the socket: the transfer's watchdog would abort here.
  res.body.cancel();
  assert.equal(await text((await client.get(srv.url("/next"), {}, never)).body), "again");
  assert.equal(srv.connections, 2);
});

Deno.test("a connection closed before any answer is an error", async () => {
  await using srv = scripted(() => null);
  using client = new Http1Client();
  await assert.rejects(
    client.get(srv.url("/gone"), {}, never),
    /connection closed before a response/,
  );
});

Deno.test("a connection closed inside a body is an error, not an end", async () => {
  await using srv = scripted(() => "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
  using client = new Http1Client();
  const res = await client.get(srv.url("/cut"), {}, never);
  const buf = new Uint8Array(100);
  assert.equal(await res.body.read(buf), 9);
  const next = res.body.read(buf.subarray(9));
  await srv[Symbol.asyncDispose]();
  await assert.rejects(next, /connection closed before the end of the body/);
  await assert.rejects(res.body.read(buf), /before the end of the body/, "it stays failed");
});

Deno.test("redirects are followed, relative ones included; interim 1xx answers are skipped", async () => {
  await using srv = scripted((s) =>
    s.head.startsWith("GET /old ")
      ? "HTTP/1.1 302 Found\r\nLocation: /new?x=1\r\nContent-Length: 3\r\n\r\nold"
      : "HTTP/1.1 100 Continue\r\n\r\n" + ok("new")
  );
  using client = new Http1Client();
  const res = await client.get(srv.url("/old"), {}, never);
  assert.equal(res.status, 200);
  assert.equal(await text(res.body), "new");
  assert.match(srv.seen[1].head, /^GET \/new\?x=1 /);
  assert.equal(srv.connections, 1);
});

Deno.test("an abort while waiting for the head ends the request at once", async () => {
  // The server answers nothing and closes only later: the abort must not wait for it.
  await using srv = scripted(() => new Promise<null>((r) => setTimeout(() => r(null), 1000)));
  using client = new Http1Client();
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error("idle")), 50);
  const started = performance.now();
  await assert.rejects(client.get(srv.url("/slow"), {}, controller.signal));
  assert.ok(performance.now() - started < 500);
  assert.equal(srv.seen.length, 1);
});

Deno.test("a head in pieces, with bare LFs and blank lines before it, is read whole", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    using conn = await listener.accept();
    await conn.read(new Uint8Array(4096));
    const answer = "\r\n\nHTTP/1.1 200 OK\nContent-Length: 4\r\nX-A: 1\n\nsky!";
    for (const byte of encoder.encode(answer)) {
      await write(conn, new Uint8Array([byte]));
      await new Promise((r) => setTimeout(r, 1));
    }
    await conn.read(new Uint8Array(16)).catch(() => null);
  })();
  const port = (listener.addr as Deno.NetAddr).port;
  {
    using client = new Http1Client();
    const res = await client.get(`http://127.0.0.1:${port}/p`, {}, never);
    assert.equal(res.headers.get("x-a"), "1");
    assert.equal(await text(res.body), "sky!");
  }
  await serving;
  listener.close();
});

Deno.test("HEAD has no body whatever its Content-Length says", async () => {
  await using srv = scripted(() => "HTTP/1.1 200 OK\r\nContent-Length: 12345\r\n\r\n");
  using client = new Http1Client();
  const res = await client.get(srv.url("/h"), {}, never, "HEAD");
  assert.equal(res.headers.get("content-length"), "12345");
  assert.equal(await res.body.read(new Uint8Array(10)), null);
  assert.match(srv.seen[0].head, /^HEAD \/h /);
});

Deno.test("https: the certificate is checked against the trusted authorities", async () => {
  await using srv = scripted(() => ok("secret sky"), true);
  {
    using client = new Http1Client({ caCerts: [fixture("ca.crt")] });
    const res = await client.get(srv.url("/tls"), {}, never);
    assert.equal(await text(res.body), "secret sky");
  }
  using untrusting = new Http1Client();
  await assert.rejects(untrusting.get(srv.url("/tls"), {}, never), /certificate|UnknownIssuer/i);
});

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  expectedFiles,
  fileBytes,
  fileSha256,
  fileStream,
  generateAccount,
  type SimAccount,
} from "./mod.ts";
import { withScenario } from "../helpers.ts";

// ------------------------------------------------------------------ bytes

Deno.test("bytes: signatures, determinism, versions, ranges, sha256", async () => {
  const png = fileBytes("/a/b.png", 5000, "png");
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const fits = fileBytes("/a/b_l_cal.fit", 5000, "fits");
  const card = new TextDecoder().decode(fits.subarray(0, 80));
  assert.ok(card.startsWith("SIMPLE  =                    T"));
  assert.equal(card.length, 80);
  assert.deepEqual(fileBytes("http://x:1/a/b.png?rand=1", 5000, "png"), png);
  assert.notDeepEqual(fileBytes("/a/b.png", 5000, "png", 1), png);
  assert.notDeepEqual(fileBytes("/a/c.png", 5000, "png"), png);
  for (const start of [0, 1, 3, 7, 8, 4097]) {
    const s = fileStream("/a/b.png", 5000, "png", 0, { start, chunkSize: 333 });
    const got = new Uint8Array(await new Response(s).arrayBuffer());
    assert.deepEqual(got, png.subarray(start));
  }
  const sha = createHash("sha256").update(png).digest("hex");
  assert.equal(fileSha256("/a/b.png", 5000, "png"), sha);
  const tiny = fileBytes("/t.fit", 10, "fits");
  assert.equal(new TextDecoder().decode(tiny), "SIMPLE  = ");
});

// ------------------------------------------------------------------ files

Deno.test("files: GET/HEAD serve exact bytes with validators", async () => {
  await withScenario({}, async ({ sim }) => {
    const files = expectedFiles(sim.account);
    assert.equal(
      files.length,
      60 + [...sim.account.missions.values()].reduce((n, m) => n + m.fits.length, 0),
    );
    for (const f of files.slice(0, 5).concat(files.filter((f) => f.kind === "fits").slice(0, 3))) {
      const r = await fetch(f.url);
      assert.equal(r.status, 200);
      const body = new Uint8Array(await r.arrayBuffer());
      assert.equal(body.length, f.size);
      assert.deepEqual(body, f.bytes());
      assert.equal(createHash("sha256").update(body).digest("hex"), f.sha256());
      assert.equal(r.headers.get("content-length"), String(f.size));
      assert.equal(r.headers.get("accept-ranges"), "bytes");
      assert.equal(
        r.headers.get("content-type"),
        f.kind === "picture" ? "image/png" : "application/octet-stream",
      );
      assert.ok(r.headers.get("etag"));
      assert.ok(r.headers.get("last-modified"));
    }
    const pic = files[0];
    const other = await fetch(pic.url.replace(/rand=[\d.]+/, "rand=1"));
    assert.deepEqual(new Uint8Array(await other.arrayBuffer()), pic.bytes());
    const bare = await fetch(pic.url.split("?")[0]);
    assert.deepEqual(new Uint8Array(await bare.arrayBuffer()), pic.bytes());
    const head = await fetch(pic.url, { method: "HEAD" });
    await head.body?.cancel();
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), String(pic.size));
    assert.equal(sim.counts.fileHeads, 1);
  });
});

Deno.test("files: Range, If-Range and versions", async () => {
  await withScenario({}, async ({ sim }) => {
    const f = expectedFiles(sim.account)[1];
    const all = f.bytes();
    const get = (headers: Record<string, string>) => fetch(f.url, { headers });
    let r = await get({ range: "bytes=100-" });
    assert.equal(r.status, 206);
    assert.equal(r.headers.get("content-range"), `bytes 100-${f.size - 1}/${f.size}`);
    assert.equal(r.headers.get("content-length"), String(f.size - 100));
    assert.deepEqual(new Uint8Array(await r.arrayBuffer()), all.subarray(100));
    r = await get({ range: "bytes=5-9" });
    assert.equal(r.status, 206);
    assert.deepEqual(new Uint8Array(await r.arrayBuffer()), all.subarray(5, 10));
    r = await get({ range: "bytes=-10" });
    assert.deepEqual(new Uint8Array(await r.arrayBuffer()), all.subarray(f.size - 10));
    r = await get({ range: `bytes=${f.size}-` });
    await r.body?.cancel();
    assert.equal(r.status, 416);
    assert.equal(r.headers.get("content-range"), `bytes */${f.size}`);

    const etag = (await fetch(f.url, { method: "HEAD" })).headers.get("etag")!;
    r = await get({ range: "bytes=100-", "if-range": etag });
    await r.body?.cancel();
    assert.equal(r.status, 206);
    sim.setFileVersion(f.url, 1);
    r = await get({ range: "bytes=100-", "if-range": etag });
    assert.equal(r.status, 200);
    assert.notEqual(r.headers.get("etag"), etag);
    const v1 = new Uint8Array(await r.arrayBuffer());
    assert.equal(v1.length, f.size);
    assert.notDeepEqual(v1, all);
    const exp = sim.expectedFiles().find((e) => e.url === f.url)!;
    assert.equal(exp.version, 1);
    assert.deepEqual(v1, exp.bytes());
    sim.setFileVersion(f.url, 2, 1234);
    r = await get({});
    assert.equal((await r.arrayBuffer()).byteLength, 1234);
    assert.equal(sim.fileSize(f.url), 1234);
  });
});

Deno.test("files: a large file streams without buffering", async () => {
  const acc = (base: string): SimAccount => {
    const a = generateAccount({ imageBase: base, pictures: 2 });
    a.pictures[0].size = 48 * 1024 * 1024 + 3;
    return a;
  };
  await withScenario({ account: acc }, async ({ sim }) => {
    const p = sim.account.pictures[0];
    const r = await fetch(p.url, { headers: { range: "bytes=7-" } });
    const hash = createHash("sha256");
    let n = 0;
    for await (const chunk of r.body!) {
      hash.update(chunk);
      n += chunk.length;
    }
    assert.equal(n, p.size - 7);
    const want = createHash("sha256");
    for await (const chunk of fileStream(p.url, p.size, "png", 0, { start: 7 })) {
      want.update(chunk);
    }
    assert.equal(hash.digest("hex"), want.digest("hex"));
    assert.equal(sim.counts.fileBytesSent, p.size - 7);
  });
});

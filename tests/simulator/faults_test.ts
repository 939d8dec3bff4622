import assert from "node:assert/strict";
import { expectedFiles, Simulator } from "./mod.ts";
import { withScenario } from "../helpers.ts";
import { authed, handshake, pictures, post } from "./test_support.ts";

/** Reads a body until it ends or fails; returns the bytes and the error, if any. */
async function readAll(res: Response): Promise<{ bytes: Uint8Array; error?: unknown }> {
  const parts: Uint8Array[] = [];
  let n = 0;
  const reader = res.body!.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      n += value.length;
    }
  } catch (error) {
    return { bytes: concat(parts, n), error };
  }
  return { bytes: concat(parts, n) };
}

function concat(parts: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

Deno.test("faults: status with Retry-After, match, times and skip", async () => {
  await withScenario({}, async ({ sim }) => {
    const s = await handshake(sim);
    sim.injectFault({ kind: "status", status: 503, retryAfter: 2, match: "getMyPictures" });
    const r = await pictures(sim, s, {});
    assert.equal(r.status, 503);
    assert.equal(r.res.headers.get("retry-after"), "2");
    assert.equal((await pictures(sim, s, {})).status, 200);

    sim.injectFault({ kind: "status", status: 429, match: "getMissionFITS", times: 2 });
    const g = await post(sim, "/api/newdashboard/getUserGravityStatus", authed(s), s.cookie);
    assert.equal(g.status, 200);
    for (let i = 0; i < 2; i++) {
      const f = await post(
        sim,
        "/api/images/getMissionFITS",
        authed(s, { scheduledMissionId: 1 }),
        s.cookie,
      );
      assert.equal(f.status, 429);
    }
    assert.equal(sim.pendingFaults, 0);

    sim.injectFault({ kind: "status", status: 500, match: "getMyPictures", skip: 1 });
    assert.equal((await pictures(sim, s, {})).status, 200);
    assert.equal((await pictures(sim, s, {})).status, 500);

    const file = sim.account.pictures[0];
    const path = new URL(file.url).pathname;
    sim.injectFault({ kind: "status", status: 404, target: "file", match: path });
    const other = await fetch(sim.account.pictures[1].url);
    await other.body?.cancel();
    assert.equal(other.status, 200);
    const hit = await fetch(file.url);
    await hit.body?.cancel();
    assert.equal(hit.status, 404);
    for (const status of [403, 408, 502]) {
      sim.injectFault({ kind: "status", status, target: "file" });
      const x = await fetch(file.url);
      await x.body?.cancel();
      assert.equal(x.status, status);
    }
    sim.injectFault({ kind: "status", status: 500, times: 5 });
    sim.clearFaults();
    assert.equal((await pictures(sim, s, {})).status, 200);
  });
});

Deno.test("faults: reset and short bodies fail on the client", async () => {
  await withScenario({}, async ({ sim }) => {
    const f = expectedFiles(sim.account).find((f) => f.size > 10_000)!;
    for (const kind of ["reset", "short"] as const) {
      sim.injectFault({ kind, afterBytes: 5000 });
      const r = await fetch(f.url);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get("content-length"), String(f.size));
      const { bytes, error } = await readAll(r);
      assert.ok(error, `${kind}: the client must see an error`);
      assert.equal(bytes.length, 5000, kind);
      assert.deepEqual(bytes, f.bytes().subarray(0, 5000));
      // The next request is healthy.
      const ok = await fetch(f.url);
      assert.deepEqual(new Uint8Array(await ok.arrayBuffer()), f.bytes());
    }
    const s = await handshake(sim);
    sim.injectFault({ kind: "short", afterBytes: 10, target: "api", match: "getMyPictures" });
    await assert.rejects(pictures(sim, s, {}));
  });
});

Deno.test("faults: stall pauses the body, then completes or hangs until abort", async () => {
  await withScenario({}, async ({ sim }) => {
    const f = expectedFiles(sim.account).find((f) => f.size > 10_000)!;
    sim.injectFault({ kind: "stall", afterBytes: 3000, ms: 300 });
    const t = performance.now();
    const r = await fetch(f.url);
    const body = new Uint8Array(await r.arrayBuffer());
    assert.ok(performance.now() - t >= 280);
    assert.deepEqual(body, f.bytes());

    sim.injectFault({ kind: "stall", afterBytes: 3000, ms: Infinity });
    const ctrl = new AbortController();
    const hung = await fetch(f.url, { signal: ctrl.signal });
    const reader = hung.body!.getReader();
    let got = 0;
    const timedOut = Symbol("timeout");
    while (true) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const next = await Promise.race([
        reader.read(),
        new Promise<typeof timedOut>((res) => timer = setTimeout(() => res(timedOut), 300)),
      ]);
      clearTimeout(timer);
      if (next === timedOut) break;
      assert.ok(!next.done, "a stalled body must not end");
      got += next.value.length;
    }
    assert.equal(got, 3000);
    ctrl.abort();
    await reader.read().catch(() => {});
  });
});

Deno.test("faults: a stalled API answer delays the JSON", async () => {
  await withScenario({}, async ({ sim }) => {
    const s = await handshake(sim);
    sim.injectFault({ kind: "stall", target: "api", afterBytes: 0, ms: 250 });
    const t = performance.now();
    const r = await pictures(sim, s, {});
    assert.ok(performance.now() - t >= 230);
    assert.equal(r.json.totalCount, "60");
  });
});

Deno.test("faults: stall forever does not block close()", async () => {
  const sim = await Simulator.start({});
  const f = sim.account.pictures[0];
  sim.injectFault({ kind: "stall", afterBytes: 100, ms: Infinity });
  const r = await fetch(f.url);
  const reading = readAll(r);
  await new Promise((res) => setTimeout(res, 100));
  await sim.close();
  const { error } = await reading;
  assert.ok(error);
});

Deno.test("faults: html maintenance page and invalid JSON", async () => {
  await withScenario({}, async ({ sim }) => {
    const s = await handshake(sim);
    sim.injectFault({ kind: "html", match: "getMyPictures" });
    let r = await pictures(sim, s, {});
    assert.equal(r.status, 200);
    assert.match(r.res.headers.get("content-type")!, /^text\/html/);
    assert.match(r.json, /<html>/);
    sim.injectFault({ kind: "html", status: 503 });
    r = await pictures(sim, s, {});
    assert.equal(r.status, 503);
    sim.injectFault({ kind: "invalid-json", match: "getMyPictures" });
    r = await pictures(sim, s, {});
    assert.equal(r.status, 200);
    assert.match(r.res.headers.get("content-type")!, /^application\/json/);
    assert.equal(typeof r.json, "string");
    assert.throws(() => JSON.parse(r.json));
    assert.ok(r.json.startsWith('{"apiError":false'));
  });
});

Deno.test("faults: error-body serves an HTML page in place of the image", async () => {
  await withScenario({}, async ({ sim }) => {
    const f = sim.account.pictures[0];
    sim.injectFault({ kind: "error-body" });
    const r = await fetch(f.url);
    assert.equal(r.status, 200);
    const text = await r.text();
    assert.match(text, /Access denied/);
    assert.equal(r.headers.get("content-length"), String(new TextEncoder().encode(text).length));
    assert.notEqual(Number(r.headers.get("content-length")), f.size);
  });
});

Deno.test("faults: expire on a given call", async () => {
  await withScenario({}, async ({ sim }) => {
    const s = await handshake(sim);
    sim.injectFault({ kind: "expire", mode: "60003", match: "getMyPictures", skip: 1 });
    assert.equal((await pictures(sim, s, {})).json.totalCount, "60");
    const r = await pictures(sim, s, { firstImageNumber: 41 });
    assert.equal(r.json.errorCode, 60003);
    const s2 = await handshake(sim);
    assert.equal((await pictures(sim, s2, {})).json.totalCount, "60");
  });
});

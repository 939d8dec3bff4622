import assert from "node:assert/strict";
import { addNewPictures, fileBytes, generateAccount } from "./mod.ts";
import { withScenario } from "../helpers.ts";
import { type Any, handshake, pictures } from "./test_support.ts";

Deno.test("counters and request log", async () => {
  await withScenario({}, async ({ sim }) => {
    const s = await handshake(sim);
    await pictures(sim, s, {});
    await pictures(sim, s, { firstImageNumber: 41 });
    const f = sim.account.pictures[0];
    await (await fetch(f.url)).arrayBuffer();
    await (await fetch(f.url)).arrayBuffer();
    await (await fetch(f.url, { method: "HEAD" })).body?.cancel();
    const c = sim.counts;
    assert.equal(c.generateSessionToken, 1);
    assert.equal(c.login, 1);
    assert.equal(c.getMyPictures, 2);
    assert.equal(c.getMissionImages, 0);
    assert.equal(c.apiCalls, 4);
    assert.equal(c.fileGets, 2);
    assert.equal(c.fileHeads, 1);
    assert.equal(c.fileBytesSent, 2 * f.size);
    assert.equal(c.fileGetsByPath.get(new URL(f.url).pathname), 2);
    assert.equal(sim.requests.length, 4);
    assert.equal(sim.requests[1].path, "/api/users/login");
    assert.equal((sim.requests[1].body as Any).passwd, sim.account.password);
    assert.equal(sim.requests[2].headers.cookie, s.cookie);
    sim.resetCounts();
    assert.equal(sim.counts.getMyPictures, 0);
    assert.equal(sim.counts.fileGetsByPath.size, 0);
    assert.equal(sim.requests.length, 0);
  });
});

Deno.test("setup: a prebuilt account is rebased; new pictures are served", async () => {
  const account = generateAccount({ imageBase: "http://placeholder.invalid", pictures: 30 });
  await withScenario({ account }, async ({ sim }) => {
    assert.equal(sim.account, account);
    assert.ok(account.pictures.every((p) => p.url.startsWith(sim.origin)));
    const r = await fetch(account.pictures[0].url);
    assert.equal(r.status, 200);
    await r.body?.cancel();
    const s = await handshake(sim);
    addNewPictures(account, 5);
    const j = (await pictures(sim, s, { maxImageCount: 5 })).json;
    assert.equal(j.totalCount, "35");
    assert.deepEqual(
      j.imageList.map((p: Any) => p.imageId),
      account.pictures.slice(0, 5).map((p) => p.imageId),
    );
    const nf = account.missions.get(account.pictures[0].missionId)!.fits[0];
    const fr = await fetch(nf.url);
    assert.equal(fr.status, 200);
    assert.deepEqual(new Uint8Array(await fr.arrayBuffer()), fileBytes(nf.url, nf.size, "fits"));
  });
});

Deno.test("setup: 20,000-picture roll pages quickly", async () => {
  await withScenario({ accountOptions: { pictures: 20_000 } }, async ({ sim }) => {
    const s = await handshake(sim);
    const t = performance.now();
    let first = 1;
    let n = 0;
    while (true) {
      const j = (await pictures(sim, s, { firstImageNumber: first, maxImageCount: 40 })).json;
      if (j.imageList.length === 0) break;
      n += j.imageCount;
      first += j.imageCount;
    }
    assert.equal(n, 20_000);
    const ms = performance.now() - t;
    assert.ok(ms < 10_000, `paging took ${ms} ms`);
  });
});

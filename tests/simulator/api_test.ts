import assert from "node:assert/strict";
import { PRODUCT_ID } from "./mod.ts";
import { withScenario } from "../helpers.ts";
import { type Any, authed, handshake, pictures, post } from "./test_support.ts";

Deno.test("api: handshake needs the cookie; login answers strings", async () => {
  await withScenario({}, async ({ sim }) => {
    const t = await post(sim, "/api/app/generateSessionToken");
    assert.equal(t.status, 200);
    assert.match(t.json.sloohSessionToken, /^[0-9a-f]{32}$/);
    assert.equal(t.json.apiError, false);
    assert.equal(t.json.errorCode, 0);
    assert.equal(t.json.statusCode, 200);
    const creds = {
      username: sim.account.username,
      passwd: sim.account.password,
      productId: PRODUCT_ID,
      locale: "en",
    };
    const noCookie = await post(sim, "/api/users/login", creds);
    assert.equal(noCookie.status, 200);
    assert.equal(noCookie.json.loginError, "true");
    assert.equal(noCookie.json.errorCode, 60003);
    const forged = await post(sim, "/api/users/login", creds, "_sloohsstkn=deadbeef");
    assert.equal(forged.json.loginError, "true");
    const cookie = `_sloohsstkn=${t.json.sloohSessionToken}`;
    const ok = await post(sim, "/api/users/login", {
      ...creds,
      sloohSiteSessionToken: null,
    }, cookie);
    assert.equal(ok.json.loginError, "false");
    for (const k of ["at", "cid", "token", "userid", "displayName", "customerUUID"]) {
      assert.equal(typeof ok.json[k], "string", k);
    }
    assert.equal(ok.json.userid, sim.account.userId);
    assert.equal(ok.json.apiError, false);
  });
});

Deno.test("api: login wants passwd; wrong credentials envelope", async () => {
  await withScenario({}, async ({ sim }) => {
    const t = await post(sim, "/api/app/generateSessionToken");
    const cookie = `_sloohsstkn=${t.json.sloohSessionToken}`;
    const base = { username: sim.account.username, productId: PRODUCT_ID, locale: "en" };
    const wrongField = await post(sim, "/api/users/login", {
      ...base,
      password: sim.account.password,
    }, cookie);
    assert.deepEqual(wrongField.json, {
      loginError: "true",
      errorCode: 1001,
      errorMsg: "Invalid username or password",
    });
    const wrong = await post(sim, "/api/users/login", { ...base, passwd: "nope" }, cookie);
    assert.equal(wrong.status, 200);
    assert.deepEqual(wrong.json, {
      loginError: "true",
      errorCode: 1001,
      errorMsg: "Invalid username or password",
    });
    const noProduct = await post(sim, "/api/users/login", {
      username: sim.account.username,
      passwd: sim.account.password,
      locale: "en",
    }, cookie);
    assert.equal(noProduct.json.loginError, "true");
  });
});

Deno.test("api: every data call validates cookie, token echo, auth triple, constants", async () => {
  await withScenario({}, async ({ sim }) => {
    const s = await handshake(sim);
    const good = await post(sim, "/api/newdashboard/getUserGravityStatus", authed(s), s.cookie);
    assert.equal(good.json.apiError, false);
    assert.equal(good.json.gravityPoints, 18450);
    assert.equal(typeof good.json.currentTierProgress, "number");
    assert.equal(typeof good.json.memberSince, "string");
    const expired = { apiError: true, errorCode: 60003, errorMsg: "Your session has expired." };
    const cases: [string, Record<string, unknown>, string | undefined][] = [
      ["no cookie", authed(s), undefined],
      ["bad cookie", authed(s), "_sloohsstkn=abc"],
      ["no site token", { ...authed(s), sloohSiteSessionToken: undefined }, s.cookie],
      ["sloohSessionToken only", {
        ...authed(s),
        sloohSiteSessionToken: undefined,
        sloohSessionToken: s.sst,
      }, s.cookie],
      ["wrong token", { ...authed(s), token: "x" }, s.cookie],
      ["numeric cid", { ...authed(s), cid: Number(s.auth.cid) }, s.cookie],
      ["no at", { ...authed(s), at: undefined }, s.cookie],
      ["no productId", { ...authed(s), productId: undefined }, s.cookie],
      ["no locale", { ...authed(s), locale: undefined }, s.cookie],
    ];
    for (const [name, body, cookie] of cases) {
      const r = await post(sim, "/api/newdashboard/getUserGravityStatus", body, cookie);
      assert.equal(r.status, 200, name);
      assert.deepEqual(r.json, { ...expired, statusCode: 401 }, name);
      assert.ok(r.res.headers.get("x-sim-rejected"), name);
    }
    assert.ok(sim.requests.some((r) => r.rejected?.includes("sloohSiteSessionToken")));
    // A second, unrelated login leaves the first session intact.
    const s2 = await handshake(sim);
    assert.equal((await pictures(sim, s, {})).json.apiError, false);
    assert.equal((await pictures(sim, s2, {})).json.apiError, false);
  });
});

Deno.test("api: getMyPictures pages are capped, 1-based, totalCount a string", async () => {
  await withScenario({ accountOptions: { pictures: 81, seed: 3 } }, async ({ sim }) => {
    const s = await handshake(sim);
    const seen: number[] = [];
    let first = 1;
    let pages = 0;
    while (true) {
      const r = await pictures(sim, s, { firstImageNumber: first, maxImageCount: 50 });
      const j = r.json;
      assert.equal(j.totalCount, "81");
      assert.equal(j.firstImageNumber, first);
      assert.equal(j.maxImageCount, 50);
      assert.equal(j.imageCount, j.imageList.length);
      if (j.imageList.length === 0) break;
      assert.ok(j.imageList.length <= 40);
      seen.push(...j.imageList.map((p: Any) => p.imageId));
      first += j.imageCount;
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, sim.account.pictures.map((p) => p.imageId));
    // The exact last item is reachable; CE's `first < total` would stop before it.
    const last = await pictures(sim, s, { firstImageNumber: 81, maxImageCount: 40 });
    assert.equal(last.json.imageList.length, 1);
    assert.equal(last.json.imageList[0].imageId, sim.account.pictures[80].imageId);
    const past = await pictures(sim, s, { firstImageNumber: 82 });
    assert.deepEqual(past.json.imageList, []);
    assert.equal(past.json.imageCount, 0);
    assert.equal(past.json.totalCount, "81");
    // Picture fields.
    const p0 = (await pictures(sim, s, { maxImageCount: 1 })).json.imageList[0];
    const truth = sim.account.pictures[0];
    assert.equal(p0.imageId, truth.imageId);
    assert.equal(p0.customerImageId, truth.customerImageId);
    assert.equal(p0.scheduledMissionId, truth.missionId);
    assert.equal(p0.imageTitle, truth.title);
    assert.equal(p0.imageDownloadURL, truth.url);
    assert.equal(p0.telescopeName, truth.telescope);
    assert.equal(p0.instrumentName, truth.instrument);
    assert.deepEqual(p0.overlayData, { owner: sim.account.displayName });
    assert.equal("missionId" in p0, false);
    const all = await pictures(sim, s, { maxImageCount: 40 });
    const noName = all.json.imageList.filter((p: Any) => !("imageDownloadFilename" in p));
    assert.ok(noName.length > 0);
    // Zero-based or string numbers are refused.
    const zero = await pictures(sim, s, { firstImageNumber: 0 });
    assert.equal(zero.json.apiError, true);
    const str = await pictures(sim, s, { maxImageCount: "50" });
    assert.equal(str.json.apiError, true);
  });
});

Deno.test("api: pageCap option and 1-item pages", async () => {
  await withScenario({ pageCap: 7, accountOptions: { pictures: 15 } }, async ({ sim }) => {
    const s = await handshake(sim);
    assert.equal((await pictures(sim, s, { maxImageCount: 100 })).json.imageCount, 7);
    assert.equal((await pictures(sim, s, { maxImageCount: 3 })).json.imageCount, 3);
  });
});

Deno.test("api: viewType semantics", async () => {
  await withScenario({ accountOptions: { pictures: 120, seed: 11 } }, async ({ sim }) => {
    const s = await handshake(sim);
    const m = [...sim.account.missions.values()].find((m) =>
      sim.account.pictures.filter((p) => p.missionId === m.id).length > 1
    )!;
    const r = await pictures(sim, s, { viewType: "missions", scheduledMissionId: m.id });
    const want = sim.account.pictures.filter((p) => p.missionId === m.id).map((p) => p.imageId);
    assert.deepEqual(r.json.imageList.map((p: Any) => p.imageId), want);
    assert.equal(r.json.totalCount, String(want.length));
    const caps = await pictures(sim, s, { viewType: "missions", scheduledMissionId: 0 });
    const capIds = sim.account.pictures.filter((p) => p.missionId === 0).map((p) => p.imageId);
    assert.ok(capIds.length > 0);
    assert.deepEqual(caps.json.imageList.map((p: Any) => p.imageId), capIds);
    for (const p of caps.json.imageList) {
      assert.match(p.imageDownloadURL, /\/[a-z]+\d-\d{4}-\d\d-\d\dT\d{6}UTC-\w{6}\.png\?rand=/);
    }
    const unknown = await pictures(sim, s, { viewType: "missions", scheduledMissionId: 1 });
    assert.deepEqual(unknown.json.imageList, []);
    assert.equal(unknown.json.totalCount, "0");
    const bad = await pictures(sim, s, { viewType: "roll" });
    assert.equal(bad.json.apiError, true);
  });
});

Deno.test("api: getMissionImages paging, totalCount a number, missionImageCount a string", async () => {
  await withScenario({ accountOptions: { pictures: 100 } }, async ({ sim }) => {
    const s = await handshake(sim);
    const ids: number[] = [];
    let first = 1;
    while (true) {
      const r = await post(
        sim,
        "/api/images/getMissionImages",
        authed(s, { maxMissionCount: 50, firstMissionNumber: first }),
        s.cookie,
      );
      const j = r.json;
      assert.equal(typeof j.totalCount, "number");
      assert.equal(j.totalCount, sim.account.missions.size);
      assert.equal(j.firstMissionNumber, first);
      assert.ok(j.imageList.length <= 18);
      assert.equal(j.imageCount, j.imageList.length);
      if (j.imageList.length === 0) break;
      for (const m of j.imageList) {
        assert.equal(typeof m.missionImageCount, "string");
        const truth = sim.account.missions.get(m.scheduledMissionId)!;
        assert.equal(m.imageTitle, truth.title);
        assert.equal(m.fitsIsAvailable, truth.fitsAvailable);
        assert.equal(m.missionOwner, sim.account.displayName);
        assert.equal(
          Number(m.missionImageCount),
          sim.account.pictures.filter((p) => p.missionId === m.scheduledMissionId).length,
        );
        assert.ok(sim.account.pictures.some((p) => p.url === m.imageURL));
        ids.push(m.scheduledMissionId);
      }
      first += j.imageCount;
    }
    assert.equal(ids.length, sim.account.missions.size);
    const times = ids.map((id) => sim.account.missions.get(id)!.capturedAt.getTime());
    for (let i = 1; i < times.length; i++) assert.ok(times[i] <= times[i - 1]);
  });
});

Deno.test("api: getMissionFITS groups, missing imageIds, empty cases", async () => {
  await withScenario({ accountOptions: { pictures: 400, seed: 2 } }, async ({ sim }) => {
    const s = await handshake(sim);
    const fits = (id: number) =>
      post(
        sim,
        "/api/images/getMissionFITS",
        authed(s, { scheduledMissionId: id, maxImageCount: 100, firstImageNumber: 1 }),
        s.cookie,
      );
    let sawNoId = false;
    let sawTwoGroups = false;
    for (const m of sim.account.missions.values()) {
      const j = (await fits(m.id)).json;
      assert.equal(j.apiError, false);
      const flat = j.groupList.flatMap((g: Any) =>
        g.groupImageList.map((f: Any) => ({ ...f, group: g.groupName }))
      );
      assert.equal(flat.length, m.fits.length);
      for (const [i, f] of m.fits.entries()) {
        assert.equal(flat[i].imageURL, f.url);
        assert.equal(flat[i].imageTitle, f.title);
        assert.equal(flat[i].group, f.group);
        assert.equal(flat[i].imageId, f.imageId);
        if (!("imageId" in flat[i])) sawNoId = true;
      }
      if (j.groupList.length > 1) sawTwoGroups = true;
    }
    assert.ok(sawNoId && sawTwoGroups);
    assert.deepEqual((await fits(0)).json.groupList, []);
    assert.deepEqual((await fits(123)).json.groupList, []);
    const noFits = [...sim.account.missions.values()].find((m) => !m.fitsAvailable)!;
    assert.deepEqual((await fits(noFits.id)).json.groupList, []);
  });
});

Deno.test("api: unknown paths 404, wrong method 405, malformed JSON 400", async () => {
  await withScenario({}, async ({ sim }) => {
    const r = await post(sim, "/api/images/nope", {});
    assert.equal(r.status, 404);
    const g = await fetch(`${sim.apiRoot}/api/images/getMyPictures`);
    await g.body?.cancel();
    assert.equal(g.status, 405);
    const s = await handshake(sim);
    const bad = await fetch(`${sim.apiRoot}/api/images/getMyPictures`, {
      method: "POST",
      headers: { cookie: s.cookie, "content-type": "application/json" },
      body: "{nope",
    });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).apiError, true);
    const f = await fetch(`${sim.origin}/polaris2.slooh.com/missing.png`);
    await f.body?.cancel();
    assert.equal(f.status, 404);
  });
});

Deno.test("api: deleteImage by customerImageId", async () => {
  await withScenario({}, async ({ sim }) => {
    const s = await handshake(sim);
    const victim = sim.account.pictures[3];
    const body = { at: s.auth.at, cid: s.auth.cid, token: s.auth.token, productId: PRODUCT_ID };
    const deleteVictim = () =>
      post(
        sim,
        "/api/images/deleteImage",
        { ...body, locale: "en", customerImageId: victim.customerImageId },
        s.cookie,
      );
    const r = await deleteVictim();
    assert.equal(r.json.apiError, false);
    assert.equal(sim.account.pictures.length, 59);
    const j = (await pictures(sim, s, {})).json;
    assert.equal(j.totalCount, "59");
    assert.ok(!j.imageList.some((p: Any) => p.imageId === victim.imageId));
    const again = await deleteVictim();
    assert.equal(again.json.apiError, true);
  });
});

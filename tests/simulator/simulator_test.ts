import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  addNewPictures,
  expectedFiles,
  fileBytes,
  fileSha256,
  fileStream,
  generateAccount,
  PRODUCT_ID,
  type SimAccount,
  Simulator,
  TELESCOPES,
  TITLES,
} from "./mod.ts";
import { withScenario } from "../helpers.ts";

// Wire JSON is untyped by nature; the tests poke at it freely.
// deno-lint-ignore no-explicit-any
type Any = any;

interface Session {
  cookie: string;
  sst: string;
  auth: { at: string; cid: string; token: string };
}

async function post(
  sim: Simulator,
  path: string,
  body?: unknown,
  cookie?: string,
): Promise<{ status: number; json: Any; res: Response }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
  if (cookie) headers.cookie = cookie;
  const res = await fetch(`${sim.apiRoot}${path}`, {
    method: "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Any = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, res };
}

async function handshake(sim: Simulator): Promise<Session> {
  const t = await post(sim, "/api/app/generateSessionToken");
  const sst = t.json.sloohSessionToken as string;
  const cookie = `_sloohsstkn=${sst}`;
  const l = await post(sim, "/api/users/login", {
    username: sim.account.username,
    passwd: sim.account.password,
    productId: PRODUCT_ID,
    locale: "en",
  }, cookie);
  assert.equal(l.json.loginError, "false");
  return { cookie, sst, auth: { at: l.json.at, cid: l.json.cid, token: l.json.token } };
}

function authed(s: Session, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sloohSiteSessionToken: s.sst,
    ...s.auth,
    productId: PRODUCT_ID,
    locale: "en",
    ...extra,
  };
}

function pictures(sim: Simulator, s: Session, extra: Record<string, unknown>) {
  return post(
    sim,
    "/api/images/getMyPictures",
    authed(s, {
      scheduledMissionId: 0,
      maxImageCount: 50,
      firstImageNumber: 1,
      viewType: "photoRoll",
      ...extra,
    }),
    s.cookie,
  );
}

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

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** A tolerant parser, as lessons.md asks clients to write, to check the generator's truth. */
function parseDisplay(date: string, time: string): Date {
  let y: number, mo: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])];
  } else {
    const m = /^([A-Za-z]+)\.? (\d{1,2}), (\d{4})$/.exec(date);
    assert.ok(m, `unparseable displayDate ${date}`);
    mo = MONTHS[m[1].slice(0, 3).toLowerCase()];
    [y, d] = [Number(m[3]), Number(m[2])];
  }
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))? UTC$/.exec(time);
  assert.ok(t, `unparseable displayTime ${time}`);
  return new Date(Date.UTC(y, mo, d, Number(t[1]), Number(t[2]), Number(t[3] ?? 0)));
}

const BASE = "http://sim.invalid";

// ------------------------------------------------------------------ account

Deno.test("account: deterministic for a seed, different across seeds", () => {
  const a = generateAccount({ imageBase: BASE, seed: 42 });
  const b = generateAccount({ imageBase: BASE, seed: 42 });
  const c = generateAccount({ imageBase: BASE, seed: 43 });
  assert.deepEqual(a.pictures, b.pictures);
  assert.deepEqual([...a.missions.values()], [...b.missions.values()]);
  assert.notDeepEqual(a.pictures.map((p) => p.url), c.pictures.map((p) => p.url));
});

Deno.test("account: a 60-picture account shows every real title shape", () => {
  for (const seed of [1, 2, 3, 99, 12345]) {
    const a = generateAccount({ imageBase: BASE, seed });
    assert.equal(a.pictures.length, 60);
    const titles = new Set(a.pictures.map((p) => p.title));
    for (const t of TITLES) assert.ok(titles.has(t.title), `seed ${seed} misses ${t.title}`);
  }
  const titles = new Set(TITLES.map((t) => t.title));
  for (
    const t of [
      "Messier 43 ",
      "Comet C/2025 R2 (SWAN)",
      "Butterfly Galaxies (NGC 4568/4567)",
      "Celestial Coordinates - RA: 23.1289  Dec: -42.3333 (C2024 E1 Wierzchos)",
      "Veil Nebula (East) (NGC 6992)",
    ]
  ) assert.ok(titles.has(t));
});

Deno.test("account: realism quirks", () => {
  const a = generateAccount({ imageBase: BASE, seed: 7, pictures: 3000 });
  const pics = a.pictures;
  // Newest first, about two years ending at the default start date.
  assert.equal(pics[0].capturedAt.toISOString(), "2026-02-09T03:25:48.000Z");
  for (let i = 1; i < pics.length; i++) {
    assert.ok(pics[i].capturedAt <= pics[i - 1].capturedAt, `roll order at ${i}`);
  }
  const spanDays = (pics[0].capturedAt.getTime() - pics.at(-1)!.capturedAt.getTime()) / 86400e3;
  assert.ok(spanDays > 650 && spanDays <= 731, `span ${spanDays}`);
  // Display fields tell the truth.
  for (const p of pics) {
    assert.equal(parseDisplay(p.displayDate, p.displayTime).getTime(), p.capturedAt.getTime());
    assert.notEqual(p.customerImageId, p.imageId);
    assert.ok(p.size >= 2000 && p.size <= 30000);
  }
  const dates = pics.map((p) => p.displayDate).join("|");
  for (const re of [/Feb\. \d/, /February \d/, /Sept\. \d/, /Sep\. \d/, /May \d/, /June \d/]) {
    assert.match(dates, re);
  }
  assert.match(dates, /\d{4}-\d{2}-\d{2}/);
  assert.ok(pics.some((p) => /^\d\d:\d\d:\d\d UTC$/.test(p.displayTime)));
  assert.ok(pics.some((p) => /^\d\d:\d\d UTC$/.test(p.displayTime)));
  // Telescopes, including empty names.
  const scopes = new Set(pics.map((p) => p.telescope));
  for (const t of TELESCOPES) assert.ok(scopes.has(t.name), t.name);
  assert.ok(scopes.has(""));
  // imageDownloadFilename missing on ~15%.
  const missing = pics.filter((p) => p.downloadFilename === undefined).length / pics.length;
  assert.ok(missing > 0.1 && missing < 0.2, `missing ${missing}`);
  // Unique ids and URLs.
  assert.equal(new Set(pics.map((p) => p.imageId)).size, pics.length);
  assert.equal(new Set(pics.map((p) => p.url)).size, pics.length);
  // URL anatomy.
  const mission = new RegExp(
    "^http://sim\\.invalid/polaris2\\.slooh\\.com/(teide|chile|aus)/\\d/[a-z]+/\\d{4}/\\d\\d/\\d\\d/" +
      "\\d{4}_([a-z0-9.\\-]+)/\\2_\\d{8}_\\d{6}_\\d_[a-z0-9]{6}_[a-z]+\\.png\\?rand=\\d+(\\.\\d+)?$",
  );
  const capture = new RegExp(
    "^http://sim\\.invalid/polaris2\\.slooh\\.com/(teide|chile|aus)/\\d/\\d{4}/\\d\\d/\\d\\d/" +
      "[a-z]+\\d-\\d{4}-\\d\\d-\\d\\dT\\d{6}UTC-[A-Za-z0-9]{6}\\.png\\?rand=[\\d.]+$",
  );
  for (const p of pics) {
    assert.match(p.url, p.missionId === 0 ? capture : mission);
    if (p.downloadFilename) {
      assert.equal(p.downloadFilename, p.url.split("?")[0].split("/").at(-1));
    }
  }
  assert.ok(pics.some((p) => p.missionId === 0));
  // Mission pictures share the mission's fields; FITS share its time.
  let noId = 0;
  let multiGroup = 0;
  for (const m of a.missions.values()) {
    const mp = pics.filter((p) => p.missionId === m.id);
    assert.ok(mp.length >= 1 && mp.length <= 4);
    for (const p of mp) {
      assert.equal(p.title, m.title);
      assert.equal(p.telescope, m.telescope);
      assert.equal(p.displayDate, m.displayDate);
      assert.equal(p.displayTime, m.displayTime);
      assert.equal(p.capturedAt.getTime(), m.capturedAt.getTime());
    }
    assert.equal(m.fitsAvailable, m.fits.length > 0);
    for (const f of m.fits) {
      assert.match(f.url, /^http:\/\/sim\.invalid\/polaris\.slooh\.com\/.*_[a-z]_cal\.fit$/);
      assert.equal(f.title, f.url.split("/").at(-1));
      if (f.imageId === undefined) noId++;
    }
    if (new Set(m.fits.map((f) => f.group)).size > 1) multiGroup++;
  }
  assert.ok(noId > 0);
  assert.ok(multiGroup > 0);
  const fitsMissions = [...a.missions.values()].filter((m) => m.fitsAvailable).length;
  assert.ok(fitsMissions / a.missions.size > 0.8 && fitsMissions < a.missions.size);
});

Deno.test("account: two different pictures share a file name", () => {
  const a = generateAccount({ imageBase: BASE });
  const byName = new Map<string, string[]>();
  for (const p of a.pictures) {
    const name = p.downloadFilename ?? p.url.split("?")[0].split("/").at(-1)!;
    byName.set(name, [...(byName.get(name) ?? []), p.url]);
  }
  const dup = [...byName.values()].filter((urls) => urls.length > 1);
  assert.ok(dup.length > 0);
  for (const urls of dup) assert.equal(new Set(urls).size, urls.length);
});

Deno.test("account: missing seconds means capturedAt seconds are zero", () => {
  const a = generateAccount({ imageBase: BASE, pictures: 500 });
  const short = a.pictures.filter((p) => /^\d\d:\d\d UTC$/.test(p.displayTime));
  assert.ok(short.length > 0);
  for (const p of short) assert.equal(p.capturedAt.getUTCSeconds(), 0);
});

Deno.test("account: sizes and FITS counts follow the options", () => {
  const a = generateAccount({
    imageBase: BASE,
    pictures: 200,
    pictureSize: [100, 200],
    fitsSize: [300, 400],
    fitsPerMission: [2, 3],
  });
  for (const p of a.pictures) assert.ok(p.size >= 100 && p.size <= 200);
  for (const m of a.missions.values()) {
    if (!m.fitsAvailable) continue;
    assert.ok(m.fits.length >= 2 && m.fits.length <= 3);
    for (const f of m.fits) assert.ok(f.size >= 300 && f.size <= 400);
  }
});

Deno.test("account: 20,000 pictures generate fast", () => {
  const t = performance.now();
  const a = generateAccount({ imageBase: BASE, pictures: 20_000, seed: 5 });
  const ms = performance.now() - t;
  assert.equal(a.pictures.length, 20_000);
  assert.ok(ms < 1500, `took ${ms} ms`);
});

Deno.test("account: addNewPictures prepends newer pictures in new missions with FITS", () => {
  const a = generateAccount({ imageBase: BASE });
  const oldNewest = a.pictures[0];
  const maxId = Math.max(...a.pictures.map((p) => p.imageId));
  const added = addNewPictures(a, 7);
  assert.equal(a.pictures.length, 67);
  assert.deepEqual(a.pictures.slice(0, 7), added);
  assert.equal(a.pictures[7], oldNewest);
  for (let i = 1; i < 8; i++) assert.ok(a.pictures[i].capturedAt <= a.pictures[i - 1].capturedAt);
  assert.ok(added.at(-1)!.capturedAt > oldNewest.capturedAt);
  for (const p of added) {
    assert.ok(p.imageId > maxId);
    assert.ok(p.missionId > 0);
    const m = a.missions.get(p.missionId)!;
    assert.ok(m.fitsAvailable && m.fits.length > 0);
    assert.equal(parseDisplay(p.displayDate, p.displayTime).getTime(), p.capturedAt.getTime());
  }
  const ids = a.pictures.map((p) => p.imageId);
  assert.equal(new Set(ids).size, ids.length);
});

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

// ------------------------------------------------------------------ API

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
    const r = await post(
      sim,
      "/api/images/deleteImage",
      { ...body, locale: "en", customerImageId: victim.customerImageId },
      s.cookie,
    );
    assert.equal(r.json.apiError, false);
    assert.equal(sim.account.pictures.length, 59);
    const j = (await pictures(sim, s, {})).json;
    assert.equal(j.totalCount, "59");
    assert.ok(!j.imageList.some((p: Any) => p.imageId === victim.imageId));
    const again = await post(
      sim,
      "/api/images/deleteImage",
      { ...body, locale: "en", customerImageId: victim.customerImageId },
      s.cookie,
    );
    assert.equal(again.json.apiError, true);
  });
});

// ------------------------------------------------------------------ expiry

Deno.test("expiry: silent, 401 and 60003 modes; a fresh handshake recovers", async () => {
  await withScenario({}, async ({ sim }) => {
    let s = await handshake(sim);
    sim.expireSessions("silent");
    const silent = (await pictures(sim, s, {})).json;
    assert.equal(silent.apiError, false);
    assert.equal(silent.totalCount, "0");
    assert.equal(silent.imageCount, 0);
    assert.deepEqual(silent.imageList, []);
    const m = await post(
      sim,
      "/api/images/getMissionImages",
      authed(s, { maxMissionCount: 18, firstMissionNumber: 1 }),
      s.cookie,
    );
    assert.deepEqual(m.json.imageList, []);
    // The old cookie cannot log in again.
    const relog = await post(sim, "/api/users/login", {
      username: sim.account.username,
      passwd: sim.account.password,
      productId: PRODUCT_ID,
      locale: "en",
    }, s.cookie);
    assert.equal(relog.json.loginError, "true");

    s = await handshake(sim);
    assert.equal((await pictures(sim, s, {})).json.totalCount, "60");
    sim.expireSessions("401");
    assert.deepEqual((await pictures(sim, s, {})).json, {
      apiError: true,
      errorCode: 0,
      errorMsg: "Your session has expired.",
      statusCode: 401,
    });

    s = await handshake(sim);
    sim.expireSessions("60003");
    const e = (await pictures(sim, s, {})).json;
    assert.equal(e.errorCode, 60003);
    assert.equal(e.statusCode, 401);
    assert.equal(e.apiError, true);

    s = await handshake(sim);
    assert.equal((await pictures(sim, s, {})).json.totalCount, "60");
  });
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

// ------------------------------------------------------------------ faults

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

// ------------------------------------------------------------------ counters & setup

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

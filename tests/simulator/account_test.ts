import assert from "node:assert/strict";
import { addNewPictures, generateAccount, TELESCOPES, TITLES } from "./mod.ts";

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

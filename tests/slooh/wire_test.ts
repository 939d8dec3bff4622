import assert from "node:assert/strict";
import {
  envelope,
  int,
  isSessionError,
  toFitsItems,
  toLogin,
  toMission,
  toPicture,
  toPicturePage,
  urlBasename,
} from "../../src/slooh/wire.ts";
import { redact } from "../../src/slooh/transport.ts";

Deno.test("numbers arrive as numbers or strings; junk is null", () => {
  assert.equal(int(42), 42);
  assert.equal(int("1263"), 1263);
  assert.equal(int(" 7 "), 7);
  assert.equal(int(""), null);
  assert.equal(int("12a"), null);
  assert.equal(int(null), null);
});

Deno.test('the envelope: errors inside HTTP 200, loginError as the string "true"', () => {
  const e = envelope({ apiError: true, errorCode: 60003, errorMsg: "expired", statusCode: 401 });
  assert.ok(e.apiError && isSessionError(e));
  assert.ok(isSessionError(envelope({ apiError: true, statusCode: 418 })));
  assert.ok(!isSessionError(envelope({ apiError: true, statusCode: 500, errorCode: 1 })));
  assert.equal(envelope({ loginError: "true" }).loginError, true);
  assert.equal(envelope({ loginError: "false" }).loginError, false);
  assert.equal(envelope("not an object").apiError, false);
});

Deno.test("a picture: trimmed title, query-free name, UTC time, mission id", () => {
  const p = toPicture({
    imageId: 17375714,
    customerImageId: "14963069",
    scheduledMissionId: 4051187,
    imageTitle: "Messier 43 ",
    displayDate: "Sept. 9, 2025",
    displayTime: "03:25 UTC",
    imageDownloadURL: "https://polaris2.slooh.com/chile/1/m1_x_m.png?rand=1770718975.7166",
    telescopeName: "",
  })!;
  assert.equal(p.key, "p17375714");
  assert.equal(p.title, "Messier 43");
  assert.equal(p.filename, "m1_x_m.png");
  assert.equal(p.url, "https://polaris2.slooh.com/chile/1/m1_x_m.png?rand=1770718975.7166");
  assert.equal(p.customerImageId, 14963069);
  assert.equal(p.missionId, 4051187);
  assert.equal(p.telescope, "");
  assert.equal(p.capturedAt?.toISOString(), "2025-09-09T03:25:00.000Z");
  assert.equal(toPicture({ imageId: 1 }), null, "no URL, no item");
  assert.equal(toPicture({ imageDownloadURL: "https://x/y.png" }), null, "no id, no item");
});

Deno.test("a picture page advances by entries received, usable or not", () => {
  const page = toPicturePage({
    totalCount: "3",
    imageList: [{ imageId: 1, imageDownloadURL: "https://x/a.png" }, { junk: true }],
  });
  assert.equal(page.total, 3);
  assert.equal(page.entries.length, 2);
  assert.equal(page.entries[1], null);
  assert.equal(toPicturePage({ totalCount: "" }).total, null, "empty is unknown, not zero");
});

Deno.test("FITS: keyed by imageId, or by URL without one; metadata from the mission", () => {
  const parent = {
    missionId: 9,
    title: "Orion Nebula (M42)",
    telescope: "Canary Two",
    capturedAt: new Date("2026-01-21T01:15:00Z"),
  };
  const items = toFitsItems({
    groupList: [{
      groupName: "Wide Field Camera",
      groupImageList: [
        { imageId: "17262680", imageURL: "https://polaris.slooh.com/a/m42_b_cal.fit" },
        { imageURL: "https://polaris.slooh.com/a/m42_l_cal.fit", imageTitle: "m42_l_cal.fit" },
        { imageId: 5 },
      ],
    }],
  }, parent);
  assert.equal(items.length, 2);
  assert.equal(items[0].key, "f17262680");
  assert.equal(items[1].key, "uhttps://polaris.slooh.com/a/m42_l_cal.fit");
  assert.equal(items[0].instrument, "Wide Field Camera");
  assert.equal(items[0].capturedAt, parent.capturedAt);
  assert.equal(items[0].title, parent.title);
});

Deno.test("missions: missionImageCount as a string, scheduledMissionId as the id", () => {
  const m = toMission({
    scheduledMissionId: 3996220,
    imageTitle: "Orion Nebula (M42) ",
    displayDate: "Jan. 21, 2026",
    displayTime: "01:15 UTC",
    missionImageCount: "4",
    fitsIsAvailable: true,
    missionOwner: "Jane",
  })!;
  assert.equal(m.id, 3996220);
  assert.equal(m.imageCount, 4);
  assert.equal(m.title, "Orion Nebula (M42)");
  assert.equal(m.fitsAvailable, true);
  assert.equal(toMission({ missionId: 1 }), null, "missionId is not the field");
});

Deno.test("login: userid (lower-case) and the auth triple as strings", () => {
  const ok = toLogin({ userid: "512345", at: "3", cid: "512345", token: "abc", displayName: "J" });
  assert.deepEqual(ok?.auth, { at: "3", cid: "512345", token: "abc" });
  assert.equal(toLogin({ userId: "1", at: "3", token: "t" })?.account.userId, "1");
  assert.equal(toLogin({ loginError: "true" }), null);
});

Deno.test("urlBasename strips the query and decodes", () => {
  assert.equal(urlBasename("https://h/p/a%20b.png?rand=1"), "a b.png");
  assert.equal(urlBasename("https://h/p/x.fit"), "x.fit");
  assert.equal(urlBasename("https://h/p/%E0%A4%A.png"), "%E0%A4%A.png");
});

Deno.test("redact hides secrets with escaped quotes and cut-off values", () => {
  const body = JSON.stringify({ username: "u", passwd: 'se"cret\\Tail', token: "abc" });
  const out = redact(body);
  assert.ok(!out.includes("Tail") && !out.includes("abc") && !out.includes("cret"), out);
  assert.match(out, /"username":"u"/);
  assert.equal(redact('{"token":"a7f4c2'), '{"token":"***"');
});

Deno.test("a picture's time: imageTimestamp, else its file name's, else its slot", () => {
  const base = {
    imageId: 17394207,
    displayDate: "Feb. 11, 2026",
    displayTime: "08:50 UTC",
    imageDownloadURL:
      "https://polaris2.slooh.com/chile/2/highmag/2026/02/11/0855_ngc5139/ngc5139_20260211_085545_0_q6chis_l.png?rand=1770841714.3771",
  };
  const at = (extra: Record<string, unknown>) => toPicture({ ...base, ...extra })!.capturedAt;
  assert.equal(at({ imageTimestamp: "1770800150" })?.toISOString(), "2026-02-11T08:55:50.000Z");
  assert.equal(at({})?.toISOString(), "2026-02-11T08:55:45.000Z");
  assert.equal(
    at({ imageDownloadFilename: "ngc5139_20260211_085546_0_q6chis_l.png" })?.toISOString(),
    "2026-02-11T08:55:46.000Z",
  );
  // Nothing exact: the slot's start.
  assert.equal(
    at({ imageTimestamp: "", imageDownloadURL: "https://polaris2.slooh.com/x/teide5-photo.png" })
      ?.toISOString(),
    "2026-02-11T08:50:00.000Z",
  );
  assert.equal(at({ imageTimestamp: "0" })?.toISOString(), "2026-02-11T08:55:45.000Z");
});

Deno.test("one mission's FITS from two camera folders: every group is taken", () => {
  const dir = "https://polaris.slooh.com/teide/4";
  const items = toFitsItems({
    missionTitle: "Crab Nebula (M1)",
    groupList: [
      {
        groupName: "High-Magnification Camera",
        groupImageList: [
          {
            imageId: 17376431,
            imageURL: `${dir}/highmag/2026/02/08/2135_m1/m1_20260208_213557_1_rrtium_m_cal.fit`,
          },
        ],
      },
      {
        groupName: "Spectroscope",
        groupImageList: [
          {
            imageId: 17376432,
            imageURL:
              `${dir}/spectroscope/2026/02/08/2135_m1/m1_20260208_213601_0_rrtium_m_cal.fit`,
          },
        ],
      },
    ],
  }, { missionId: 4086456, title: "Crab Nebula (M1)", telescope: "Canary Four", capturedAt: null });
  assert.deepEqual(items.map((i) => [i.key, i.instrument]), [
    ["f17376431", "High-Magnification Camera"],
    ["f17376432", "Spectroscope"],
  ]);
});

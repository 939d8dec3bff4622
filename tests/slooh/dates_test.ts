import assert from "node:assert/strict";
import {
  fitsStartFromName,
  parseCaptureTime,
  parseUnixSeconds,
  parseUserDate,
  timeFromName,
} from "../../src/slooh/dates.ts";

/** The ISO text of a parse, or null, so failures show readable values. */
function iso(date: string | undefined, time: string | undefined): string | null {
  return parseCaptureTime(date, time)?.toISOString() ?? null;
}

Deno.test("parseCaptureTime reads the date spellings Slooh uses or may use", () => {
  const cases: [string, string][] = [
    ["Feb. 7, 2026", "2026-02-07"],
    ["February 7, 2026", "2026-02-07"],
    ["Feb 7, 2026", "2026-02-07"],
    ["Sept. 5, 2025", "2025-09-05"],
    ["Sep 5, 2025", "2025-09-05"],
    ["Sep. 5, 2025", "2025-09-05"],
    ["September 5, 2025", "2025-09-05"],
    ["May 5, 2025", "2025-05-05"],
    ["June. 5, 2025", "2025-06-05"],
    ["June 5, 2025", "2025-06-05"],
    ["Jun 5 2025", "2025-06-05"],
    ["2025-09-05", "2025-09-05"],
    ["  Feb.   7 ,  2026  ", "2026-02-07"],
    ["FEB. 7, 2026", "2026-02-07"],
    ["dec. 31, 2025", "2025-12-31"],
    ["7 February 2026", "2026-02-07"],
    ["Feb. 29, 2024", "2024-02-29"],
  ];
  for (const [input, day] of cases) {
    assert.equal(iso(input, "20:15:30 UTC"), `${day}T20:15:30.000Z`, input);
  }
});

Deno.test("parseCaptureTime reads the time spellings", () => {
  const cases: [string | undefined, string][] = [
    ["20:15:30 UTC", "20:15:30"],
    ["20:15 UTC", "20:15:00"],
    ["8:05 UTC", "08:05:00"],
    ["03:25:48 UTC", "03:25:48"],
    ["  20:15:30   utc ", "20:15:30"],
    ["20:15:30", "20:15:30"],
    ["20:15:30UTC", "20:15:30"],
    ["8:05 PM UTC", "20:05:00"],
    ["12:30 AM UTC", "00:30:00"],
    [undefined, "00:00:00"],
    ["", "00:00:00"],
    ["  ", "00:00:00"],
    ["UTC", "00:00:00"],
  ];
  for (const [input, time] of cases) {
    assert.equal(iso("Feb. 7, 2026", input), `2026-02-07T${time}.000Z`, String(input));
  }
});

Deno.test("parseCaptureTime returns a UTC instant whatever the local time zone", () => {
  const date = parseCaptureTime("Feb. 7, 2026", "20:15:30 UTC");
  assert.ok(date);
  assert.equal(date.getTime(), Date.UTC(2026, 1, 7, 20, 15, 30));
});

Deno.test("parseCaptureTime rejects impossible or unreadable dates", () => {
  const bad = [
    "Feb. 30, 2026",
    "Feb. 29, 2025",
    "Apr 31, 2025",
    "2025-02-30",
    "2025-13-01",
    "2025-00-10",
    "Feb. 0, 2026",
    "Foo 7, 2026",
    "Fe 7, 2026",
    "Ju 7, 2026",
    "7, 2026",
    "Feb. 7",
    "",
    "   ",
    "yesterday",
    "2026/02/07",
  ];
  for (const input of bad) assert.equal(iso(input, "20:15 UTC"), null, input);
  assert.equal(iso(undefined, "20:15 UTC"), null);
});

Deno.test("parseCaptureTime rejects unreadable times instead of guessing midnight", () => {
  for (const time of ["24:00 UTC", "20:60 UTC", "20:15:60 UTC", "noon", "2015", "13:00 PM"]) {
    assert.equal(iso("Feb. 7, 2026", time), null, time);
  }
});

Deno.test("parseUserDate gives a whole UTC day for YYYY-MM-DD", () => {
  const range = parseUserDate("2025-09-05");
  assert.ok(range);
  assert.equal(range.start.toISOString(), "2025-09-05T00:00:00.000Z");
  assert.equal(range.end.toISOString(), "2025-09-05T23:59:59.999Z");
});

Deno.test("parseUserDate gives a whole month for YYYY-MM, leap years included", () => {
  const feb = parseUserDate("2024-02");
  assert.ok(feb);
  assert.equal(feb.start.toISOString(), "2024-02-01T00:00:00.000Z");
  assert.equal(feb.end.toISOString(), "2024-02-29T23:59:59.999Z");
  const dec = parseUserDate("2025-12");
  assert.ok(dec);
  assert.equal(dec.end.toISOString(), "2025-12-31T23:59:59.999Z");
});

Deno.test("parseUserDate gives a whole year for YYYY", () => {
  const range = parseUserDate(" 2025 ");
  assert.ok(range);
  assert.equal(range.start.toISOString(), "2025-01-01T00:00:00.000Z");
  assert.equal(range.end.toISOString(), "2025-12-31T23:59:59.999Z");
});

Deno.test("parseUserDate handles the last day of a month and of a year", () => {
  assert.equal(parseUserDate("2025-12-31")?.end.toISOString(), "2025-12-31T23:59:59.999Z");
  assert.equal(parseUserDate("2024-02-29")?.start.toISOString(), "2024-02-29T00:00:00.000Z");
});

Deno.test("parseUserDate rejects anything else", () => {
  for (
    const input of [
      "",
      "25",
      "2025-13",
      "2025-00",
      "2025-02-30",
      "2025-09-05T10:00",
      "Sept 2025",
      "2025/09/05",
      "20250905",
      "2025-9-5-1",
    ]
  ) {
    assert.equal(parseUserDate(input), null, input);
  }
});

Deno.test("timeFromName reads the UTC stamp of real picture and FITS names", () => {
  const cases: [string, string | null][] = [
    ["ngc5139_20260211_085545_0_q6chis_l.png", "2026-02-11T08:55:45.000Z"],
    ["Chile Two_ngc4833_20251226_080232_0_yx0ouv_lrgb.png", "2025-12-26T08:02:32.000Z"],
    ["183013m211406_20250718_024611_0_hnvstn_l_cal.fit", "2025-07-18T02:46:11.000Z"],
    [
      "https://polaris.slooh.com/a/dcld301.0-08.6_20260116_141617_0_xmf9xq_g_cal.fit?x=1",
      "2026-01-16T14:16:17.000Z",
    ],
    ["teide5-2026-01-09T100627UTC-HQSxaD.png", null],
    ["m42_20260230_011658_0_iycarr_l.png", null],
    ["photo.png", null],
  ];
  for (const [name, want] of cases) {
    assert.equal(timeFromName(name)?.toISOString() ?? null, want, name);
  }
});

Deno.test("a FITS name's time is 23-67 s after the exposure: the estimate is 45 s before it", () => {
  assert.equal(
    fitsStartFromName("183013m211406_20250718_024611_0_hnvstn_l_cal.fit")?.toISOString(),
    "2025-07-18T02:45:26.000Z",
  );
  assert.equal(fitsStartFromName("x.fit"), null);
});

Deno.test("parseUnixSeconds takes imageTimestamp strings and numbers, nothing else", () => {
  assert.equal(parseUnixSeconds("1770800150")?.toISOString(), "2026-02-11T08:55:50.000Z");
  assert.equal(parseUnixSeconds(1770800150.5)?.toISOString(), "2026-02-11T08:55:50.500Z");
  for (const bad of ["", "0", "abc", "17708", null, undefined, {}]) {
    assert.equal(parseUnixSeconds(bad), null, String(bad));
  }
});

/** --watch intervals: what is accepted, and what is refused. */
import assert from "node:assert/strict";
import { formatInterval, parseInterval } from "../../src/cli/interval.ts";

Deno.test("intervals in seconds, minutes, hours and days, alone or combined", () => {
  assert.equal(parseInterval("90s"), 90_000);
  assert.equal(parseInterval("30m"), 1_800_000);
  assert.equal(parseInterval("2h"), 7_200_000);
  assert.equal(parseInterval("1d"), 86_400_000);
  assert.equal(parseInterval("1h30m"), 5_400_000);
  assert.equal(parseInterval(" 1S "), 1000);
});

Deno.test("no unit, other units, zero, fractions and empty text are refused", () => {
  for (const bad of ["", "90", "0s", "1.5h", "5 m", "m", "10ms", "-1s", "1w", "s1"]) {
    assert.equal(parseInterval(bad), null, bad);
  }
});

Deno.test("an interval longer than a timer can wait (about 24 days) is refused, not run at once", () => {
  assert.equal(parseInterval("24d"), 24 * 86_400_000);
  assert.equal(parseInterval("25d"), null);
  assert.equal(parseInterval("30d"), null);
});

Deno.test("formatInterval writes an interval as parseInterval reads it", () => {
  assert.equal(formatInterval(90_000), "1m30s");
  assert.equal(formatInterval(7_200_000), "2h");
  for (const text of ["1s", "30m", "1d2h3m4s"]) {
    assert.equal(formatInterval(parseInterval(text)!), text);
  }
});

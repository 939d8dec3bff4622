import assert from "node:assert/strict";
import {
  filingFilter,
  filterContradiction,
  fitsFacts,
  headerFilterLabel,
  parseFitsDate,
} from "../../src/fits/facts.ts";
import { formatFitsHeader, parseFitsHeader } from "../../src/fits/header.ts";
import { opticalFilter } from "../../src/library/optical_filter.ts";
import { FITS_NAME_LAG_SECONDS, timeFromName } from "../../src/slooh/dates.ts";
import { fitsRecords } from "../fixtures/mod.ts";

const RECORDS = fitsRecords();

/** The header a real record describes, as bytes a FITS reader would see. */
function headerOf(r: (typeof RECORDS)[number]) {
  const bytes = formatFitsHeader([
    ["SIMPLE", true],
    ["BITPIX", 16],
    ["NAXIS", 0],
    ["DATE-OBS", r.dateObs],
    ["EXPTIME", r.exptime],
    ["FILTER", r.filter],
    ["OBSERVER", r.observer],
  ]);
  return parseFitsHeader(bytes)!;
}

Deno.test("every real record: the name's letter and the header's FILTER give one label", () => {
  assert.ok(RECORDS.length >= 267, `${RECORDS.length} records`);
  const spellings = new Map<string, Set<string>>();
  for (const r of RECORDS) {
    const facts = fitsFacts(headerOf(r));
    const letterLabel = opticalFilter(r.name);
    assert.equal(facts.filter?.raw, r.filter);
    assert.equal(facts.filter?.label, letterLabel, `${r.name} ${r.filter}`);
    assert.equal(filterContradiction(letterLabel, facts.filter!.label), false);
    const seen = spellings.get(letterLabel) ?? new Set();
    spellings.set(letterLabel, seen.add(r.filter));
  }
  // The records hold these spellings per label; all of them must be understood.
  assert.deepEqual(
    Object.fromEntries([...spellings].map(([k, v]) => [k, [...v].sort()])),
    {
      "Luminance": ["Clear", "Luminance"],
      "Red": ["Red"],
      "Green": ["Green"],
      "Blue": ["Blue"],
      "Johnson B": ["B-Band", "BBand"],
      "Johnson V": ["V-Band", "VBand"],
      "Cousins Rc": ["R-Band", "RBand", "Rc-Band"],
      "Cousins Ic": ["Ic-Band"],
    },
  );
});

Deno.test("every real record: the name's time is DATE-OBS plus 23 to 67 seconds", () => {
  let min = Infinity;
  let max = -Infinity;
  for (const r of RECORDS) {
    const facts = fitsFacts(headerOf(r));
    const lag = (timeFromName(r.name)!.getTime() - facts.observedAt!.getTime()) / 1000;
    min = Math.min(min, lag);
    max = Math.max(max, lag);
    assert.ok(lag >= FITS_NAME_LAG_SECONDS.min && lag <= FITS_NAME_LAG_SECONDS.max, r.name);
    assert.equal(facts.exposureSeconds, r.exptime);
    assert.equal(facts.observer, r.observer);
  }
  // The bounds are the records' own, not a loose guess.
  assert.ok(
    min < FITS_NAME_LAG_SECONDS.min + 1 && max > FITS_NAME_LAG_SECONDS.max - 1,
    `${min} ${max}`,
  );
});

Deno.test("DATE-OBS with and without fractions, date-only, with TIME-OBS; junk is null", () => {
  assert.equal(parseFitsDate("2025-07-18T02:45:05.56")?.toISOString(), "2025-07-18T02:45:05.560Z");
  assert.equal(parseFitsDate("2025-07-18T02:45:05")?.toISOString(), "2025-07-18T02:45:05.000Z");
  assert.equal(
    parseFitsDate("2025-07-18T02:45:05.123456Z")?.toISOString(),
    "2025-07-18T02:45:05.123Z",
  );
  assert.equal(parseFitsDate("2025-07-18")?.toISOString(), "2025-07-18T00:00:00.000Z");
  assert.equal(
    parseFitsDate("2025-07-18", "23:59:59.5")?.toISOString(),
    "2025-07-18T23:59:59.500Z",
  );
  for (const bad of ["", "18/07/25", "2025-02-30T00:00:00", "2025-07-18T25:00:00", 2025, null]) {
    assert.equal(parseFitsDate(bad), null, String(bad));
  }
});

Deno.test("fitsFacts reads size, binning, temperature, telescope and instrument where present", () => {
  const cards = parseFitsHeader(formatFitsHeader([
    ["SIMPLE", true],
    ["BITPIX", 16],
    ["NAXIS", 3],
    ["NAXIS1", 4096],
    ["NAXIS2", 4096],
    ["NAXIS3", 3],
    ["XBINNING", 2],
    ["YBINNING", 2],
    ["SET-TEMP", -20],
    ["CCD-TEMP", -19.8],
    ["TELESCOP", "Canary Three"],
    ["INSTRUME", "Colour camera"],
    ["EXPOSURE", 60],
  ]))!;
  const facts = fitsFacts(cards);
  assert.deepEqual(facts.imageSize, { width: 4096, height: 4096, planes: 3 });
  assert.deepEqual(facts.binning, { x: 2, y: 2 });
  assert.equal(facts.sensorCelsius, -19.8);
  assert.equal(facts.telescope, "Canary Three");
  assert.equal(facts.instrument, "Colour camera");
  assert.equal(facts.exposureSeconds, 60);
  assert.equal(facts.observedAt, null);
  assert.equal(facts.filter, null);

  const bare = fitsFacts(
    parseFitsHeader(formatFitsHeader([
      ["SIMPLE", true],
      ["BITPIX", 8],
      ["NAXIS", 0],
      ["SET-TEMP", -20],
      ["EXPTIME", -1],
    ]))!,
  );
  assert.equal(bare.imageSize, null);
  assert.equal(bare.binning, null);
  assert.equal(bare.sensorCelsius, -20);
  assert.equal(bare.exposureSeconds, null);
});

Deno.test("a FILTER that names another filter than the letter is a contradiction", () => {
  assert.equal(headerFilterLabel("Rc-Band"), "Cousins Rc");
  assert.equal(headerFilterLabel(" clear "), "Luminance");
  assert.equal(headerFilterLabel("Halpha"), "Halpha");
  assert.equal(filterContradiction("Red", headerFilterLabel("Green")), true);
  assert.equal(filterContradiction("Johnson V", headerFilterLabel("VBand")), false);
  // Neither an unconfirmed letter nor an unknown header text is evidence.
  assert.equal(filterContradiction("h", headerFilterLabel("Red")), false);
  assert.equal(filterContradiction("Red", headerFilterLabel("Halpha")), false);
});

Deno.test("a frame files by its letter, unless its header names another known filter", () => {
  const header = (raw: string) => ({ raw, label: headerFilterLabel(raw) });
  assert.equal(filingFilter("Red", header("Red")), "Red");
  assert.equal(filingFilter("Red", header("Green")), "Green");
  assert.equal(filingFilter("h", header("Red")), "h");
  assert.equal(filingFilter("Luminance", header("Halpha")), "Luminance");
  assert.equal(filingFilter("Johnson V", null), "Johnson V");
});

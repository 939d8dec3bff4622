import assert from "node:assert/strict";
import {
  FITS_BLOCK,
  formatFitsHeader,
  isFitsStart,
  parseCardValue,
  parseFitsHeader,
} from "../../src/fits/header.ts";

Deno.test("card values: strings with doubled quotes, logicals, numbers, Fortran exponents", () => {
  assert.equal(parseCardValue("'Luminance'          / filter"), "Luminance");
  assert.equal(parseCardValue("'O''Neil  '"), "O'Neil");
  assert.equal(parseCardValue("                   T"), true);
  assert.equal(parseCardValue("                   F / no"), false);
  assert.equal(parseCardValue("               -32 / BITPIX"), -32);
  assert.equal(parseCardValue("            1.5D+02"), 150);
  assert.equal(parseCardValue("                     / undefined"), null);
});

Deno.test("a Slooh-shaped header parses, and its data starts at the next whole block", () => {
  const bytes = formatFitsHeader([
    ["SIMPLE", true],
    ["BITPIX", 16],
    ["NAXIS", 2],
    ["NAXIS1", 1365],
    ["NAXIS2", 1365],
    ["BZERO", 32768],
    ["DATE-OBS", "2021-02-14T03:12:45.123"],
    ["EXPTIME", 50, "seconds"],
    ["FILTER", "Luminance"],
    ["OBSERVER", "jdoe"],
  ]);
  assert.equal(bytes.length % FITS_BLOCK, 0);
  assert.ok(isFitsStart(bytes));
  const h = parseFitsHeader(bytes)!;
  assert.equal(h.dataOffset, FITS_BLOCK);
  assert.equal(h.values.get("DATE-OBS"), "2021-02-14T03:12:45.123");
  assert.equal(h.values.get("EXPTIME"), 50);
  assert.equal(h.values.get("FILTER"), "Luminance");
  assert.equal(h.values.get("NAXIS1"), 1365);
  assert.equal(h.values.get("BZERO"), 32768);
});

Deno.test("a header is not read before its END card has arrived", () => {
  const cards: [string, number | boolean][] = [["SIMPLE", true], ["BITPIX", 8], ["NAXIS", 0]];
  for (let i = 0; i < 40; i++) cards.push([`KEY${i}`, i]);
  const bytes = formatFitsHeader(cards);
  assert.equal(bytes.length, 2 * FITS_BLOCK);
  assert.equal(parseFitsHeader(bytes.subarray(0, FITS_BLOCK)), null);
  const h = parseFitsHeader(bytes)!;
  assert.equal(h.dataOffset, 2 * FITS_BLOCK);
  assert.equal(h.values.get("KEY39"), 39);
});

Deno.test("bytes that are not FITS give null", () => {
  assert.equal(parseFitsHeader(new TextEncoder().encode("<html>".padEnd(2880))), null);
  assert.equal(parseFitsHeader(new Uint8Array(10)), null);
});

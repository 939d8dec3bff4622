import assert from "node:assert/strict";
import { expectedSignature, signatureProblem, sniff } from "../../src/download/signature.ts";

const bytes = (s: string | number[]) =>
  typeof s === "string" ? new TextEncoder().encode(s) : new Uint8Array(s);
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];

Deno.test("sniff recognises PNG, JPEG, FITS, HTML and JSON bodies", () => {
  assert.equal(sniff(bytes(PNG)), "png");
  assert.equal(sniff(bytes([0xff, 0xd8, 0xff, 0xe0])), "jpeg");
  assert.equal(sniff(bytes("SIMPLE  =                    T")), "fits");
  assert.equal(sniff(bytes("  <!DOCTYPE html><html>")), "html");
  assert.equal(sniff(bytes('{"apiError":true}')), "json");
  assert.equal(sniff(bytes("plain text")), "other");
  assert.equal(sniff(bytes([])), "other");
});

Deno.test("the extension decides what the body must be", () => {
  assert.equal(expectedSignature("m42_l_cal.fit"), "fits");
  assert.equal(expectedSignature("x.FITS"), "fits");
  assert.equal(expectedSignature("x.png"), "png");
  assert.equal(expectedSignature("x.jpeg"), "jpeg");
  assert.equal(expectedSignature("x.tif"), null);
});

Deno.test("an error page is never accepted as an image; unknown types only refuse pages", () => {
  assert.equal(signatureProblem("a.png", bytes(PNG)), null);
  assert.match(
    signatureProblem("a.png", bytes("<html>Access denied"))!,
    /HTML page instead of the PNG/,
  );
  assert.match(signatureProblem("a.fit", bytes(PNG))!, /not a FITS file/);
  assert.match(signatureProblem("a.tif", bytes('{"error":1}'))!, /JSON page/);
  assert.equal(signatureProblem("a.tif", bytes([0x49, 0x49, 0x2a, 0])), null);
});

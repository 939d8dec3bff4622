import assert from "node:assert/strict";
import { FitsHeaderCollector } from "../../src/fits/header_stream.ts";
import { FITS_BLOCK, formatFitsHeader } from "../../src/fits/header.ts";
import { fileBytes, fileStream } from "../simulator/bytes.ts";

const KEY =
  "/polaris.slooh.com/aus/1/highmag/2025/08/24/1015_x/171833m320631_20250824_101637_0_pdt8od_e_cal.fit";

Deno.test("the collector returns the facts once END has arrived, whatever the chunking", async () => {
  for (const chunkSize of [1, 79, 80, 1000, 2880, 64 * 1024]) {
    const collector = new FitsHeaderCollector();
    let doneAt = -1;
    let received = 0;
    for await (const chunk of fileStream(KEY, 3 * FITS_BLOCK, "fits", 0, { chunkSize })) {
      received += chunk.length;
      const p = collector.push(chunk);
      if (p.state === "done" && doneAt < 0) doneAt = received;
    }
    // Done within the chunk that completed the first block, and never before it.
    assert.ok(doneAt > 0 && doneAt <= FITS_BLOCK + chunkSize, `chunk ${chunkSize}: ${doneAt}`);
    const p = collector.progress;
    assert.equal(p.state, "done");
    if (p.state !== "done") continue;
    assert.equal(p.facts.filter?.label, "Johnson B");
    assert.equal(p.facts.filter?.raw, "BBand");
    assert.equal(p.facts.observer, "Slooh.com Australia One Half Meter Telescope");
  }
});

Deno.test("a header over several blocks is read; one without END gives up at the bound", () => {
  const cards: [string, string | number | boolean][] = [["SIMPLE", true], ["BITPIX", 8], [
    "NAXIS",
    0,
  ]];
  for (let i = 0; i < 60; i++) cards.push([`HISTORY${i}`.slice(0, 8), `line ${i}`]);
  cards.push(["FILTER", "V-Band"]);
  const header = formatFitsHeader(cards);
  assert.equal(header.length, 2 * FITS_BLOCK);
  const collector = new FitsHeaderCollector();
  assert.equal(collector.push(header.subarray(0, FITS_BLOCK)).state, "reading");
  const p = collector.push(header.subarray(FITS_BLOCK));
  assert.equal(p.state === "done" && p.facts.filter?.label, "Johnson V");

  const endless = new Uint8Array(5 * FITS_BLOCK).fill(0x20);
  endless.set(header.subarray(0, 80));
  const bounded = new FitsHeaderCollector(4);
  assert.deepEqual(bounded.push(endless), { state: "none", reason: "no END card" });
  assert.deepEqual(bounded.push(endless), { state: "none", reason: "no END card" });
});

Deno.test("bytes that are not FITS stop the collector at once", () => {
  const collector = new FitsHeaderCollector();
  const png = fileBytes("/a/b.png", 5000, "png");
  assert.deepEqual(collector.push(png.subarray(0, 10)), { state: "reading" });
  assert.deepEqual(collector.push(png.subarray(10)), { state: "none", reason: "not FITS" });
  // The same in one chunk, read in place.
  assert.deepEqual(new FitsHeaderCollector().push(png), { state: "none", reason: "not FITS" });
});

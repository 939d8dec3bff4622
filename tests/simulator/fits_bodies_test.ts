import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { fitsFacts } from "../../src/fits/facts.ts";
import { parseFitsHeader } from "../../src/fits/header.ts";
import { opticalFilter } from "../../src/library/optical_filter.ts";
import { timeFromName } from "../../src/slooh/dates.ts";
import { fileBytes, fileSeed, fileSha256, fileStream, fillFileBytes } from "./bytes.ts";
import { REAL_CAMERAS, REAL_NAME_LAG } from "./real_shapes.ts";

const dir = (site: string, no: number, seg: string) =>
  `/polaris.slooh.com/${site}/${no}/${seg}/2025/09/15/0325_x/`;

Deno.test("simulated FITS carry the header cards real Slooh frames carry, per file", () => {
  const letters = ["l", "r", "g", "b", "e", "v", "d", "i"];
  let checked = 0;
  for (const camera of REAL_CAMERAS) {
    for (const letter of letters) {
      const name = `220925p554530_20250915_032536_0_e02o1s_${letter}_cal.fit`;
      const key = dir(camera.site, camera.no, camera.seg) + name;
      const facts = fitsFacts(parseFitsHeader(fileBytes(key, 4 * 2880, "fits"))!);
      const spelling = camera.filters[letter];
      assert.equal(facts.filter?.raw, spelling, key);
      if (spelling !== undefined) {
        assert.equal(facts.filter?.label, opticalFilter(name), key);
        checked++;
      }
      assert.equal(facts.observer, camera.observer);
      const lag = (timeFromName(name)!.getTime() - facts.observedAt!.getTime()) / 1000;
      assert.ok(lag >= REAL_NAME_LAG.min && lag <= REAL_NAME_LAG.max, `${key}: ${lag}`);
      assert.ok(facts.exposureSeconds! > 0);
    }
  }
  assert.ok(checked >= 25, String(checked));
  // Letters no record confirms get no FILTER card rather than a guess.
  const h = fitsFacts(
    parseFitsHeader(
      fileBytes(dir("teide", 3, "highmag") + "m1_20260209_032548_0_y7g9el_h_cal.fit", 2880, "fits"),
    )!,
  );
  assert.equal(h.filter, null);
  assert.equal(h.telescope, "Canary Three");
});

Deno.test("simulated FITS bodies stay a pure function of key, version and offset", async () => {
  const key = dir("chile", 2, "highmag") + "ngc3372_20260206_064048_0_e0goku_r_cal.fit";
  const size = 3 * 2880 + 17;
  const whole = fileBytes(key, size, "fits");
  assert.equal(createHash("sha256").update(whole).digest("hex"), fileSha256(key, size, "fits"));
  // The server's path: a bare seed from fileSeed, then ranges.
  const seed = fileSeed(key);
  for (const start of [0, 1, 79, 2879, 2880, 5000]) {
    const out = new Uint8Array(size - start);
    fillFileBytes(seed, "fits", start, out);
    assert.deepEqual(out, whole.subarray(start), `from ${start}`);
    const streamed = new Uint8Array(
      await new Response(fileStream(key, size, "fits", 0, { start, chunkSize: 1000 }))
        .arrayBuffer(),
    );
    assert.deepEqual(streamed, whole.subarray(start));
  }
  // Another name, another header; another version, another body but the same header.
  const other = fileBytes(key.replace("_r_", "_g_"), size, "fits");
  assert.notDeepEqual(other.subarray(0, 2880), whole.subarray(0, 2880));
  const v1 = fileBytes(key, size, "fits", 1);
  assert.deepEqual(v1.subarray(0, 2880), whole.subarray(0, 2880));
  assert.notDeepEqual(v1.subarray(2880), whole.subarray(2880));
});

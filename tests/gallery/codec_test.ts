/** The picture codecs: our PNG decode against pngjs, our JPEG encode read back by jpeg-js. */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
// @ts-types="@types/pngjs"
import { PNG } from "pngjs";
import jpeg from "jpeg-js";
import { encodeJpegBytes } from "../../src/gallery/jpeg_encode.ts";
import { decodePng } from "../../src/gallery/png_decode.ts";
import { starFieldPng } from "../simulator/star_field.ts";

function pngOf(width: number, height: number, colorType: 0 | 2 | 6, bitDepth: 8 | 16): Uint8Array {
  const png = new PNG({ width, height, colorType, bitDepth, inputHasAlpha: true });
  for (let i = 0; i < width * height * 4; i++) png.data[i] = (i * 37 + (i >> 7)) & 0xff;
  return new Uint8Array(PNG.sync.write(png, { colorType, bitDepth, inputHasAlpha: true }));
}

Deno.test("PNG decode matches pngjs for RGB, RGBA, grey and 16-bit", () => {
  const cases = [
    starFieldPng({ width: 97, height: 61, seed: 2 }),
    pngOf(33, 17, 6, 8),
    pngOf(33, 17, 0, 8),
    pngOf(33, 17, 2, 16),
  ];
  for (const bytes of cases) {
    const ours = decodePng(bytes);
    const ref = PNG.sync.read(Buffer.from(bytes));
    assert.equal(ours.width, ref.width);
    for (let i = 0; i < ref.width * ref.height; i++) {
      for (let c = 0; c < Math.min(3, ours.channels); c++) {
        const want = ref.data[i * 4 + (ours.channels === 1 ? 0 : c)];
        // pngjs rounds 16-bit samples to 8; we keep the high byte.
        assert.ok(Math.abs(ours.data[i * ours.channels + c] - want) <= 1, `pixel ${i}`);
      }
    }
  }
});

Deno.test("JPEG encode gives files a decoder reads back close to the input", () => {
  const w = 37, h = 21;
  const grey = Uint8Array.from({ length: w * h }, (_, i) => (i % w) * 6);
  const rgb = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i % 3 === 0 ? 200 : (i % 3) * 40));
  for (const [data, channels] of [[grey, 1], [rgb, 3]] as const) {
    const out = jpeg.decode(encodeJpegBytes(data, w, h, channels, 90), { useTArray: true });
    assert.equal(out.width, w);
    assert.equal(out.height, h);
    let err = 0;
    for (let i = 0; i < w * h; i++) {
      for (let c = 0; c < 3; c++) {
        err += Math.abs(out.data[i * 4 + c] - data[i * channels + (channels === 1 ? 0 : c)]);
      }
    }
    assert.ok(err / (w * h * 3) < 4, `mean error ${err / (w * h * 3)}`);
  }
});

/**
 * A baseline JPEG encoder (ITU T.81): grey images as one component, colour as YCbCr 4:4:4,
 * the standard quantisation and Huffman tables of Annex K. Written here because jpeg-js builds
 * its tables anew on every call (≈ 40 ms, more than a thumbnail takes to encode) and always
 * codes three components, where a FITS preview needs one; tables here are built once.
 */

/** Bytes written as hex pairs: the standard tables below, compact. */
function hex(text: string): number[] {
  return text.trim().split(/\s+/).map((h) => parseInt(h, 16));
}

/** Zigzag position k → natural (row-major) index of the 8×8 block. */
const NATURAL = Uint8Array.from(hex(
  "00 01 08 10 09 02 03 0a 11 18 20 19 12 0b 04 05 0c 13 1a 21 28 30 29 22 1b 14 0d 06 07 " +
    "0e 15 1c 23 2a 31 38 39 32 2b 24 1d 16 0f 17 1e 25 2c 33 3a 3b 34 2d 26 1f 27 2e 35 3c " +
    "3d 36 2f 37 3e 3f",
));

const LUMA_Q = hex(
  "10 0b 0a 10 18 28 33 3d 0c 0c 0e 13 1a 3a 3c 37 0e 0d 10 18 28 39 45 38 0e 11 16 1d 33 " +
    "57 50 3e 12 16 25 38 44 6d 67 4d 18 23 37 40 51 68 71 5c 31 40 4e 57 67 79 78 65 48 5c " +
    "5f 62 70 64 67 63",
);
const CHROMA_Q = [
  ...hex("11 12 18 2f 63 63 63 63 12 15 1a 42 63 63 63 63 18 1a 38 63 63 63 63 63"),
  ...hex("2f 42 63 63 63 63 63 63"),
  ...new Array(32).fill(99),
];

// Annex K.3: code counts for lengths 1..16, then the symbols in code order.
const DC_LUMA = { bits: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], values: range(12) };
const DC_CHROMA = { bits: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], values: range(12) };
const AC_LUMA = {
  bits: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d],
  values: hex(
    "01 02 03 00 04 11 05 12 21 31 41 06 13 51 61 07 22 71 14 32 81 91 a1 08 23 42 b1 c1 15 " +
      "52 d1 f0 24 33 62 72 82 09 0a 16 17 18 19 1a 25 26 27 28 29 2a 34 35 36 37 38 39 3a 43 " +
      "44 45 46 47 48 49 4a 53 54 55 56 57 58 59 5a 63 64 65 66 67 68 69 6a 73 74 75 76 77 78 " +
      "79 7a 83 84 85 86 87 88 89 8a 92 93 94 95 96 97 98 99 9a a2 a3 a4 a5 a6 a7 a8 a9 aa b2 " +
      "b3 b4 b5 b6 b7 b8 b9 ba c2 c3 c4 c5 c6 c7 c8 c9 ca d2 d3 d4 d5 d6 d7 d8 d9 da e1 e2 e3 " +
      "e4 e5 e6 e7 e8 e9 ea f1 f2 f3 f4 f5 f6 f7 f8 f9 fa",
  ),
};
const AC_CHROMA = {
  bits: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
  values: hex(
    "00 01 02 03 11 04 05 21 31 06 12 41 51 07 61 71 13 22 32 81 08 14 42 91 a1 b1 c1 09 23 " +
      "33 52 f0 15 62 72 d1 0a 16 24 34 e1 25 f1 17 18 19 1a 26 27 28 29 2a 35 36 37 38 39 3a " +
      "43 44 45 46 47 48 49 4a 53 54 55 56 57 58 59 5a 63 64 65 66 67 68 69 6a 73 74 75 76 77 " +
      "78 79 7a 82 83 84 85 86 87 88 89 8a 92 93 94 95 96 97 98 99 9a a2 a3 a4 a5 a6 a7 a8 a9 " +
      "aa b2 b3 b4 b5 b6 b7 b8 b9 ba c2 c3 c4 c5 c6 c7 c8 c9 ca d2 d3 d4 d5 d6 d7 d8 d9 da e2 " +
      "e3 e4 e5 e6 e7 e8 e9 ea f2 f3 f4 f5 f6 f7 f8 f9 fa",
  ),
};

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

interface Huffman {
  bits: number[];
  values: number[];
  code: Uint16Array;
  size: Uint8Array;
}

function huffman(t: { bits: number[]; values: number[] }): Huffman {
  const code = new Uint16Array(256);
  const size = new Uint8Array(256);
  let c = 0, k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let j = 0; j < t.bits[len - 1]; j++) {
      code[t.values[k]] = c++;
      size[t.values[k++]] = len;
    }
    c <<= 1;
  }
  return { ...t, code, size };
}

const TABLES = [
  { dc: huffman(DC_LUMA), ac: huffman(AC_LUMA) },
  { dc: huffman(DC_CHROMA), ac: huffman(AC_CHROMA) },
];

/** AAN scale factors: the float DCT leaves each coefficient scaled by these. */
const AAN = [1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379];

/** Quantisation table at `quality` (IJG scaling), natural order. */
function quantTable(base: number[], quality: number): Uint8Array {
  const q = Math.max(1, Math.min(100, quality));
  const scale = q < 50 ? 5000 / q : 200 - 2 * q;
  return Uint8Array.from(
    base,
    (b) => Math.max(1, Math.min(255, Math.floor((b * scale + 50) / 100))),
  );
}

/** Multipliers that undo the AAN scaling and divide by the quantiser, zigzag order. */
function divisors(q: Uint8Array): Float32Array {
  const d = new Float32Array(64);
  for (let k = 0; k < 64; k++) {
    const i = NATURAL[k];
    d[k] = 1 / (q[i] * AAN[i >> 3] * AAN[i & 7] * 8);
  }
  return d;
}

/** Growing output with entropy-coded bit writing (0xFF bytes stuffed). */
class Writer {
  buf = new Uint8Array(1 << 16);
  pos = 0;
  #acc = 0;
  #bits = 0;

  #room(n: number) {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  bytes(b: ArrayLike<number>) {
    this.#room(b.length);
    for (let i = 0; i < b.length; i++) this.buf[this.pos++] = b[i];
  }

  word(w: number) {
    this.bytes([w >> 8, w & 0xff]);
  }

  /** Room for the bytes of one block (at most 64 codes of 27 bits, each byte maybe stuffed). */
  reserve() {
    this.#room(512);
  }

  bits(value: number, count: number) {
    this.#acc = (this.#acc << count) | (value & ((1 << count) - 1));
    this.#bits += count;
    while (this.#bits >= 8) {
      const byte = (this.#acc >> (this.#bits - 8)) & 0xff;
      this.buf[this.pos++] = byte;
      if (byte === 0xff) this.buf[this.pos++] = 0;
      this.#bits -= 8;
    }
    this.#acc &= (1 << this.#bits) - 1;
  }

  /** Pads the last byte with 1 bits, as T.81 asks. */
  flush() {
    this.#room(2);
    if (this.#bits > 0) this.bits(0x7f, 8 - this.#bits);
  }
}

/** Forward DCT (AAN, in place) of a level-shifted block. */
function fdct(d: Float32Array) {
  for (let pass = 0; pass < 2; pass++) {
    const step = pass === 0 ? 1 : 8;
    const next = pass === 0 ? 8 : 1;
    for (let line = 0; line < 8; line++) {
      const o = line * next;
      const d0 = d[o], d1 = d[o + step], d2 = d[o + 2 * step], d3 = d[o + 3 * step];
      const d4 = d[o + 4 * step], d5 = d[o + 5 * step], d6 = d[o + 6 * step];
      const d7 = d[o + 7 * step];
      const t0 = d0 + d7, t7 = d0 - d7, t1 = d1 + d6, t6 = d1 - d6;
      const t2 = d2 + d5, t5 = d2 - d5, t3 = d3 + d4, t4 = d3 - d4;
      const t10 = t0 + t3, t13 = t0 - t3, t11 = t1 + t2, t12 = t1 - t2;
      d[o] = t10 + t11;
      d[o + 4 * step] = t10 - t11;
      const z1 = (t12 + t13) * 0.707106781;
      d[o + 2 * step] = t13 + z1;
      d[o + 6 * step] = t13 - z1;
      const s10 = t4 + t5, s11 = t5 + t6, s12 = t6 + t7;
      const z5 = (s10 - s12) * 0.382683433;
      const z2 = 0.5411961 * s10 + z5;
      const z4 = 1.306562965 * s12 + z5;
      const z3 = s11 * 0.707106781;
      const z11 = t7 + z3, z13 = t7 - z3;
      d[o + 5 * step] = z13 + z2;
      d[o + 3 * step] = z13 - z2;
      d[o + step] = z11 + z4;
      d[o + 7 * step] = z11 - z4;
    }
  }
}

/** Number of bits of |v| (the JPEG "category"). */
function category(v: number): number {
  return 32 - Math.clz32(v < 0 ? -v : v);
}

const coef = new Int32Array(64);

/** Codes one block; returns its DC value for the next block's difference. */
function codeBlock(
  w: Writer,
  block: Float32Array,
  div: Float32Array,
  t: typeof TABLES[0],
  prev: number,
) {
  w.reserve();
  fdct(block);
  for (let k = 0; k < 64; k++) {
    const x = block[NATURAL[k]] * div[k];
    coef[k] = x < 0 ? -((0.5 - x) | 0) : (x + 0.5) | 0;
  }
  const diff = coef[0] - prev;
  const dcCat = category(diff);
  w.bits(t.dc.code[dcCat], t.dc.size[dcCat]);
  if (dcCat) w.bits(diff < 0 ? diff - 1 : diff, dcCat);
  let run = 0;
  for (let k = 1; k < 64; k++) {
    const v = coef[k];
    if (v === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      w.bits(t.ac.code[0xf0], t.ac.size[0xf0]);
      run -= 16;
    }
    const cat = category(v);
    const sym = (run << 4) | cat;
    w.bits(t.ac.code[sym], t.ac.size[sym]);
    w.bits(v < 0 ? v - 1 : v, cat);
    run = 0;
  }
  if (run) w.bits(t.ac.code[0], t.ac.size[0]);
  return coef[0];
}

/** Encodes an 8-bit grey (1 channel) or RGB (3 channels) raster as a baseline JFIF JPEG. */
export function encodeJpegBytes(
  data: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3,
  quality = 85,
): Uint8Array {
  const qs = [quantTable(LUMA_Q, quality), quantTable(CHROMA_Q, quality)];
  const divs = qs.map(divisors);
  const w = new Writer();
  w.bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  for (let i = 0; i < (channels === 1 ? 1 : 2); i++) {
    w.bytes([0xff, 0xdb, 0, 67, i]);
    w.bytes(Array.from(NATURAL, (n) => qs[i][n]));
  }
  w.bytes([0xff, 0xc0]);
  w.word(8 + 3 * channels);
  w.bytes([8, height >> 8, height & 0xff, width >> 8, width & 0xff, channels]);
  for (let c = 0; c < channels; c++) w.bytes([c + 1, 0x11, c === 0 ? 0 : 1]);
  for (let i = 0; i < (channels === 1 ? 1 : 2); i++) {
    for (const [cls, h] of [[0, TABLES[i].dc], [1, TABLES[i].ac]] as const) {
      w.bytes([0xff, 0xc4]);
      w.word(19 + h.values.length);
      w.bytes([(cls << 4) | i, ...h.bits, ...h.values]);
    }
  }
  w.bytes([0xff, 0xda]);
  w.word(6 + 2 * channels);
  w.bytes([channels]);
  for (let c = 0; c < channels; c++) w.bytes([c + 1, c === 0 ? 0x00 : 0x11]);
  w.bytes([0, 63, 0]);

  const blocks = Array.from({ length: channels }, () => new Float32Array(64));
  const prev = [0, 0, 0];
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        // Edge blocks repeat the last row and column, which codes cheaper than black.
        const row = Math.min(by + y, height - 1) * width;
        for (let x = 0; x < 8; x++) {
          const at = (row + Math.min(bx + x, width - 1)) * channels;
          if (channels === 1) {
            blocks[0][y * 8 + x] = data[at] - 128;
            continue;
          }
          const r = data[at], g = data[at + 1], b = data[at + 2];
          blocks[0][y * 8 + x] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
          blocks[1][y * 8 + x] = -0.168736 * r - 0.331264 * g + 0.5 * b;
          blocks[2][y * 8 + x] = 0.5 * r - 0.418688 * g - 0.081312 * b;
        }
      }
      for (let c = 0; c < channels; c++) {
        const t = c === 0 ? 0 : 1;
        prev[c] = codeBlock(w, blocks[c], divs[t], TABLES[t], prev[c]);
      }
    }
  }
  w.flush();
  w.bytes([0xff, 0xd9]);
  return w.buf.slice(0, w.pos);
}

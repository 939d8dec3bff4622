/**
 * A baseline JPEG encoder (ITU T.81): grey images as one component, colour as YCbCr 4:4:4,
 * the standard quantisation and Huffman tables of Annex K. Written here because jpeg-js builds
 * its tables anew on every call (≈ 40 ms, more than a thumbnail takes to encode) and always
 * codes three components, where a FITS preview needs one; tables here are built once.
 */

/** Zigzag position k → natural (row-major) index of the 8×8 block. */
const NATURAL = Uint8Array.from([
  0,
  1,
  8,
  16,
  9,
  2,
  3,
  10,
  17,
  24,
  32,
  25,
  18,
  11,
  4,
  5,
  12,
  19,
  26,
  33,
  40,
  48,
  41,
  34,
  27,
  20,
  13,
  6,
  7,
  14,
  21,
  28,
  35,
  42,
  49,
  56,
  57,
  50,
  43,
  36,
  29,
  22,
  15,
  23,
  30,
  37,
  44,
  51,
  58,
  59,
  52,
  45,
  38,
  31,
  39,
  46,
  53,
  60,
  61,
  54,
  47,
  55,
  62,
  63,
]);

const LUMA_Q = [
  16,
  11,
  10,
  16,
  24,
  40,
  51,
  61,
  12,
  12,
  14,
  19,
  26,
  58,
  60,
  55,
  14,
  13,
  16,
  24,
  40,
  57,
  69,
  56,
  14,
  17,
  22,
  29,
  51,
  87,
  80,
  62,
  18,
  22,
  37,
  56,
  68,
  109,
  103,
  77,
  24,
  35,
  55,
  64,
  81,
  104,
  113,
  92,
  49,
  64,
  78,
  87,
  103,
  121,
  120,
  101,
  72,
  92,
  95,
  98,
  112,
  100,
  103,
  99,
];
const CHROMA_Q = [
  17,
  18,
  24,
  47,
  99,
  99,
  99,
  99,
  18,
  21,
  26,
  66,
  99,
  99,
  99,
  99,
  24,
  26,
  56,
  99,
  99,
  99,
  99,
  99,
  47,
  66,
  99,
  99,
  99,
  99,
  99,
  99,
  ...new Array(32).fill(99),
];

// Annex K.3: code counts for lengths 1..16, then the symbols in code order.
const DC_LUMA = { bits: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], values: range(12) };
const DC_CHROMA = { bits: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], values: range(12) };
const AC_LUMA = {
  bits: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d],
  values: [
    0x01,
    0x02,
    0x03,
    0x00,
    0x04,
    0x11,
    0x05,
    0x12,
    0x21,
    0x31,
    0x41,
    0x06,
    0x13,
    0x51,
    0x61,
    0x07,
    0x22,
    0x71,
    0x14,
    0x32,
    0x81,
    0x91,
    0xa1,
    0x08,
    0x23,
    0x42,
    0xb1,
    0xc1,
    0x15,
    0x52,
    0xd1,
    0xf0,
    0x24,
    0x33,
    0x62,
    0x72,
    0x82,
    0x09,
    0x0a,
    0x16,
    0x17,
    0x18,
    0x19,
    0x1a,
    0x25,
    0x26,
    0x27,
    0x28,
    0x29,
    0x2a,
    0x34,
    0x35,
    0x36,
    0x37,
    0x38,
    0x39,
    0x3a,
    0x43,
    0x44,
    0x45,
    0x46,
    0x47,
    0x48,
    0x49,
    0x4a,
    0x53,
    0x54,
    0x55,
    0x56,
    0x57,
    0x58,
    0x59,
    0x5a,
    0x63,
    0x64,
    0x65,
    0x66,
    0x67,
    0x68,
    0x69,
    0x6a,
    0x73,
    0x74,
    0x75,
    0x76,
    0x77,
    0x78,
    0x79,
    0x7a,
    0x83,
    0x84,
    0x85,
    0x86,
    0x87,
    0x88,
    0x89,
    0x8a,
    0x92,
    0x93,
    0x94,
    0x95,
    0x96,
    0x97,
    0x98,
    0x99,
    0x9a,
    0xa2,
    0xa3,
    0xa4,
    0xa5,
    0xa6,
    0xa7,
    0xa8,
    0xa9,
    0xaa,
    0xb2,
    0xb3,
    0xb4,
    0xb5,
    0xb6,
    0xb7,
    0xb8,
    0xb9,
    0xba,
    0xc2,
    0xc3,
    0xc4,
    0xc5,
    0xc6,
    0xc7,
    0xc8,
    0xc9,
    0xca,
    0xd2,
    0xd3,
    0xd4,
    0xd5,
    0xd6,
    0xd7,
    0xd8,
    0xd9,
    0xda,
    0xe1,
    0xe2,
    0xe3,
    0xe4,
    0xe5,
    0xe6,
    0xe7,
    0xe8,
    0xe9,
    0xea,
    0xf1,
    0xf2,
    0xf3,
    0xf4,
    0xf5,
    0xf6,
    0xf7,
    0xf8,
    0xf9,
    0xfa,
  ],
};
const AC_CHROMA = {
  bits: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
  values: [
    0x00,
    0x01,
    0x02,
    0x03,
    0x11,
    0x04,
    0x05,
    0x21,
    0x31,
    0x06,
    0x12,
    0x41,
    0x51,
    0x07,
    0x61,
    0x71,
    0x13,
    0x22,
    0x32,
    0x81,
    0x08,
    0x14,
    0x42,
    0x91,
    0xa1,
    0xb1,
    0xc1,
    0x09,
    0x23,
    0x33,
    0x52,
    0xf0,
    0x15,
    0x62,
    0x72,
    0xd1,
    0x0a,
    0x16,
    0x24,
    0x34,
    0xe1,
    0x25,
    0xf1,
    0x17,
    0x18,
    0x19,
    0x1a,
    0x26,
    0x27,
    0x28,
    0x29,
    0x2a,
    0x35,
    0x36,
    0x37,
    0x38,
    0x39,
    0x3a,
    0x43,
    0x44,
    0x45,
    0x46,
    0x47,
    0x48,
    0x49,
    0x4a,
    0x53,
    0x54,
    0x55,
    0x56,
    0x57,
    0x58,
    0x59,
    0x5a,
    0x63,
    0x64,
    0x65,
    0x66,
    0x67,
    0x68,
    0x69,
    0x6a,
    0x73,
    0x74,
    0x75,
    0x76,
    0x77,
    0x78,
    0x79,
    0x7a,
    0x82,
    0x83,
    0x84,
    0x85,
    0x86,
    0x87,
    0x88,
    0x89,
    0x8a,
    0x92,
    0x93,
    0x94,
    0x95,
    0x96,
    0x97,
    0x98,
    0x99,
    0x9a,
    0xa2,
    0xa3,
    0xa4,
    0xa5,
    0xa6,
    0xa7,
    0xa8,
    0xa9,
    0xaa,
    0xb2,
    0xb3,
    0xb4,
    0xb5,
    0xb6,
    0xb7,
    0xb8,
    0xb9,
    0xba,
    0xc2,
    0xc3,
    0xc4,
    0xc5,
    0xc6,
    0xc7,
    0xc8,
    0xc9,
    0xca,
    0xd2,
    0xd3,
    0xd4,
    0xd5,
    0xd6,
    0xd7,
    0xd8,
    0xd9,
    0xda,
    0xe2,
    0xe3,
    0xe4,
    0xe5,
    0xe6,
    0xe7,
    0xe8,
    0xe9,
    0xea,
    0xf2,
    0xf3,
    0xf4,
    0xf5,
    0xf6,
    0xf7,
    0xf8,
    0xf9,
    0xfa,
  ],
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

  bits(value: number, count: number) {
    this.#acc = (this.#acc << count) | (value & ((1 << count) - 1));
    this.#bits += count;
    while (this.#bits >= 8) {
      const byte = (this.#acc >> (this.#bits - 8)) & 0xff;
      this.#room(2);
      this.buf[this.pos++] = byte;
      if (byte === 0xff) this.buf[this.pos++] = 0;
      this.#bits -= 8;
    }
    this.#acc &= (1 << this.#bits) - 1;
  }

  /** Pads the last byte with 1 bits, as T.81 asks. */
  flush() {
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
  let a = v < 0 ? -v : v, n = 0;
  while (a) (a >>= 1), n++;
  return n;
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

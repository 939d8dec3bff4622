/** Reproducible randomness for simulated accounts. */

/** mulberry32: tiny, fast and good enough to make accounts reproducible from a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [min, max]. */
export const int = (rng: () => number, [min, max]: [number, number]) =>
  min + Math.floor(rng() * (max - min + 1));

/** n characters drawn from the alphabet. */
export function randStr(rng: () => number, n: number, alphabet: string): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

/** Alphabets of the random parts of Slooh names and queries. */
export const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
export const MIXED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

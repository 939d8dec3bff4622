/**
 * FITS header cards (FITS Standard 4.0, section 4): 80-character ASCII cards in 2,880-byte
 * blocks, ended by an `END` card. Only the primary header is read: that is all Slooh writes.
 */

/** Size of a FITS block; headers and data both fill whole blocks. */
export const FITS_BLOCK = 2880;

/** Length of a header card. */
export const CARD = 80;

/** A keyword's value as the card gives it: text, number, logical, or null when undefined. */
export type CardValue = string | number | boolean | null;

/** A parsed primary header. */
export interface FitsCards {
  /** Values by keyword (upper case); the first card of a repeated keyword wins. */
  values: ReadonlyMap<string, CardValue>;
  /** Bytes from the file's start to its data: the header rounded up to whole blocks. */
  dataOffset: number;
}

/** Parses the value field of a card (the text after `= `), without its comment. */
export function parseCardValue(field: string): CardValue {
  const s = field.trimStart();
  if (s.startsWith("'")) {
    // A string ends at a lone quote; a doubled quote is a quote. Trailing spaces do not count.
    let out = "";
    for (let i = 1; i < s.length; i++) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          out += "'";
          i++;
          continue;
        }
        break;
      }
      out += s[i];
    }
    return out.trimEnd();
  }
  const raw = s.split("/")[0].trim();
  if (raw === "") return null;
  if (raw === "T") return true;
  if (raw === "F") return false;
  // Fortran-style exponents ("1.0D+02") are allowed by the standard.
  const n = Number(raw.replace(/[dD]/, "e"));
  return Number.isFinite(n) ? n : raw;
}

/**
 * Reads the primary header from the leading bytes of a FITS file; null while those bytes do not
 * yet hold the `END` card (give it more), or when they are not a FITS header at all.
 */
export function parseFitsHeader(bytes: Uint8Array): FitsCards | null {
  if (!isFitsStart(bytes)) return null;
  const values = new Map<string, CardValue>();
  const decoder = new TextDecoder("latin1");
  for (let at = 0; at + CARD <= bytes.length; at += CARD) {
    const card = decoder.decode(bytes.subarray(at, at + CARD));
    const keyword = card.slice(0, 8).trimEnd().toUpperCase();
    if (keyword === "END") {
      const end = at + CARD;
      return { values, dataOffset: Math.ceil(end / FITS_BLOCK) * FITS_BLOCK };
    }
    if (card.slice(8, 10) !== "= " || values.has(keyword)) continue;
    values.set(keyword, parseCardValue(card.slice(10)));
  }
  return null;
}

/** Whether bytes begin like a FITS file (`SIMPLE  =` … `T`). */
export function isFitsStart(bytes: Uint8Array): boolean {
  if (bytes.length < 30) return false;
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 30));
  return /^SIMPLE {2}= {20}T$/.test(head);
}

/** Builds header bytes from cards (for writers and tests): padded cards, then `END`, whole blocks. */
export function formatFitsHeader(cards: readonly [string, CardValue, string?][]): Uint8Array {
  const lines = cards.map(([key, value, comment]) => {
    const v = typeof value === "string"
      ? `'${value.replaceAll("'", "''").padEnd(8, " ")}'`.padEnd(20, " ")
      : (value === true ? "T" : value === false ? "F" : value === null ? "" : String(value))
        .padStart(20, " ");
    const text = `${key.padEnd(8, " ")}= ${v}${comment ? ` / ${comment}` : ""}`;
    return text.slice(0, CARD).padEnd(CARD, " ");
  });
  lines.push("END".padEnd(CARD, " "));
  const text = lines.join("");
  return new TextEncoder().encode(text.padEnd(Math.ceil(text.length / FITS_BLOCK) * FITS_BLOCK));
}

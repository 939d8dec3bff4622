/** How often `download --watch` runs: "90s", "30m", "2h", "1h30m", "1d"; at least one second. */

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The longest wait a timer holds (2^31 - 1 ms, about 24.8 days): a longer one fires at once. */
const MAX_MS = 2 ** 31 - 1;

/** Milliseconds of an interval like "90s" or "1h30m", or null when it is not one (< 1 s, > 24 d). */
export function parseInterval(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (!/^(\d+[smhd])+$/.test(t)) return null;
  let ms = 0;
  for (const [, n, unit] of t.matchAll(/(\d+)([smhd])/g)) ms += Number(n) * UNIT_MS[unit];
  return ms >= 1000 && ms <= MAX_MS ? ms : null;
}

/** An interval for messages: "30m", "1h30m", "90s" stays "1m30s". */
export function formatInterval(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [["d", 86_400], ["h", 3600], ["m", 60], ["s", 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join("") || "0s";
}

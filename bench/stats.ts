/** Small helpers for figures: medians and human-readable numbers. */

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) throw new RangeError("median of nothing");
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Seconds with three significant decimals, from milliseconds. */
export function secs(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} s`;
}

/** Mebibytes from kibibytes. */
export function mib(kib: number): string {
  return `${(kib / 1024).toFixed(1)} MiB`;
}

/** The individual runs, for the record next to a median. */
export function spread(values: number[], fmt: (v: number) => string): string {
  return values.map(fmt).join(", ");
}

/** CPU seconds per GiB transferred, from ms of CPU and a byte count. */
export function cpuPerGiB(cpuMs: number, bytes: number): string {
  return `${(cpuMs / 1000 / (bytes / 2 ** 30)).toFixed(2)} CPU s/GiB`;
}

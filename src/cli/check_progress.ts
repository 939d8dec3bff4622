/**
 * Progress of `verify`: files and bytes checked, rate and ETA. On a terminal one line redrawn
 * in place; elsewhere a plain `progress:` line every few seconds, only when something changed.
 */
import { formatBytes, formatDuration } from "./format.ts";
import type { Output } from "./output.ts";
import { LiveDisplay, type ProgressMode, terminalColumns } from "./progress.ts";

/** Where a check stands. */
export interface CheckSnapshot {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
  elapsedMs: number;
}

/** "120/400 files, 1.20 GB of 3.00 GB, 1.1 GB/s, ETA 2.0 s". */
export function checkLine(s: CheckSnapshot): string {
  const parts = [
    `${s.files}/${s.totalFiles} files`,
    `${formatBytes(s.bytes)} of ${formatBytes(s.totalBytes)}`,
  ];
  if (s.elapsedMs >= 500 && s.bytes > 0) {
    const rate = (s.bytes * 1000) / s.elapsedMs;
    parts.push(`${formatBytes(rate)}/s`);
    if (s.elapsedMs >= 2000) {
      parts.push(`ETA ${formatDuration(((s.totalBytes - s.bytes) / rate) * 1000)}`);
    }
  }
  return parts.join(", ");
}

/** Counts what the consumer reports and shows it now and then; `stop` clears the display. */
export function checkProgress(
  out: Output,
  mode: ProgressMode,
  totals: { files: number; bytes: number },
  plainEveryMs = 5000,
) {
  const started = performance.now();
  const s: CheckSnapshot = {
    files: 0,
    totalFiles: totals.files,
    bytes: 0,
    totalBytes: totals.bytes,
    elapsedMs: 0,
  };
  const live = mode === "live" ? new LiveDisplay((t) => out.raw(t), terminalColumns) : null;
  let last = "";
  const tick = () => {
    s.elapsedMs = performance.now() - started;
    const line = checkLine(s);
    if (live) live.draw([`verify: ${line}`]);
    else if (line !== last) out.stderr(`progress: ${line}`);
    last = line;
  };
  if (live) out.beforeMessage = () => live.clear();
  const timer = mode === "off" ? undefined : setInterval(tick, live ? 200 : plainEveryMs);
  return {
    bytes(n: number) {
      s.bytes += n;
    },
    file() {
      s.files++;
    },
    stop() {
      clearInterval(timer);
      if (live) {
        live.clear();
        out.beforeMessage = null;
      }
    },
  };
}

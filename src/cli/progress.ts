/**
 * Progress of a download run. On a terminal: a live block (totals, rate, ETA, one line per
 * transfer) redrawn in place, never wider than the window, so resizing cannot garble it.
 * Elsewhere (cron, pipes, CI): one plain line every few seconds, only when something changed.
 */
import type { Job, Outcome, RunEvents } from "../download/run_types.ts";
import { displayWidth, fitEnd, fitMiddle, formatBytes, formatDuration } from "./format.ts";
import type { Output } from "./output.ts";
import {
  type ActiveTransfer,
  type ProgressSnapshot,
  ProgressTracker,
  scanning,
  waitText,
} from "./progress_tracker.ts";

/** The parts of the first line, most important first, each with its position on the line. */
function summaryParts(s: ProgressSnapshot): { text: string; order: number }[] {
  const parts = [
    { text: `${s.done + s.failed}/${s.planned}${scanning(s) ? "+" : ""} files`, order: 0 },
  ];
  // Why nothing moves comes right after the count: it explains the rest of the line.
  if (s.wait) parts.push({ text: waitText(s.wait), order: 0.5 });
  else if (s.stalled) parts.push({ text: "stalled", order: 0.5 });
  if (s.failed) parts.push({ text: `${s.failed} failed`, order: 4 });
  if (s.etaMs !== null) parts.push({ text: `ETA ${formatDuration(s.etaMs)}`, order: 3 });
  parts.push({ text: formatBytes(s.bytes), order: 1 });
  if (s.rate > 0) parts.push({ text: `${formatBytes(s.rate)}/s`, order: 2 });
  if (scanning(s)) parts.push({ text: `scanned ${s.scanned}/${s.total}`, order: 5 });
  return parts;
}

/**
 * The first status line, at most `width - 1` columns: parts that do not fit are dropped, least
 * important first (the last column is left free, as writing into it wraps on some terminals).
 */
export function summaryLine(s: ProgressSnapshot, width: number): string {
  const room = Math.max(1, width - 1);
  const kept: { text: string; order: number }[] = [];
  const render = (parts: typeof kept) =>
    [...parts].sort((a, b) => a.order - b.order).map((p) => p.text).join(" · ");
  for (const part of summaryParts(s)) {
    if (displayWidth(render([...kept, part])) <= room) kept.push(part);
    else if (part.order === 0.5) {
      // Why nothing moves is shortened rather than dropped: without it the line looks stuck.
      const left = room - displayWidth(render(kept)) - 3;
      if (left >= 12) kept.push({ ...part, text: fitEnd(part.text, left) });
    }
  }
  return kept.length ? render(kept) : fitEnd(summaryParts(s)[0].text, room);
}

/** Below this width the block is one line: a transfer line would be mostly "…". */
const MIN_TRANSFER_WIDTH = 28;

/** One transfer as a line: the file name, shortened in the middle, then its progress. */
export function transferLine(t: ActiveTransfer, width: number): string {
  const room = Math.max(1, width - 1);
  const pct = t.size ? ` ${Math.min(100, Math.floor((t.received / t.size) * 100))}%` : "";
  const amount = t.size
    ? `${formatBytes(t.received)}/${formatBytes(t.size)}`
    : formatBytes(t.received);
  // The name matters most: drop the amount, then the percentage, before the name gets tiny. A
  // wait is shortened instead, down to "retrying in 4 s…": it says why the file does not move.
  let tail = t.wait ? `  ${waitText(t.wait)}` : `  ${amount}${pct}`;
  if (t.wait && room - 2 - displayWidth(tail) < 24) {
    tail = `  ${fitEnd(waitText(t.wait), Math.max(16, room - 2 - 24 - 2))}`;
  }
  if (room - 2 - displayWidth(tail) < 24) tail = pct;
  if (room - 2 - displayWidth(tail) < 8) tail = "";
  const nameRoom = room - 2 - displayWidth(tail);
  return fitEnd(`  ${fitMiddle(t.name, Math.max(1, nameRoom))}${tail}`, room);
}

/** The whole live block for a window `width` columns wide and `height` rows tall. */
export function statusLines(s: ProgressSnapshot, width: number, height = 24): string[] {
  const lines = [summaryLine(s, width)];
  if (width < MIN_TRANSFER_WIDTH) return lines;
  // Leave room for the prompt line and a message above; show the rest as "+N more".
  const maxTransfers = Math.max(0, Math.min(8, height - 3));
  const shown = s.active.slice(0, maxTransfers);
  for (const t of shown) lines.push(transferLine(t, width));
  const more = s.active.length - shown.length;
  if (more > 0 && maxTransfers > 0) lines.push(fitEnd(`  +${more} more`, width - 1));
  return lines;
}

/** The line printed now and then when stderr is not a terminal. */
export function plainLine(s: ProgressSnapshot): string {
  const parts = [`${s.done + s.failed}/${s.planned}${scanning(s) ? "+" : ""} files`];
  if (s.wait) parts.push(waitText(s.wait));
  else if (s.stalled) parts.push("stalled");
  parts.push(formatBytes(s.bytes));
  if (s.rate > 0) parts.push(`${formatBytes(s.rate)}/s`);
  if (scanning(s)) parts.push(`scanned ${s.scanned}/${s.total}`);
  if (s.etaMs !== null) parts.push(`ETA ${formatDuration(s.etaMs)}`);
  if (s.failed) parts.push(`${s.failed} failed`);
  return `progress: ${parts.join(", ")}`;
}

/** Terminal rows the lines take in a window `width` columns wide (a long line wraps). */
export function rowsTaken(lines: readonly string[], width: number): number {
  const w = Math.max(1, width);
  return lines.reduce((rows, l) => rows + Math.max(1, Math.ceil(displayWidth(l) / w)), 0);
}

/** The terminal's width for a live display; 80 when it reports none (an unsized pseudo-terminal). */
export function terminalColumns(): number {
  try {
    return Deno.consoleSize().columns || 80;
  } catch {
    return 80;
  }
}

/**
 * Draws a block of lines in place. Before each draw it erases the previous block, counting its
 * rows at the window's current width: after a resize a terminal re-wraps what it shows, and
 * erasing by the old count would leave debris or eat earlier output.
 */
export class LiveDisplay {
  #lines: string[] = [];

  constructor(
    private readonly write: (text: string) => void,
    private readonly columns: () => number,
  ) {}

  /** Replaces the block on screen with `lines`. */
  draw(lines: string[]): void {
    const width = this.columns();
    const safe = lines.map((l) => fitEnd(l, Math.max(1, width - 1)));
    this.write(this.#erase(width) + safe.join("\n"));
    this.#lines = safe;
  }

  /** Removes the block, leaving the cursor where it started. */
  clear(): void {
    if (!this.#lines.length) return;
    this.write(this.#erase(this.columns()));
    this.#lines = [];
  }

  #erase(width: number): string {
    if (!this.#lines.length) return "";
    const up = rowsTaken(this.#lines, width) - 1;
    // Cursor to column 1 of the block's first row, then clear to the end of the screen.
    return (up > 0 ? `\x1b[${up}A` : "") + "\r\x1b[J";
  }
}

/** How progress is shown: a live block, a plain line now and then, or nothing. */
export type ProgressMode = "live" | "plain" | "off";

/** Picks the mode: nothing with --quiet, live on a terminal, plain lines otherwise. */
export function progressMode(quiet: boolean, stderrIsTerminal: boolean): ProgressMode {
  return quiet ? "off" : stderrIsTerminal ? "live" : "plain";
}

/** How often the display refreshes. */
const LIVE_MS = 200;
const PLAIN_MS = 5000;

/** Builds the run hooks that keep the user informed and record each file in the log. */
export function progressReporter(
  out: Output,
  mode: ProgressMode,
  opts: { plainEveryMs?: number; columns?: () => number; rows?: () => number } = {},
): RunEvents & { stop(): void } {
  const tracker = new ProgressTracker();
  const feed = tracker.events();
  const size = () => {
    try {
      const s = Deno.consoleSize();
      // A pseudo-terminal nobody sized reports 0 columns: draw for a classic 80x24 then.
      if (s.columns > 0 && s.rows > 0) return s;
    } catch {
      // Not a terminal after all.
    }
    return { columns: 80, rows: 24 };
  };
  const columns = opts.columns ?? (() => size().columns);
  const rows = opts.rows ?? (() => size().rows);
  const live = mode === "live"
    ? new LiveDisplay((text) => out.raw(text), () => Math.max(1, columns()))
    : null;
  let lastPlain = "";
  const tick = () => {
    if (live) {
      live.draw(statusLines(tracker.snapshot(), Math.max(1, columns()), rows()));
    } else if (mode === "plain") {
      const line = plainLine(tracker.snapshot());
      if (line !== lastPlain) out.stderr(line);
      lastPlain = line;
    }
  };
  if (live) out.beforeMessage = () => live.clear();
  const timer = mode === "off"
    ? undefined
    : setInterval(tick, mode === "live" ? LIVE_MS : opts.plainEveryMs ?? PLAIN_MS);
  // Redraw at once on resize rather than up to one tick later with stale wrapping.
  const onResize = () => live && tick();
  if (live) {
    try {
      Deno.addSignalListener("SIGWINCH", onResize);
    } catch { /* no SIGWINCH (Windows): the next tick redraws */ }
  }
  return {
    ...feed,
    finished(job: Job, outcome: Outcome, detail?: string) {
      feed.finished!(job, outcome, detail);
      if (outcome === "failed") out.warn(`${job.path}: ${detail}`);
      else if (outcome !== "skipped") {
        if (out.opts.verbose) out.debug(`${outcome} ${job.path}`);
        else out.record(`${outcome} ${job.path}`);
      }
    },
    retrying(job, wait) {
      feed.retrying!(job, wait);
      const line = `${job ? `${job.path}: ` : ""}${
        waitText({ inMs: wait.delayMs, attempt: wait.attempt, max: wait.max, reason: wait.reason })
      }`;
      // The live block counts the wait down; elsewhere the line itself says it, at once.
      if (mode === "plain") out.stderr(line);
      else out.record(line);
    },
    warn(message) {
      out.warn(message);
    },
    stop() {
      clearInterval(timer);
      if (live) {
        try {
          Deno.removeSignalListener("SIGWINCH", onResize);
        } catch { /* see above */ }
        live.clear();
        out.beforeMessage = null;
      }
    },
  };
}

/**
 * One log file per run in `<library>/.slooh-dl/logs/`, the oldest rotated away. Every line goes
 * through `scrub` first, so no password or session value reaches the disk even if a caller slips.
 */
import { join } from "node:path";
import { logDir } from "../library/library_dirs.ts";
import { redact } from "../slooh/transport.ts";
import { type LogSink, writeAllSync } from "./output.ts";

/** How many run logs are kept at least, however old. */
export const KEEP_LOGS = 20;
/** Logs younger than this are kept too (a day of a short `--watch`)… */
export const KEEP_LOGS_MS = 24 * 3600_000;
/** …but never more than this many: a day of a watch every minute, bounded for shorter ones. */
export const MAX_LOGS = 1500;

const LOG_NAME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-[a-z]+(?:-\d+)?\.log$/;
/** Colour codes belong on a terminal, not in a file. */
const ANSI = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*[A-Za-z]", "g");

/** "2026-11-25T12-00-00Z-download.log": sortable, and valid on every file system. */
export function logFileName(at: Date, command: string): string {
  const stamp = at.toISOString().slice(0, 19).replaceAll(":", "-") + "Z";
  return `${stamp}-${command}.log`;
}

/**
 * The line with secrets hidden: JSON secret fields (via the transport's `redact`), session cookies,
 * bearer values, and every literal secret given (the password, tokens).
 */
export function scrub(line: string, secrets: readonly string[] = []): string {
  let out = redact(line)
    .replace(/(_sloohsstkn=)[^;\s"]+/g, "$1***")
    .replace(/\b(Bearer|token[=:])\s*[A-Za-z0-9._~+/-]{8,}/gi, "$1 ***");
  // Longest first, so a secret that contains a shorter one is hidden whole.
  for (const s of [...secrets].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length)) {
    out = out.replaceAll(s, "***");
    const json = JSON.stringify(s).slice(1, -1);
    if (json !== s) out = out.replaceAll(json, "***");
  }
  return out;
}

/** When a run log's name says it was started. */
function startedAt(name: string): number {
  const [, d, h, m, s] = /^(.{10})T(\d\d)-(\d\d)-(\d\d)Z/.exec(name)!;
  return Date.parse(`${d}T${h}:${m}:${s}Z`);
}

/**
 * Which of the run logs `names` (oldest first) go: all but the newest `keep` and those started
 * within `keepMs` before `now`, and always all but the newest `max`.
 */
export function logsToRemove(
  names: readonly string[],
  now: Date,
  keep = KEEP_LOGS,
  keepMs = KEEP_LOGS_MS,
  max = MAX_LOGS,
): string[] {
  const cut = now.getTime() - keepMs;
  return names.filter((name, i) => {
    const newer = names.length - 1 - i;
    return newer >= max || (newer >= keep && startedAt(name) < cut);
  });
}

/**
 * Deletes the run logs in `dir` that `logsToRemove` names (other files are left alone); returns
 * their names.
 */
export async function rotateLogs(
  dir: string,
  now = new Date(),
  keep = KEEP_LOGS,
): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile && LOG_NAME.test(e.name)) names.push(e.name);
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  // Same-second runs get "-2", "-3": compare those numerically after the timestamp.
  const order = (n: string) => {
    const m = /^(.{20})-[a-z]+(?:-(\d+))?\.log$/.exec(n)!;
    return [m[1], Number(m[2] ?? 1)] as const;
  };
  names.sort((a, b) => {
    const [ta, na] = order(a);
    const [tb, nb] = order(b);
    return ta < tb ? -1 : ta > tb ? 1 : na - nb;
  });
  const gone = logsToRemove(names, now, keep);
  for (const name of gone) await Deno.remove(join(dir, name)).catch(() => {});
  return gone;
}

/**
 * The log of one run. Lines are written in batches, within `FLUSH_MS` of the first: a run of
 * thousands of small files would otherwise pay a write per file. A kill -9 loses the last lines;
 * an exit (a second Ctrl-C ends the process at once) writes them first.
 */
export class RunLog implements LogSink {
  #file: Deno.FsFile | null;
  #secrets: string[];
  #pending: string[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  readonly #onExit = () => this.#flush();

  private constructor(readonly path: string, file: Deno.FsFile, secrets: string[]) {
    this.#file = file;
    this.#secrets = secrets;
    globalThis.addEventListener("unload", this.#onExit);
  }

  /** Creates the run's log file (never overwriting one) and rotates old ones away. */
  static async open(
    library: string,
    command: string,
    opts: { secrets?: string[]; now?: Date; keep?: number } = {},
  ): Promise<RunLog> {
    const dir = logDir(library);
    await Deno.mkdir(dir, { recursive: true });
    const base = logFileName(opts.now ?? new Date(), command);
    for (let i = 1;; i++) {
      const path = join(dir, i === 1 ? base : base.replace(/\.log$/, `-${i}.log`));
      try {
        const file = await Deno.open(path, { createNew: true, write: true, mode: 0o600 });
        await rotateLogs(dir, opts.now ?? new Date(), opts.keep ?? KEEP_LOGS);
        return new RunLog(path, file, opts.secrets ?? []);
      } catch (e) {
        if (!(e instanceof Deno.errors.AlreadyExists) || i > 100) throw e;
      }
    }
  }

  /** Adds a value that must never appear in the log (e.g. a password typed at a prompt). */
  addSecret(secret: string): void {
    if (secret) this.#secrets.push(secret);
  }

  /** Appends one timestamped line. */
  write(line: string): void {
    if (!this.#file) return;
    const text = scrub(line.replace(ANSI, ""), this.#secrets);
    const stamp = new Date().toISOString();
    this.#pending.push(text.split("\n").map((l) => `${stamp} ${l}`).join("\n"));
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#flush(), FLUSH_MS);
      Deno.unrefTimer(this.#timer);
    }
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#file || this.#pending.length === 0) return;
    const text = this.#pending.join("\n") + "\n";
    this.#pending = [];
    try {
      writeAllSync(this.#file, text);
    } catch {
      // A full disk must not turn logging into the reason a run fails.
      this.close();
    }
  }

  /** Writes what is pending and closes the file; later writes are ignored. */
  close(): void {
    globalThis.removeEventListener("unload", this.#onExit);
    this.#flush();
    try {
      this.#file?.close();
    } catch { /* already closed */ }
    this.#file = null;
  }
}

/** Longest a log line waits to be written. */
const FLUSH_MS = 200;

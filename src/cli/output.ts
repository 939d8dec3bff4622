/** Where messages go: stderr for people, stdout only for requested data. */

const encoder = new TextEncoder();

/** Writes all of `text`: one writeSync may take only part of it (a pipe, a signal). */
export function writeAllSync(target: { writeSync(p: Uint8Array): number }, text: string): void {
  const bytes = encoder.encode(text);
  for (let off = 0; off < bytes.length;) off += target.writeSync(bytes.subarray(off));
}

/** Verbosity and colour of human output. */
export interface OutputOptions {
  quiet: boolean;
  verbose: boolean;
  color: boolean;
}

/** Where a run's log lines go (see run_log.ts). */
export interface LogSink {
  write(line: string): void;
}

/** Writes human messages to stderr and data to stdout; copies messages into the run's log. */
export class Output {
  /** The log of the current run, if one is open. */
  log: LogSink | null = null;
  /** Called before a message is printed, so a live progress display can step aside. */
  beforeMessage: (() => void) | null = null;

  constructor(readonly opts: OutputOptions) {}

  /** A message worth showing unless --quiet. */
  info(line: string): void {
    this.log?.write(line);
    if (!this.opts.quiet) this.#message(line);
  }

  /** A warning, shown even with --quiet. */
  warn(line: string): void {
    this.log?.write("warning: " + line);
    this.#message(this.paint("33", "warning: ") + line);
  }

  /** An error line. */
  error(line: string): void {
    this.log?.write("error: " + line);
    this.#message(this.paint("31", "error: ") + line);
  }

  /** Detail shown (and logged) with --verbose only. */
  debug(line: string): void {
    if (!this.opts.verbose) return;
    this.log?.write(line);
    this.#message(this.paint("2", line));
  }

  /** A line for the log only (per-file outcomes the screen shows as counts). */
  record(line: string): void {
    this.log?.write(line);
  }

  /** A line that always reaches stderr and the log, even with --quiet (final summaries). */
  always(line: string): void {
    this.log?.write(line);
    this.#message(line);
  }

  #message(line: string): void {
    this.beforeMessage?.();
    this.stderr(line);
  }

  /** Data on stdout. */
  data(text: string): void {
    writeAllSync(Deno.stdout, text.endsWith("\n") ? text : text + "\n");
  }

  /** Text on stderr as is, ended with a newline: no log copy, no progress step-aside. */
  stderr(text: string): void {
    writeAllSync(Deno.stderr, text.endsWith("\n") ? text : text + "\n");
  }

  /** Text on stderr as is, without a newline (live status lines). */
  raw(text: string): void {
    writeAllSync(Deno.stderr, text);
  }

  /** Wraps text in an ANSI style when colour is on. */
  paint(code: string, text: string): string {
    return this.opts.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }
}

/** Whether colour should be used: a terminal, and neither NO_COLOR nor --no-color. */
export function colorWanted(flag: boolean): boolean {
  if (!flag) return false;
  try {
    if (Deno.env.get("NO_COLOR")) return false;
  } catch {
    // Without env permission, fall back to the terminal check alone.
  }
  return Deno.stderr.isTerminal();
}

/** Columns available for tables on stdout: the window's width, or no limit off a terminal. */
export function stdoutColumns(): number {
  if (!Deno.stdout.isTerminal()) return Infinity;
  try {
    return Math.max(20, Deno.consoleSize().columns - 1);
  } catch {
    return 79;
  }
}

/** Columns for help pages: the terminal's width, or 80 off a terminal (as commander did). */
export function helpWidth(stream: { isTerminal(): boolean }): number {
  if (!stream.isTerminal()) return 80;
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 80;
  }
}

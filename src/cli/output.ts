/** Where messages go: stderr for people, stdout only for requested data. */

const encoder = new TextEncoder();

/** Verbosity and colour of human output. */
export interface OutputOptions {
  quiet: boolean;
  verbose: boolean;
  color: boolean;
}

/** Writes human messages to stderr and data to stdout. */
export class Output {
  constructor(readonly opts: OutputOptions) {}

  /** A message worth showing unless --quiet. */
  info(line: string): void {
    if (!this.opts.quiet) this.err(line);
  }

  /** A warning, shown even with --quiet. */
  warn(line: string): void {
    this.err(this.paint("33", "warning: ") + line);
  }

  /** An error line. */
  error(line: string): void {
    this.err(this.paint("31", "error: ") + line);
  }

  /** Detail shown with --verbose only. */
  debug(line: string): void {
    if (this.opts.verbose) this.err(this.paint("2", line));
  }

  /** Data on stdout. */
  data(text: string): void {
    Deno.stdout.writeSync(encoder.encode(text.endsWith("\n") ? text : text + "\n"));
  }

  /** Raw text on stderr. */
  err(text: string): void {
    Deno.stderr.writeSync(encoder.encode(text.endsWith("\n") ? text : text + "\n"));
  }

  /** Text on stderr as is, without a newline (live status lines). */
  raw(text: string): void {
    Deno.stderr.writeSync(encoder.encode(text));
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

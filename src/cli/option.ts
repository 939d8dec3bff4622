/**
 * Options and commands as data: what each accepts, how a value is read, what help says. The
 * command line (command_line.ts) parses against these; help.ts and completions print them.
 */

/** A value the user typed that an option cannot take; the message says what it expects. */
export class InvalidValue extends Error {}

/** One way of writing an option: `-d, --directory <dir>`, or `--no-fits`. */
export interface OptionForm<T> {
  readonly short?: string;
  readonly long: string;
  /** The value's placeholder, as in `<dir>`; absent for a flag. */
  readonly arg?: string;
  readonly description: string;
  readonly choices?: readonly string[];
  /** The option's value once this form is given `raw` (true for a flag) after `previous`. */
  read(raw: string | true, previous: T): T;
}

/** An option: usually one form, two for a pair such as `--fits` / `--no-fits`. */
export interface Opt<T> {
  readonly forms: readonly OptionForm<T>[];
  /** The value when the option is not given. */
  readonly initial: T;
  readonly hidden?: boolean;
  readonly required?: boolean;
}

/** The parsed values of an option table. */
export type ValuesOf<S> = { [K in keyof S]: S[K] extends Opt<infer T> ? T : never };

/** A command: its name, help and options; `S` is its option table. */
export interface CommandSpec<
  S extends Record<string, Opt<unknown>> = Record<string, Opt<unknown>>,
> {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly description: string;
  readonly options: S;
  /** A required first argument with fixed choices (`completions <shell>`). */
  readonly argument?: {
    readonly name: string;
    readonly description: string;
    readonly choices: readonly string[];
  };
  /** Help printed after the option list. */
  readonly after?: string;
}

/** `-d, --directory <dir>`, as help and error messages name an option. */
export function formFlags(form: OptionForm<unknown>): string {
  return [[form.short, form.long].filter(Boolean).join(", "), form.arg].filter(Boolean).join(" ");
}

/** The values of an option table when nothing is given. */
export function initialValues(table: Record<string, Opt<unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(table).map(([k, o]) => [k, o.initial]));
}

/** Splits `-d, --directory <dir>` into its parts. */
function flagsOf(flags: string): { short?: string; long: string; arg?: string } {
  const m = flags.match(/^(?:(-\w), )?(--[\w-]+)(?: (<[\w-]+>))?$/);
  if (!m) throw new Error(`bad option flags: ${flags}`);
  return { short: m[1], long: m[2], arg: m[3] };
}

/** A flag such as `-n, --dry-run`: true when given. */
export function flag(flags: string, description: string): Opt<boolean | undefined> {
  return { forms: [{ ...flagsOf(flags), description, read: () => true }], initial: undefined };
}

/** A flag such as `--no-fits`: the option is true unless it is given. */
export function negation(flags: string, description: string): Opt<boolean> {
  return { forms: [{ ...flagsOf(flags), description, read: () => false }], initial: true };
}

/** A pair such as `--fits` / `--no-fits`: true, false, or undefined when neither is given. */
export function toggle(
  yes: string,
  yesDescription: string,
  no: string,
  noDescription: string,
): Opt<boolean | undefined> {
  return {
    forms: [
      { ...flagsOf(yes), description: yesDescription, read: () => true },
      { ...flagsOf(no), description: noDescription, read: () => false },
    ],
    initial: undefined,
  };
}

/** An option with a value, such as `--since <date>`: the text itself, or what `parse` makes of it. */
export function valued(flags: string, description: string): Opt<string | undefined>;
export function valued<T>(
  flags: string,
  description: string,
  parse: (value: string) => T,
): Opt<T | undefined>;
export function valued(
  flags: string,
  description: string,
  parse: (value: string) => unknown = (v) => v,
): Opt<unknown> {
  return {
    forms: [{ ...flagsOf(flags), description, read: (raw) => parse(raw as string) }],
    initial: undefined,
  };
}

/** An option that may be given several times; its value lists them in order. */
export function repeated(flags: string, description: string): Opt<string[] | undefined> {
  return {
    forms: [{
      ...flagsOf(flags),
      description,
      read: (raw, previous) => [...(previous ?? []), raw as string],
    }],
    initial: undefined,
  };
}

/** An option whose value is one of `choices`. */
export function oneOf<C extends string>(
  flags: string,
  description: string,
  choices: readonly C[],
): Opt<C | undefined> {
  return {
    forms: [{
      ...flagsOf(flags),
      description,
      choices,
      read: (raw) => {
        if (!choices.includes(raw as C)) {
          throw new InvalidValue(`Allowed choices are ${choices.join(", ")}.`);
        }
        return raw as C;
      },
    }],
    initial: undefined,
  };
}

/** The same option, which must be given. */
export function mandatory<T>(o: Opt<T | undefined>): Opt<T> {
  return { ...o, required: true } as Opt<T>;
}

/** The same option, left out of help and completions. */
export function hidden<T>(o: Opt<T>): Opt<T> {
  return { ...o, hidden: true };
}

/** A command spec, typed by its option table. */
export function command<S extends Record<string, Opt<unknown>>>(
  spec: CommandSpec<S>,
): CommandSpec<S> {
  return spec;
}

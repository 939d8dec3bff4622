/**
 * Reads argv against the program's specs: which command, its option values and arguments, or a
 * request for help or the version. Bad input becomes a UsageError with a one-line message.
 */
import { suggestion } from "./suggest.ts";
import {
  type CommandSpec,
  formFlags,
  initialValues,
  InvalidValue,
  type Opt,
  type OptionForm,
} from "./option.ts";

/** The whole command surface: global options and the commands. */
export interface ProgramSpec {
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly globals: Record<string, Opt<unknown>>;
  readonly commands: readonly CommandSpec[];
  /** Help printed after the command list. */
  readonly after?: string;
}

/** What the command line asks for. */
export type Invocation =
  | { readonly kind: "help"; readonly command: CommandSpec | null }
  | { readonly kind: "version" }
  | {
    readonly kind: "run";
    readonly command: CommandSpec;
    readonly globals: Record<string, unknown>;
    readonly options: Record<string, unknown>;
    readonly args: readonly string[];
  };

/** Input the command line cannot take; `message` is one line. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Whether the program's help is what to show (no command was given). */
    readonly showHelp = false,
    /** A second line, such as "Did you mean download?". */
    readonly hint: string | null = null,
  ) {
    super(message);
  }
}

/** A form of an option, with the table key it sets. */
interface Entry {
  readonly key: string;
  readonly form: OptionForm<unknown>;
  readonly hidden: boolean;
}

/** Every form of a table by its flags (`-d` and `--directory` alike). */
function entries(table: Record<string, Opt<unknown>>): Map<string, Entry> {
  const map = new Map<string, Entry>();
  for (const [key, opt] of Object.entries(table)) {
    for (const form of opt.forms) {
      const entry = { key, form, hidden: !!opt.hidden };
      map.set(form.long, entry);
      if (form.short) map.set(form.short, entry);
    }
  }
  return map;
}

/** The command called `name` (or by one of its aliases). */
export function findCommand(program: ProgramSpec, name: string): CommandSpec | undefined {
  return program.commands.find((c) => c.name === name || c.aliases?.includes(name));
}

/** What a pass over argv found. */
interface Scanned {
  command: CommandSpec | null;
  globals: Record<string, unknown>;
  options: Record<string, unknown>;
  args: string[];
  /** `help` was the command word; `args` then names the command to explain. */
  helpCommand: boolean;
  /** `-h` inside a cluster of short flags (`-qh`). */
  help: boolean;
}

/** Parses `argv` (without the program name) against `program`. */
export function parseCommandLine(program: ProgramSpec, argv: readonly string[]): Invocation {
  const end = argv.includes("--") ? argv.indexOf("--") : argv.length;
  const flags = argv.slice(0, end);
  const helpWanted = flags.includes("--help") || flags.includes("-h");
  const found: Scanned = {
    command: null,
    globals: initialValues(program.globals),
    options: {},
    args: [],
    helpCommand: false,
    help: false,
  };
  // As with commander, a --version anywhere before `--` wins over everything else.
  if (flags.includes("--version")) return { kind: "version" };
  try {
    scan(program, argv, end, found);
  } catch (e) {
    // Asking for help is answered even when the rest of the line is wrong.
    if (e instanceof UsageError && helpWanted) return helpFor(program, found);
    throw e;
  }
  if (found.helpCommand || found.help || helpWanted) return helpFor(program, found);
  const { command, globals, options, args } = found;
  if (command === null) throw new UsageError("no command given", true);
  checkComplete(command, options, args);
  return { kind: "run", command, globals, options, args };
}

/** The help page asked for: `help <command>`, or the help of the command given, if any. */
function helpFor(program: ProgramSpec, found: Scanned): Invocation {
  if (!found.helpCommand) return { kind: "help", command: found.command };
  const name = found.args[0];
  if (name === undefined || name === "help") return { kind: "help", command: null };
  const target = findCommand(program, name);
  if (!target) throw unknownCommand(program, name);
  return { kind: "help", command: target };
}

/** Reads argv (options up to `end`, where `--` is) into `found`, as far as the first bad word. */
function scan(program: ProgramSpec, argv: readonly string[], end: number, found: Scanned): void {
  const globals = entries(program.globals);
  let known = globals;
  const set = (name: string, raw: string | true) => {
    const entry = known.get(name);
    if (!entry) throw unknownOption(name, known);
    const target = globals.get(name) === entry ? found.globals : found.options;
    try {
      target[entry.key] = entry.form.read(raw, target[entry.key]);
    } catch (e) {
      if (!(e instanceof InvalidValue)) throw e;
      throw new UsageError(
        `option '${formFlags(entry.form)}' argument '${raw}' is invalid. ${e.message}`,
      );
    }
  };
  const takesValue = (name: string) => known.get(name)?.form.arg !== undefined;
  // A value must be there, and not be one of the options known here (`--object -q`).
  const valueAt = (name: string, i: number): string => {
    const word = argv[i];
    if (i >= end || known.has(word) || known.has(word.split("=")[0])) {
      throw new UsageError(`option '${formFlags(known.get(name)!.form)}' argument missing`);
    }
    return word;
  };

  for (let i = 0; i < end; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") continue;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a : a.slice(0, eq);
      if (!known.has(name)) throw unknownOption(name, known);
      if (!takesValue(name)) {
        if (eq >= 0) throw new UsageError(`option '${name}' takes no value`);
        set(name, true);
      } else set(name, eq >= 0 ? a.slice(eq + 1) : valueAt(name, ++i));
    } else if (a.startsWith("-") && a.length > 1) {
      // A cluster of short flags (`-qv`); one that takes a value ends it (`-dpics`, `-d pics`).
      for (let j = 1; j < a.length; j++) {
        const name = `-${a[j]}`;
        if (name === "-h") {
          found.help = true;
          continue;
        }
        if (!takesValue(name)) {
          set(name, true);
          continue;
        }
        set(name, j + 1 < a.length ? a.slice(j + 1) : valueAt(name, ++i));
        break;
      }
    } else if (found.command === null && !found.helpCommand) {
      if (a === "help") {
        found.helpCommand = true;
        continue;
      }
      const command = findCommand(program, a);
      if (!command) throw unknownCommand(program, a);
      found.command = command;
      found.options = initialValues(command.options);
      known = new Map([...globals, ...entries(command.options)]);
    } else {
      found.args.push(a);
    }
  }
  const rest = argv.slice(end + 1);
  // `slooh-dl -- stats`: the first word after `--` can still be the command.
  if (found.command === null && !found.helpCommand && rest.length) {
    const word = rest.shift()!;
    found.command = findCommand(program, word) ?? null;
    if (!found.command) throw unknownCommand(program, word);
    found.options = initialValues(found.command.options);
  }
  found.args.push(...rest);
}

/** Required options given, the argument present and allowed, nothing left over. */
function checkComplete(command: CommandSpec, values: Record<string, unknown>, args: string[]) {
  for (const [key, opt] of Object.entries(command.options)) {
    if (opt.required && values[key] === undefined) {
      throw new UsageError(`required option '${formFlags(opt.forms[0])}' not specified`);
    }
  }
  const wanted = command.argument ? 1 : 0;
  if (command.argument) {
    if (args.length === 0) {
      throw new UsageError(`missing required argument '${command.argument.name}'`);
    }
    if (!command.argument.choices.includes(args[0])) {
      throw new UsageError(
        `command-argument value '${args[0]}' is invalid for argument '${command.argument.name}'. ` +
          `Allowed choices are ${command.argument.choices.join(", ")}.`,
      );
    }
  }
  if (args.length > wanted) {
    throw new UsageError(
      `too many arguments for '${command.name}'. Expected ${wanted} argument${
        wanted === 1 ? "" : "s"
      } but got ${args.length}.`,
    );
  }
}

/** The error for an unknown command, with the nearest names as a hint. */
function unknownCommand(program: ProgramSpec, name: string): UsageError {
  const names = [...program.commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]), "help"];
  return new UsageError(`unknown command '${name}'`, false, suggestion(name, names));
}

/** The error for an unknown option, with the nearest long options known here as a hint. */
function unknownOption(name: string, known: Map<string, Entry>): UsageError {
  const longs = [...known.keys()].filter((f) => f.startsWith("--") && !known.get(f)!.hidden);
  const hint = name.startsWith("--") ? suggestion(name, [...longs, "--help", "--version"]) : null;
  return new UsageError(`unknown option '${name}'`, false, hint);
}

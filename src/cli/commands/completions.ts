/**
 * `completions <bash|zsh|fish>`: a shell completion script generated from the program's specs
 * themselves, so a new command or option is completed without anyone editing a script.
 */
import type { ProgramSpec } from "../command_line.ts";
import type { CliContext } from "../context.ts";
import type { Shell } from "../definitions/completions.ts";
import type { Opt } from "../option.ts";

/** What an option's value is, for completing it. */
type ValueKind = "none" | "dir" | "file" | "text" | "choice";

/** An option as the scripts need it. */
export interface OptionSpec {
  short?: string;
  long?: string;
  value: ValueKind;
  /** The values a "choice" option takes. */
  choices: readonly string[];
  description: string;
}

/** A subcommand as the scripts need it. */
export interface CompletedCommand {
  name: string;
  aliases: string[];
  description: string;
  options: OptionSpec[];
  /** Fixed choices of the first argument, if any. */
  choices: string[];
}

/** The program's surface, as the scripts need it. */
export interface CompletionSpec {
  name: string;
  globals: OptionSpec[];
  commands: CompletedCommand[];
}

const DIR_OPTIONS = new Set(["--directory", "--library"]);
const FILE_OPTIONS = new Set(["--config", "--output"]);
const HELP: OptionSpec = {
  short: "-h",
  long: "--help",
  value: "none",
  choices: [],
  description: "show help",
};

function optionSpecs(table: Record<string, Opt<unknown>>): OptionSpec[] {
  return Object.values(table).filter((o) => !o.hidden).flatMap((o) =>
    o.forms.map((f) => ({
      short: f.short,
      long: f.long,
      value: !f.arg
        ? "none" as const
        : f.choices?.length
        ? "choice" as const
        : DIR_OPTIONS.has(f.long)
        ? "dir" as const
        : FILE_OPTIONS.has(f.long)
        ? "file" as const
        : "text" as const,
      choices: f.choices ?? [],
      description: f.description,
    }))
  );
}

/** Reads commands, aliases and options off the program's specs. */
export function describeProgram(program: ProgramSpec): CompletionSpec {
  return {
    name: program.name,
    globals: [...optionSpecs(program.globals), HELP],
    commands: program.commands.map((c) => ({
      name: c.name,
      aliases: [...(c.aliases ?? [])],
      description: c.description,
      options: [...optionSpecs(c.options), HELP],
      choices: [...(c.argument?.choices ?? [])],
    })),
  };
}

const flagsOf = (o: OptionSpec): string[] => [o.short, o.long].filter((f): f is string => !!f);
/** A description shortened to its first clause, for the one-line hints shells show. */
const short = (d: string): string => d.split(/[;(]/)[0].trim();

function bash(spec: CompletionSpec): string {
  const fn = `_${spec.name.replace(/\W/g, "_")}`;
  const names = spec.commands.flatMap((c) => [c.name, ...c.aliases]);
  const all = [...spec.globals, ...spec.commands.flatMap((c) => c.options)];
  const withValue = (kind: ValueKind) => [
    ...new Set(all.filter((o) => o.value === kind).flatMap(flagsOf)),
  ];
  // A flag's values: those of every command that has it (one --format today).
  const choices = new Map<string, Set<string>>();
  for (const o of all.filter((o) => o.value === "choice")) {
    for (const f of flagsOf(o)) {
      for (const v of o.choices) choices.set(f, (choices.get(f) ?? new Set()).add(v));
    }
  }
  const choiceCases = [...choices].map(([f, vs]) =>
    `    ${f}) COMPREPLY=($(compgen -W "${[...vs].join(" ")}" -- "$cur")); return ;;`
  );
  const cases = spec.commands.map((c) => {
    const words = [...new Set([...c.options, ...spec.globals].flatMap(flagsOf))].join(" ");
    return `    ${[c.name, ...c.aliases].join("|")}) opts="${words}"; args="${
      c.choices.join(" ")
    }" ;;`;
  });
  return `# bash completion for ${spec.name}; load with: source <(${spec.name} completions bash)
${fn}() {
  local cur prev cmd="" i opts args
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # Paths one per line, as file names: "My Pictures" stays one word, a folder gets its "/".
  case "$prev" in
    ${
    withValue("dir").join("|") || "--no-such-option"
  }) compopt -o filenames 2>/dev/null; local IFS=$'\\n'; COMPREPLY=($(compgen -d -- "$cur")); return ;;
    ${
    withValue("file").join("|") || "--no-such-option"
  }) compopt -o filenames 2>/dev/null; local IFS=$'\\n'; COMPREPLY=($(compgen -f -- "$cur")); return ;;
${choiceCases.join("\n")}
    ${withValue("text").join("|") || "--no-such-option"}) COMPREPLY=(); return ;;
  esac
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${names.join("|")}) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$cmd" in
    "") opts="${spec.globals.flatMap(flagsOf).join(" ")}"; args="${names.join(" ")}" ;;
${cases.join("\n")}
  esac
  # Options only once a dash is typed, so a bare Tab offers the commands or argument values.
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$args" -- "$cur"))
  fi
}
complete -F ${fn} ${spec.name}
`;
}

/**
 * Quotes text for a zsh _arguments spec inside single quotes: the spec's own characters first,
 * then the quote, whose `'\\''` must not have its backslash escaped again.
 */
function zshQuote(text: string): string {
  return text.replace(/([[\]:\\])/g, "\\$1").replace(/'/g, "'\\''");
}

function zshOption(o: OptionSpec): string {
  const action = o.value === "dir"
    ? ":directory:_files -/"
    : o.value === "file"
    ? ":file:_files"
    : o.value === "text"
    ? ":value: "
    : o.value === "choice"
    ? `:value:(${o.choices.map(zshQuote).join(" ")})`
    : "";
  const desc = `[${zshQuote(short(o.description))}]`;
  const flags = flagsOf(o);
  if (flags.length === 2) {
    return `'(${flags.join(" ")})'{${flags.join(",")}}'${desc}${action}'`;
  }
  return `'${flags[0]}${desc}${action}'`;
}

function zsh(spec: CompletionSpec): string {
  const fn = `_${spec.name.replace(/\W/g, "_")}`;
  const commands = spec.commands.flatMap((c) =>
    [c.name, ...c.aliases].map((n) => `    '${zshQuote(n)}:${zshQuote(short(c.description))}'`)
  );
  const cases = spec.commands.map((c) => {
    const opts = [...c.options, ...spec.globals.filter((g) => g.long !== "--help")];
    const args = c.choices.length ? [`'1:shell:(${c.choices.join(" ")})'`] : [];
    return `      ${[c.name, ...c.aliases].join("|")})\n        _arguments -s \\\n          ${
      [...opts.map(zshOption), ...args].join(" \\\n          ")
    } ;;`;
  });
  return `#compdef ${spec.name}
# zsh completion for ${spec.name}; load with: source <(${spec.name} completions zsh)
${fn}() {
  local curcontext="$curcontext" state line
  local -a commands
  commands=(
${commands.join("\n")}
  )
  _arguments -C -s \\
    ${spec.globals.map(zshOption).join(" \\\n    ")} \\
    '1:command:->command' \\
    '*::argument:->argument'
  case $state in
    command) _describe -t commands command commands ;;
    argument)
      case $line[1] in
${cases.join("\n")}
      esac ;;
  esac
}
if [ "$funcstack[1]" = "${fn}" ]; then
  ${fn} "$@"
else
  compdef ${fn} ${spec.name}
fi
`;
}

/** Quotes text for fish inside single quotes. */
function fishQuote(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function fishOption(name: string, o: OptionSpec, condition: string): string {
  const parts = [`complete -c ${name}`];
  if (condition) parts.push(`-n ${fishQuote(condition)}`);
  if (o.short) parts.push(`-s ${o.short.slice(1)}`);
  if (o.long) parts.push(`-l ${o.long.slice(2)}`);
  if (o.value === "dir") parts.push("-r -a '(__fish_complete_directories)'");
  else if (o.value === "file") parts.push("-r -F");
  else if (o.value === "text") parts.push("-r");
  else if (o.value === "choice") parts.push(`-x -a ${fishQuote(o.choices.join(" "))}`);
  parts.push(`-d ${fishQuote(short(o.description))}`);
  return parts.join(" ");
}

function fish(spec: CompletionSpec): string {
  const name = spec.name;
  const names = spec.commands.flatMap((c) => [c.name, ...c.aliases]);
  const lines = [
    `# fish completion for ${name}; load with: ${name} completions fish | source`,
    `complete -c ${name} -f`,
    ...spec.globals.map((o) => fishOption(name, o, "")),
  ];
  for (const c of spec.commands) {
    for (const n of [c.name, ...c.aliases]) {
      lines.push(
        `complete -c ${name} -n ${
          fishQuote(`not __fish_seen_subcommand_from ${names.join(" ")}`)
        } -a ${n} -d ${fishQuote(short(c.description))}`,
      );
    }
    const seen = `__fish_seen_subcommand_from ${[c.name, ...c.aliases].join(" ")}`;
    for (const o of c.options.filter((o) => o.long !== "--help")) {
      lines.push(fishOption(name, o, seen));
    }
    if (c.choices.length) {
      lines.push(`complete -c ${name} -n ${fishQuote(seen)} -a ${fishQuote(c.choices.join(" "))}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** The completion script of `shell` for the program. */
export function completionScript(shell: Shell, spec: CompletionSpec): string {
  return shell === "bash" ? bash(spec) : shell === "zsh" ? zsh(spec) : fish(spec);
}

/** Prints the completion script of `shell` for the whole program. */
export function completionsAction(ctx: CliContext, program: ProgramSpec, shell: Shell): void {
  ctx.out.data(completionScript(shell, describeProgram(program)));
}

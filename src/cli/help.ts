/** The `--help` pages, laid out from the specs: usage, description, options, commands. */
import type { ProgramSpec } from "./command_line.ts";
import { type CommandSpec, formFlags, type Opt } from "./option.ts";

const WIDTH = 80;
const HELP_ROW: [string, string] = ["-h, --help", "display help for command"];

/** Wraps `text` to the page width, every line after the first indented by `indent`. */
function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join("\n" + " ".repeat(indent));
}

/** Rows of terms and descriptions, the descriptions in one column. */
function rows(list: readonly [string, string][], width: number): string {
  return list.map(([term, text]) => `  ${term.padEnd(width)}  ${wrap(text, width + 4)}`).join(
    "\n",
  );
}

function optionRows(table: Record<string, Opt<unknown>>): [string, string][] {
  return Object.values(table).filter((o) => !o.hidden).flatMap((o) =>
    o.forms.map((f): [string, string] => [formFlags(f), f.description])
  );
}

function commandTerm(c: CommandSpec): string {
  const name = [c.name, ...(c.aliases ?? [])].join("|");
  if (c.argument) return `${name} <${c.argument.name}>`;
  return Object.keys(c.options).length ? `${name} [options]` : name;
}

/** Sections with their rows laid out in one shared column, then the page's tail. */
function page(head: string, sections: [string, [string, string][]][], after?: string): string {
  const width = Math.max(...sections.flatMap(([, list]) => list.map(([t]) => t.length)));
  const body = sections.map(([title, list]) => `${title}:\n${rows(list, width)}`).join("\n\n");
  return `${head}\n\n${body}\n${after ? after + "\n" : ""}`;
}

/** The help of the whole program. */
export function programHelp(p: ProgramSpec): string {
  const options: [string, string][] = [
    ["--version", "print the version"],
    ...optionRows(p.globals),
    HELP_ROW,
  ];
  const commands: [string, string][] = [
    ...p.commands.map((c): [string, string] => [commandTerm(c), c.description]),
    ["help [command]", "display help for command"],
  ];
  return page(
    `Usage: ${p.name} [options] [command]\n\n${wrap(p.description, 0)}`,
    [["Options", options], ["Commands", commands]],
    p.after,
  );
}

/** The help of one command. */
export function commandHelp(p: ProgramSpec, c: CommandSpec): string {
  const usage = `Usage: ${p.name} ${commandTerm(c)}`;
  return page(
    `${usage}\n\n${wrap(c.description, 0)}`,
    [["Options", [...optionRows(c.options), HELP_ROW]]],
    c.after,
  );
}

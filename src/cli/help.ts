/** The `--help` pages, laid out from the specs: usage, description, options, commands. */
import type { ProgramSpec } from "./command_line.ts";
import { type CommandSpec, formFlags, type Opt } from "./option.ts";

const HELP_ROW: [string, string] = ["-h, --help", "display help for command"];

/** Wraps `text` to `width` columns, every line after the first indented by `indent`. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join("\n" + " ".repeat(indent));
}

/**
 * A page's closing text wrapped to `width`: its paragraphs re-flowed, its indented lines
 * (examples, to be pasted as they are) and blank lines kept.
 */
function flow(text: string, width: number): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  const end = () => {
    if (paragraph.length) out.push(wrap(paragraph.join(" "), 0, width));
    paragraph = [];
  };
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.startsWith(" ")) {
      end();
      out.push(line.trimEnd());
    } else paragraph.push(line.trim());
  }
  end();
  return out.join("\n");
}

/** Rows of terms and descriptions, the descriptions in one column. */
function rows(list: readonly [string, string][], column: number, width: number): string {
  return list.map(([term, text]) => `  ${term.padEnd(column)}  ${wrap(text, column + 4, width)}`)
    .join("\n");
}

/** A description with its fixed choices, as commander shows them. */
function withChoices(text: string, choices?: readonly string[]): string {
  return choices ? `${text} (choices: ${choices.map((c) => `"${c}"`).join(", ")})` : text;
}

function optionRows(table: Record<string, Opt<unknown>>): [string, string][] {
  return Object.values(table).filter((o) => !o.hidden).flatMap((o) =>
    o.forms.map((f): [string, string] => [formFlags(f), withChoices(f.description, f.choices)])
  );
}

function commandTerm(c: CommandSpec): string {
  const name = [c.name, ...(c.aliases ?? [])].join("|");
  if (c.argument) return `${name} <${c.argument.name}>`;
  return Object.keys(c.options).length ? `${name} [options]` : name;
}

/** Sections with their rows laid out in one shared column, then the page's tail. */
function page(
  head: string,
  sections: [string, [string, string][]][],
  after: string | undefined,
  width: number,
): string {
  const column = Math.max(...sections.flatMap(([, list]) => list.map(([t]) => t.length)));
  const body = sections.map(([title, list]) => `${title}:\n${rows(list, column, width)}`)
    .join("\n\n");
  return `${head}\n\n${body}\n${after ? flow(after, width) + "\n" : ""}`;
}

/** The help of the whole program, wrapped to `width` columns. */
export function programHelp(p: ProgramSpec, width = 80): string {
  const options: [string, string][] = [...optionRows(p.globals), HELP_ROW];
  const commands: [string, string][] = [
    ...p.commands.map((c): [string, string] => [commandTerm(c), c.description]),
    ["help [command]", "display help for command"],
  ];
  return page(
    `Usage: ${p.name} [options] [command]\n\n${wrap(p.description, 0, width)}`,
    [["Options", options], ["Commands", commands]],
    p.after,
    width,
  );
}

/** The help of one command, wrapped to `width` columns. */
export function commandHelp(p: ProgramSpec, c: CommandSpec, width = 80): string {
  const name = [c.name, ...(c.aliases ?? [])].join("|");
  const arg = c.argument ? ` <${c.argument.name}>` : "";
  const sections: [string, [string, string][]][] = [];
  if (c.argument) {
    const { description, choices } = c.argument;
    sections.push(["Arguments", [[c.argument.name, withChoices(description, choices)]]]);
  }
  sections.push(["Options", [...optionRows(c.options), HELP_ROW]]);
  return page(
    `Usage: ${p.name} ${name} [options]${arg}\n\n${wrap(c.description, 0, width)}`,
    sections,
    c.after,
    width,
  );
}

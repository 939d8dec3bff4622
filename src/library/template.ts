/** Folder and file name templates such as `{object}/{telescope}/{format}`. */

import { createHash } from "node:crypto";
import { ConfigError } from "../errors.ts";
import type { Item } from "../slooh/types.ts";
import { objectName } from "./catalog.ts";
import { fileFormat } from "./file_format.ts";
import { opticalFilter } from "./optical_filter.ts";
import { sanitizeComponent } from "./sanitize.ts";

/** Every placeholder a template may use; `{type}` is an alias of `{format}`. */
export const PLACEHOLDERS = [
  "object",
  "title",
  "telescope",
  "instrument",
  "format",
  "type",
  "filter",
  "date",
  "year",
  "month",
  "day",
  "mission",
  "id",
  "filename",
  "kind",
] as const;

/** A placeholder name as written in a template. */
export type Placeholder = typeof PLACEHOLDERS[number];

/** The values a template is rendered with, unsanitized; "" means "no value". */
export type TemplateVars = Record<Exclude<Placeholder, "type">, string>;

/** A piece of one path component: literal text or a placeholder (aliases already resolved). */
export type TemplatePart = { literal: string } | { placeholder: keyof TemplateVars };

/** A parsed template: one list of parts per folder level. */
export interface CompiledTemplate {
  readonly source: string;
  readonly components: readonly (readonly TemplatePart[])[];
}

/**
 * What an empty value renders as. Date parts say "undated" so undated images gather in one
 * visible folder instead of vanishing into their parent; {mission} says "none" because mission
 * id 0 means "captured outside any mission", which is not a mission called "0".
 */
const FALLBACKS: TemplateVars = {
  object: "Unknown",
  title: "Unknown",
  telescope: "Unknown",
  instrument: "Unknown",
  format: "Unknown",
  filter: "Unknown",
  date: "undated",
  year: "undated",
  month: "undated",
  day: "undated",
  mission: "none",
  id: "Unknown",
  filename: "Unknown",
  kind: "Unknown",
};

const ALIASES: Partial<Record<Placeholder, keyof TemplateVars>> = { type: "format" };

const VALID = PLACEHOLDERS.map((name) => `{${name}}`).join(", ");
const HINT = `placeholders are written like {object}; valid: ${VALID}`;

/** The placeholder a name refers to, aliases resolved, or null when it is not one. */
function resolvePlaceholder(name: string): keyof TemplateVars | null {
  const key = name.trim().toLowerCase();
  const known = PLACEHOLDERS.find((p) => p === key);
  if (known === undefined) return null;
  return ALIASES[known] ?? (known as keyof TemplateVars);
}

/** The parts of one path component, or a ConfigError naming the first problem. */
function parseComponent(text: string, source: string, what: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let rest = text;
  while (rest !== "") {
    const open = rest.indexOf("{");
    const close = rest.indexOf("}");
    if (close >= 0 && (open < 0 || close < open)) {
      throw new ConfigError(`Unbalanced "}" in ${what} ${JSON.stringify(source)}; ${HINT}`);
    }
    if (open < 0) {
      parts.push({ literal: rest });
      break;
    }
    if (open > 0) parts.push({ literal: rest.slice(0, open) });
    const end = rest.indexOf("}", open);
    const nested = rest.indexOf("{", open + 1);
    if (end < 0 || (nested >= 0 && nested < end)) {
      throw new ConfigError(`Unbalanced "{" in ${what} ${JSON.stringify(source)}; ${HINT}`);
    }
    const name = rest.slice(open + 1, end);
    const placeholder = resolvePlaceholder(name);
    if (placeholder === null) {
      throw new ConfigError(`Unknown placeholder {${name}} in ${what}; valid: ${VALID}`);
    }
    parts.push({ placeholder });
    rest = rest.slice(end + 1);
  }
  return parts;
}

/**
 * Parses a template; `what` names it in errors (e.g. "folders.template").
 *
 * Both "/" and "\" separate folder levels, so templates written for Windows (as SloohDownloader's
 * were) keep working. Empty levels ("a//b", a leading "/") are ignored: a template can only
 * describe a path inside the library.
 */
export function compileTemplate(template: string, what: string): CompiledTemplate {
  const components: TemplatePart[][] = [];
  for (const text of template.split(/[\/\\]/)) {
    if (text.trim() === "") continue;
    if (text.trim() === "." || text.trim() === "..") {
      throw new ConfigError(
        `${what} ${JSON.stringify(template)} may not contain "." or ".." folders`,
      );
    }
    components.push(parseComponent(text, template, what));
  }
  return { source: template, components };
}

/**
 * The sanitized path components of a template for these values.
 *
 * Each value is sanitized before it is substituted, so a "/" in a title becomes "-" and can never
 * add a folder level. Components that sanitize to nothing are dropped.
 */
export function renderTemplate(t: CompiledTemplate, vars: TemplateVars): string[] {
  const out: string[] = [];
  for (const parts of t.components) {
    const text = parts.map((part) =>
      "literal" in part
        ? part.literal
        : sanitizeComponent(vars[part.placeholder], FALLBACKS[part.placeholder])
    ).join("");
    const component = sanitizeComponent(text, "");
    if (component !== "") out.push(component);
  }
  return out;
}

/** A short stable hash of a text, for names that must differ without being long. */
export function shortHash(text: string, length = 8): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** The item's id for names: its imageId, or a short hash of its key when Slooh gave none. */
export function itemId(item: Item): string {
  return item.imageId !== null ? String(item.imageId) : shortHash(item.key);
}

/** Zero-padded decimal. */
const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** The template values of an item; date parts are UTC so a library is the same in every zone. */
export function templateVars(item: Item): TemplateVars {
  const at = item.capturedAt !== null && !Number.isNaN(item.capturedAt.getTime())
    ? item.capturedAt
    : null;
  const year = at ? pad(at.getUTCFullYear(), 4) : "";
  const month = at ? pad(at.getUTCMonth() + 1, 2) : "";
  const day = at ? pad(at.getUTCDate(), 2) : "";
  return {
    object: objectName(item.title),
    title: item.title,
    telescope: item.telescope,
    instrument: item.instrument,
    format: fileFormat(item.filename),
    filter: opticalFilter(item.filename),
    date: at ? `${year}-${month}-${day}` : "",
    year,
    month,
    day,
    mission: item.missionId > 0 ? String(item.missionId) : "",
    id: itemId(item),
    filename: item.filename,
    kind: item.kind,
  };
}

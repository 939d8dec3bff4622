/** Where each item goes inside the library. */

import { ConfigError } from "../errors.ts";
import type { Item } from "../slooh/types.ts";
import {
  MAX_COMPONENT_BYTES,
  sanitizeComponent,
  splitExtension,
  truncateText,
  utf8Length,
} from "./sanitize.ts";
import {
  type CompiledTemplate,
  compileTemplate,
  itemId,
  renderTemplate,
  shortHash,
  type TemplateVars,
  templateVars,
} from "./template.ts";
import { DEFAULT_FILE_TEMPLATE, DEFAULT_FOLDER_TEMPLATE } from "../config/defaults.ts";

/**
 * Longest relative path produced, in UTF-16 units as Windows counts them: it leaves a library
 * root of about 20 characters ("D:\Slooh\") under the classic 260-character MAX_PATH.
 */
export const MAX_RELATIVE_PATH = 240;

/** Shortest a folder name is cut to; below this names stop being recognisable. */
const MIN_FOLDER_CHARS = 24;

/** Shortest stem a file name is cut to, before its extension. */
const MIN_STEM_CHARS = 24;

/** Marks a shortened name; the hash after it keeps distinct long names distinct. */
const SHORTENED = "~";
const HASH_CHARS = 6;

/** Config keys named in template errors. */
export interface TemplateNames {
  folder: string;
  file: string;
}

/** The name, shortened to `maxChars` with a stable hash of the full name so it stays distinct. */
function shorten(name: string, maxChars: number, keepExtension: boolean): string {
  if (name.length <= maxChars) return name;
  // Folder names have no extension: "(DCLD 301.0-08.6)" only looks like one.
  const [stem, ext] = keepExtension ? splitExtension(name) : [name, ""];
  const tag = SHORTENED + shortHash(name, HASH_CHARS);
  const room = Math.max(1, maxChars - tag.length - ext.length);
  const prefix = sanitizeComponent(truncateText(stem, MAX_COMPONENT_BYTES, room), "");
  return sanitizeComponent(prefix + tag + ext);
}

/** Total length of the components joined with "/". */
function joinedLength(components: string[]): number {
  return components.reduce((sum, c) => sum + c.length, 0) + components.length - 1;
}

/**
 * Components whose joined length fits MAX_RELATIVE_PATH where possible.
 *
 * Rule: folder names are cut first, longest first, all to one common length, never below
 * MIN_FOLDER_CHARS; if that is not enough, the file name's stem is cut (never below
 * MIN_STEM_CHARS, the extension is kept). A cut name ends in "~" and a hash of the full name.
 */
function fitLength(folders: string[], file: string): string[] {
  if (joinedLength([...folders, file]) <= MAX_RELATIVE_PATH) return [...folders, file];
  const budget = MAX_RELATIVE_PATH - file.length - folders.length;
  let cap = Math.max(MIN_FOLDER_CHARS, ...folders.map((f) => f.length));
  while (
    cap > MIN_FOLDER_CHARS &&
    folders.reduce((sum, f) => sum + Math.min(f.length, cap), 0) > budget
  ) cap--;
  const cut = folders.map((f) => shorten(f, cap, false));
  const room = MAX_RELATIVE_PATH - joinedLength([...cut, ""]);
  const [, ext] = splitExtension(file);
  return [...cut, shorten(file, Math.max(room, MIN_STEM_CHARS + ext.length), true)];
}

/** The file name with the original file's extension, appended when the template dropped it. */
function withExtension(name: string, filename: string): string {
  const [, ext] = splitExtension(filename.slice(filename.lastIndexOf("/") + 1));
  if (ext === "" || name.toLowerCase().endsWith(ext.toLowerCase())) return name;
  return sanitizeComponent(name + ext);
}

/** Maps items to library paths with a folder template and a file name template. */
export class Layout {
  readonly #folders: CompiledTemplate;
  readonly #file: CompiledTemplate;

  /** Compiles both templates; throws ConfigError naming the config key on any mistake. */
  constructor(
    folderTemplate: string = DEFAULT_FOLDER_TEMPLATE,
    fileTemplate: string = DEFAULT_FILE_TEMPLATE,
    names: TemplateNames = { folder: "folders.template", file: "folders.filename_template" },
  ) {
    this.#folders = compileTemplate(folderTemplate, names.folder);
    this.#file = compileTemplate(fileTemplate, names.file);
    const components = this.#file.components;
    if (components.length !== 1) {
      throw new ConfigError(
        `${names.file} ${JSON.stringify(fileTemplate)} must be one file name, without "/"; ` +
          `put folders in ${names.folder}`,
      );
    }
    // A file template without placeholders would give every file the same name.
    if (components[0].every((part) => "literal" in part)) {
      throw new ConfigError(
        `${names.file} ${JSON.stringify(fileTemplate)} needs a placeholder such as {filename}`,
      );
    }
  }

  /**
   * The "/"-separated path of the item relative to the library root, file name last; `known`
   * replaces values learnt after planning (`refile` files a frame by its header's filter).
   */
  relativePath(item: Item, known: Partial<TemplateVars> = {}): string {
    const vars = { ...templateVars(item), ...known };
    const folders = renderTemplate(this.#folders, vars);
    const rendered = renderTemplate(this.#file, vars)[0] ?? sanitizeComponent(item.filename);
    return fitLength(folders, withExtension(rendered, item.filename)).join("/");
  }
}

/**
 * A distinct alternative to `relPath` for when another item already has it.
 *
 * It inserts `__<id>` before the extension, id being the imageId or a hash of the key. It depends
 * only on the item, so a later run picks the same name; applying it twice changes nothing.
 */
export function disambiguate(relPath: string, item: Item): string {
  const slash = relPath.lastIndexOf("/");
  const dir = relPath.slice(0, slash + 1);
  const [stem, ext] = splitExtension(relPath.slice(slash + 1));
  const tag = `__${itemId(item)}`;
  if (stem.endsWith(tag)) return relPath;
  const maxBytes = MAX_COMPONENT_BYTES - utf8Length(tag + ext);
  const maxChars = Math.max(
    MIN_STEM_CHARS,
    MAX_RELATIVE_PATH - dir.length - tag.length - ext.length,
  );
  return dir + truncateText(stem, maxBytes, maxChars) + tag + ext;
}

/**
 * The i-th stable alternative to a taken path: `disambiguate` first, then `-1`, `-2`… after it.
 * Downloads and `refile` pick alternatives alike, so a re-filed library looks like a fresh one.
 */
export function alternative(path: string, item: Item, i: number): string {
  const base = disambiguate(path, item);
  if (i === 0) return base;
  const dot = base.lastIndexOf(".");
  return dot > base.lastIndexOf("/")
    ? `${base.slice(0, dot)}-${i}${base.slice(dot)}`
    : `${base}-${i}`;
}

/** Parsers of option values, and the options several commands share. */
import { hidden, InvalidValue, type Opt, valued } from "./option.ts";
import { parseInterval } from "./interval.ts";

/** A parser of whole numbers in [min, max]. */
export function intArg(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidValue(
        max === Number.MAX_SAFE_INTEGER
          ? `expected a whole number of at least ${min}`
          : `expected a whole number from ${min} to ${max}`,
      );
    }
    return n;
  };
}

/** A folder argument; an empty one (an unset variable) would silently mean the working folder. */
export function folderArg(value: string): string {
  if (!value.trim()) throw new InvalidValue("a folder cannot be empty");
  return value;
}

/** A file argument; an empty one would silently mean the default file. */
export function fileArg(value: string): string {
  if (!value.trim()) throw new InvalidValue("a file name cannot be empty");
  return value;
}

/** `-d, --directory <dir>`, the library folder. */
export function directoryOption(description = "library folder"): Opt<string | undefined> {
  return valued("-d, --directory <dir>", description, folderArg);
}

/** `--library`, the alias of `-d/--directory` that every command accepts. */
export function libraryAlias(): Opt<string | undefined> {
  return hidden(valued("--library <dir>", "same as --directory", folderArg));
}

/** A `--watch` interval ("90s", "30m", "2h"), in milliseconds. */
export function intervalArg(value: string): number {
  const ms = parseInterval(value);
  if (ms === null) {
    throw new InvalidValue('expected an interval from 1s to 24d, like "90s", "30m" or "2h"');
  }
  return ms;
}

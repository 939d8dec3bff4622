/** Parsers of option values, turning bad input into commander's one-line usage errors. */
import { InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { parseInterval } from "./interval.ts";

/** A parser of whole numbers in [min, max]. */
export function intArg(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(
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
  if (!value.trim()) throw new InvalidArgumentError("a folder cannot be empty");
  return value;
}

/** `--library`, the alias of `-d/--directory` that every command accepts. */
export function libraryAlias() {
  return new Option("--library <dir>", "same as --directory").hideHelp().argParser(folderArg);
}

/** Collects the values of an option given several times. */
export function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A `--watch` interval ("90s", "30m", "2h"), in milliseconds. */
export function intervalArg(value: string): number {
  const ms = parseInterval(value);
  if (ms === null) {
    throw new InvalidArgumentError(
      'expected an interval from 1s to 24d, like "90s", "30m" or "2h"',
    );
  }
  return ms;
}

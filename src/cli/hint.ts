/** The commands slooh-dl suggests, spelled with the --config and -d the user gave, so they work. */

/** What the user typed that a suggested command must repeat. */
export interface GivenPlaces {
  config?: string;
  directory?: string;
}

/** A word as a POSIX shell reads it back unchanged. */
export function shellWord(word: string): string {
  return /^[\w.,:/@+=-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** `slooh-dl [--config F] <command> [-d DIR] [args]`, e.g. "slooh-dl retry -d ~/Slooh". */
export function commandHint(command: string, given: GivenPlaces, args: string[] = []): string {
  const words = ["slooh-dl"];
  if (given.config !== undefined) words.push("--config", shellWord(given.config));
  words.push(command);
  if (given.directory !== undefined) words.push("-d", shellWord(given.directory));
  return [...words, ...args].join(" ");
}

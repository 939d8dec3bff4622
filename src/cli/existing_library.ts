/** The library a command that reads its records works on: named, and made by a download. */
import { ConfigError } from "../errors.ts";
import { isLibrary, STATE_DIR } from "../library/library_dirs.ts";

/** The library folder, or a usage error saying how to name one or make one. */
export function existingLibrary(library: string): string {
  if (!library) {
    throw new ConfigError(
      "No library folder: pass -d <folder>, or set folders.base_path (slooh-dl configure)",
    );
  }
  if (!isLibrary(library)) {
    throw new ConfigError(
      `${library} is not a slooh-dl library yet (no ${STATE_DIR}/state.db); ` +
        "run `slooh-dl download` first",
    );
  }
  return library;
}

/** The key under which library paths are unique. */

/** Case and Unicode form folded, as macOS and Windows do: two paths with one key are one file. */
export function pathKey(path: string): string {
  return path.normalize("NFC").toLowerCase();
}

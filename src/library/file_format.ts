/** The file format of a Slooh file, from the extension of its name or URL. */

/** The extension of the last path segment (query and fragment ignored), "" when it has none. */
function extensionOf(filename: string): string {
  const noQuery = filename.replace(/[?#].*$/s, "");
  const name = noQuery.slice(noQuery.search(/[^\/\\]*$/));
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot + 1).toLowerCase();
}

/** The file format from the extension ("x.fit" → "FITS"), or "Unknown" when there is none. */
export function fileFormat(filename: string): string {
  const ext = extensionOf(filename);
  switch (ext) {
    case "fit":
    case "fits":
    case "fts":
      return "FITS";
    case "jpg":
    case "jpeg":
      return "JPEG";
    case "tif":
    case "tiff":
      return "TIFF";
    default:
      return /^[a-z0-9]{1,10}$/.test(ext) ? ext.toUpperCase() : "Unknown";
  }
}

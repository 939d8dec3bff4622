/** Recognises what a file's first bytes really are, so an error page is never saved as an image. */

/** What the first bytes of a body look like. */
export type Signature = "png" | "jpeg" | "fits" | "html" | "json" | "other";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Classifies a body by its first bytes (16 are enough). */
export function sniff(head: Uint8Array): Signature {
  if (PNG.every((b, i) => head[i] === b)) return "png";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  const text = new TextDecoder().decode(head.subarray(0, 16)).trimStart().toLowerCase();
  if (text.startsWith("simple  =") || text.startsWith("simple =")) return "fits";
  if (text.startsWith("<")) return "html";
  if (text.startsWith("{") || text.startsWith("[")) return "json";
  return "other";
}

/** The signature a file name promises, or null when its extension promises nothing. */
export function expectedSignature(filename: string): Signature | null {
  const ext = filename.slice(filename.lastIndexOf(".") + 1).toLowerCase();
  if (ext === "png") return "png";
  if (ext === "jpg" || ext === "jpeg") return "jpeg";
  if (ext === "fit" || ext === "fits" || ext === "fts") return "fits";
  return null;
}

/** Why a body cannot be the file named `filename`, or null when it can. */
export function signatureProblem(filename: string, head: Uint8Array): string | null {
  const got = sniff(head);
  const want = expectedSignature(filename);
  if (want !== null && got !== want) {
    return got === "html" || got === "json"
      ? `server sent an ${got.toUpperCase()} page instead of the ${want.toUpperCase()} file`
      : `content is not a ${want.toUpperCase()} file`;
  }
  if (want === null && (got === "html" || got === "json")) {
    return `server sent an ${got.toUpperCase()} page instead of the file`;
  }
  return null;
}

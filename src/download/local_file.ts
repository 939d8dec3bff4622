/** Files already on the local disk: their size, hash and head. */
import type { Hash } from "node:crypto";
import { fileChunks } from "../library/file_hash.ts";

/** The sha256 (hex) of a whole file. */
export { sha256OfFile as sha256File } from "../library/file_hash.ts";
export { sizeIfAnySync, statSize, statSizeSync } from "../library/file_size.ts";

/** Feeds a whole file into `hash`; its size and first 16 bytes (for the signature check). */
export async function hashFile(
  path: string,
  hash: Hash,
): Promise<{ size: number; head: Uint8Array }> {
  let head: Uint8Array = new Uint8Array(0);
  let size = 0;
  for await (const chunk of fileChunks(path)) {
    head = extendHead(head, chunk);
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, head };
}

/** The first 16 bytes seen so far, once `chunk` follows those in `head` (a copy: chunks are reused). */
export function extendHead(head: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (head.length >= 16) return head;
  const out = new Uint8Array(Math.min(16, head.length + chunk.length));
  out.set(head);
  out.set(chunk.subarray(0, out.length - head.length), head.length);
  return out;
}

/** The first 16 bytes of a file. */
export async function readHead(path: string): Promise<Uint8Array> {
  using f = await Deno.open(path);
  const buf = new Uint8Array(16);
  const n = await f.read(buf);
  return buf.subarray(0, n ?? 0);
}

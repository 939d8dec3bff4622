import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { hashInto, sha256OfFile } from "../../src/library/file_hash.ts";
import {
  type CheckEvent,
  checkFiles,
  isIgnored,
  type RecordedFile,
  unknownFiles,
} from "../../src/library/verify.ts";
import { tempDir } from "../helpers.ts";

Deno.test("sha256OfFile matches a one-shot hash across chunk boundaries", async () => {
  const dir = await tempDir();
  try {
    const bytes = new Uint8Array((1 << 20) * 3 + 12345).map((_, i) => (i * 31) & 0xff);
    await Deno.writeFile(join(dir, "f"), bytes);
    assert.equal(
      await sha256OfFile(join(dir, "f")),
      createHash("sha256").update(bytes).digest("hex"),
    );
    const chunks: number[] = [];
    for await (const n of hashInto(join(dir, "f"), createHash("sha256"))) chunks.push(n);
    assert.equal(chunks.reduce((a, n) => a + n, 0), bytes.length);
    assert.ok(chunks.length > 1, "read in one piece");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("checkFiles: intact, missing, same-size damaged and resized files, every byte counted", async () => {
  const dir = await tempDir();
  try {
    const files: RecordedFile[] = [];
    for (const name of ["ok", "gone", "flipped", "grown"]) {
      const bytes = new TextEncoder().encode(`content of ${name}`);
      await Deno.mkdir(join(dir, "a"), { recursive: true });
      await Deno.writeFile(join(dir, "a", name), bytes);
      files.push({
        key: name,
        path: `a/${name}`,
        size: bytes.length,
        sha256: createHash("sha256").update(bytes).digest("hex"),
      });
    }
    await Deno.remove(join(dir, "a", "gone"));
    const flipped = await Deno.readFile(join(dir, "a", "flipped"));
    flipped[0] ^= 1;
    await Deno.writeFile(join(dir, "a", "flipped"), flipped);
    await Deno.writeTextFile(join(dir, "a", "grown"), "!", { append: true });
    const events: CheckEvent[] = [];
    for await (const e of checkFiles(dir, files)) events.push(e);
    const verdicts = Object.fromEntries(
      events.flatMap((e) => e.type === "checked" ? [[e.file.key, e.problem]] : []),
    );
    assert.deepEqual(verdicts, { ok: null, gone: "missing", flipped: "damaged", grown: "damaged" });
    const hashed = events.reduce((a, e) => a + (e.type === "bytes" ? e.n : 0), 0);
    assert.equal(hashed, files[0].size + files[2].size, "only same-size files are read");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("unknown files: the gallery, the state folder and desktop clutter are not reported", async () => {
  assert.equal(isIgnored("index.html"), true);
  assert.equal(isIgnored("M42/index.html"), false);
  assert.equal(isIgnored(".slooh-dl/gallery/page.html"), true);
  assert.equal(isIgnored("M42/.DS_Store"), true);
  assert.equal(isIgnored("M42/Thumbs.db"), true);
  const dir = await tempDir();
  try {
    for (const p of ["M42/a.png", "M42/B.png", "M42/.DS_Store", "index.html", "x/y/z.txt"]) {
      await Deno.mkdir(join(dir, p, ".."), { recursive: true });
      await Deno.writeTextFile(join(dir, p), "");
    }
    // Known paths compare as the state stores them: case and Unicode form folded.
    assert.deepEqual(await unknownFiles(dir, ["M42/A.png", "M42/b.png"]), ["x/y/z.txt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

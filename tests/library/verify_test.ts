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
import { type Hasher, hashHere, hashOnWorkers } from "../../src/library/hash_pool.ts";
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

/**
 * A library of `names` (each `a/<name>`, `size` bytes, distinct content) and its record; then
 * "gone" is removed, "flipped" gets one bit flipped, "grown" one byte more.
 */
async function damagedLibrary(dir: string, names: string[], size: number) {
  const files: RecordedFile[] = [];
  await Deno.mkdir(join(dir, "a"), { recursive: true });
  for (const [i, name] of names.entries()) {
    const bytes = new Uint8Array(size).map((_, k) => (k * 7 + i * 13 + (k >> 12)) & 0xff);
    await Deno.writeFile(join(dir, "a", name), bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    files.push({ key: name, path: `a/${name}`, size, sha256 });
  }
  await Deno.remove(join(dir, "a", "gone"));
  const flipped = await Deno.readFile(join(dir, "a", "flipped"));
  flipped[size >> 1] ^= 1;
  await Deno.writeFile(join(dir, "a", "flipped"), flipped);
  await Deno.writeTextFile(join(dir, "a", "grown"), "!", { append: true });
  return files;
}

const NAMES = ["ok", "gone", "flipped", "grown", "ok2", "ok3"];
const EXPECTED = {
  ok: null,
  gone: "missing",
  flipped: "damaged",
  grown: "damaged",
  ok2: null,
  ok3: null,
};

for (
  const [label, hasher] of [
    ["on two workers", (paths: readonly string[]) => hashOnWorkers(paths, 2)],
    ["on this thread (no workers allowed)", hashHere],
  ] as [string, Hasher][]
) {
  Deno.test(`checkFiles ${label}: every verdict right, every byte read counted`, async () => {
    const dir = await tempDir();
    try {
      // 9 MiB + 5: over a worker's 8 MiB progress step and not a whole number of chunks.
      const size = (9 << 20) + 5;
      const files = await damagedLibrary(dir, NAMES, size);
      const events: CheckEvent[] = [];
      for await (const e of checkFiles(dir, files, hasher)) events.push(e);
      const checked = events.flatMap((e) => e.type === "checked" ? [[e.file.key, e.problem]] : []);
      assert.equal(checked.length, files.length, "one verdict per file");
      assert.deepEqual(Object.fromEntries(checked), EXPECTED);
      const hashed = events.reduce((a, e) => a + (e.type === "bytes" ? e.n : 0), 0);
      // Only same-size files are read: ok, flipped, ok2, ok3.
      assert.equal(hashed, 4 * size);
      assert.ok(events.filter((e) => e.type === "bytes").length >= 8, "progress within files");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("checkFiles with its default hasher: the same verdicts, each after its file's bytes", async () => {
  const dir = await tempDir();
  try {
    const files = await damagedLibrary(dir, NAMES, 1000);
    const events: CheckEvent[] = [];
    for await (const e of checkFiles(dir, files)) events.push(e);
    const verdicts = Object.fromEntries(
      events.flatMap((e) => e.type === "checked" ? [[e.file.key, e.problem]] : []),
    );
    assert.deepEqual(verdicts, EXPECTED);
    // A verdict on a hashed file comes after its bytes: no verdict precedes all reading.
    const firstBytes = events.findIndex((e) => e.type === "bytes");
    const okAt = events.findIndex((e) => e.type === "checked" && e.file.key === "ok");
    assert.ok(firstBytes >= 0 && firstBytes < okAt);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hashOnWorkers: a file that cannot be read fails the run in one line", async () => {
  const dir = await tempDir();
  try {
    await assert.rejects(async () => {
      for await (const _ of hashOnWorkers([join(dir, "nothing-here")], 1)) { /* drain */ }
    }, /NotFound: No such file.*nothing-here/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("unknown files: the gallery, the state folder and desktop clutter are not reported", async () => {
  assert.equal(isIgnored("index.html"), true);
  assert.equal(isIgnored("M42/index.html"), false);
  // The checksum list the README has export write at the top is slooh-dl's own.
  assert.equal(isIgnored("SHA256SUMS"), true);
  assert.equal(isIgnored("M42/SHA256SUMS"), false);
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

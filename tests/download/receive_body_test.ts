/** Receiving a body into the partial file: every byte once, its hash, and what a failure leaves. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { receiveBody } from "../../src/download/receive_body.ts";
import { TransferError } from "../../src/download/transfer_error.ts";
import { Watchdog } from "../../src/download/watchdog.ts";
import type { BodySource } from "../../src/net/file_host.ts";

/** Random bytes that start like a PNG file, so the signature check passes. */
function pngBytes(size: number): Uint8Array {
  const data = new Uint8Array(size);
  for (let off = 0; off < size; off += 65536) {
    crypto.getRandomValues(data.subarray(off, Math.min(size, off + 65536)));
  }
  data.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return data;
}

/** A body served in reads of at most `piece` bytes, failing once `failAfter` bytes are out. */
function source(data: Uint8Array, piece: number, failAfter = Infinity): BodySource {
  let off = 0;
  return {
    read(into) {
      if (off >= failAfter) return Promise.reject(new Error("connection reset"));
      if (off >= data.length) return Promise.resolve(null);
      const n = Math.min(into.length, piece, data.length - off, failAfter - off);
      into.set(data.subarray(off, off + n));
      off += n;
      return Promise.resolve(n);
    },
    cancel() {},
  };
}

/** A partial file in memory; its `failAt`-th write writes half and the next one fails. */
function memoryFile(failAt = Infinity) {
  const bytes: number[] = [];
  let calls = 0;
  const write = (d: Uint8Array) => {
    calls++;
    if (calls === failAt + 1) throw new Error("Input/output error (os error 5)");
    const n = calls === failAt ? d.length >> 1 : d.length;
    for (let i = 0; i < n; i++) bytes.push(d[i]);
    return n;
  };
  const file = {
    write: (d: Uint8Array) => {
      try {
        return Promise.resolve(write(d));
      } catch (e) {
        return Promise.reject(e);
      }
    },
    writeSync: write,
  } as unknown as Deno.FsFile;
  return { file, bytes: () => new Uint8Array(bytes) };
}

async function receive(body: BodySource, file: Deno.FsFile, total: number | null) {
  const controller = new AbortController();
  using dog = new Watchdog(controller, { idleTimeoutMs: 60_000, stallTimeoutMs: 60_000 });
  return await receiveBody({
    body,
    file,
    partPath: "/nonexistent/x.part",
    filename: "x.png",
    fits: false,
    resumedFrom: 0,
    total,
    dog,
    signal: controller.signal,
  });
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

Deno.test("a body larger than the write buffer reaches the file once, with its hash", async () => {
  const data = pngBytes(3 * 1024 * 1024 + 12345);
  const mem = memoryFile();
  const got = await receive(source(data, 70_000), mem.file, data.length);
  assert.equal(got.size, data.length);
  assert.equal(got.sha256, sha256(data));
  assert.deepEqual(mem.bytes(), data);
});

Deno.test("a body cut off keeps every byte that arrived, once, and fails as a network error", async () => {
  const data = pngBytes(3 * 1024 * 1024);
  const mem = memoryFile();
  const err = await receive(source(data, 70_000, 1_500_000), mem.file, data.length).catch((e) => e);
  assert.ok(err instanceof TransferError, String(err));
  assert.equal(err.retryable, true);
  assert.match(err.message, /network error: connection reset/);
  assert.deepEqual(mem.bytes(), data.subarray(0, 1_500_000));
});

Deno.test("a write that fails half-way is a local error, and nothing is written twice", async () => {
  const data = pngBytes(3 * 1024 * 1024);
  const mem = memoryFile(2);
  const err = await receive(source(data, 70_000), mem.file, data.length).catch((e) => e);
  assert.ok(err instanceof TransferError, String(err));
  assert.equal(err.retryable, false);
  assert.match(err.message, /cannot write the partial file: Input\/output error/);
  const inFile = mem.bytes();
  assert.ok(inFile.length > 1024 * 1024 && inFile.length < 2 * 1024 * 1024, String(inFile.length));
  assert.deepEqual(inFile, data.subarray(0, inFile.length), "the file holds a prefix of the body");
});

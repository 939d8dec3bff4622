import assert from "node:assert/strict";
import { join } from "node:path";
import {
  describeMachine,
  readHead,
  readMachine,
  targetMachine,
} from "../../scripts/binary_header.ts";
import { TARGETS } from "../../scripts/compile.ts";
import { tempDir } from "../helpers.ts";

/** A header of `size` zero bytes with the given fields written at their offsets. */
function header(size: number, fields: [offset: number, bytes: number[]][]): Uint8Array {
  const b = new Uint8Array(size);
  for (const [offset, bytes] of fields) b.set(bytes, offset);
  return b;
}

const ELF_IDENT = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]; // 64-bit, little-endian, version 1
const elf = (machine: number) =>
  header(64, [[0, ELF_IDENT], [16, [3, 0]], [18, [machine & 0xff, machine >> 8]]]);
// MH_MAGIC_64 and a CPU type, both in the file's little-endian order.
const macho = (cpu: number) =>
  header(32, [[0, [0xcf, 0xfa, 0xed, 0xfe]], [4, [cpu & 0xff, 0, 0, cpu >>> 24]]]);
/** "MZ", e_lfanew at 0x3c pointing at "PE\0\0", then the COFF Machine field. */
const pe = (machine: number, at = 0x80) =>
  header(at + 24, [
    [0, [0x4d, 0x5a]],
    [0x3c, [at & 0xff, at >> 8, 0, 0]],
    [at, [0x50, 0x45, 0, 0]],
    [at + 4, [machine & 0xff, machine >> 8]],
  ]);

Deno.test("ELF e_machine, Mach-O CPU type and PE machine name the CPU", () => {
  assert.deepEqual(readMachine(elf(0x3e)), { format: "ELF", cpu: "x86_64" });
  assert.deepEqual(readMachine(elf(0xb7)), { format: "ELF", cpu: "aarch64" });
  assert.deepEqual(readMachine(macho(0x0100000c)), { format: "Mach-O", cpu: "aarch64" });
  assert.deepEqual(readMachine(macho(0x01000007)), { format: "Mach-O", cpu: "x86_64" });
  assert.deepEqual(readMachine(pe(0x8664)), { format: "PE", cpu: "x86_64" });
  assert.deepEqual(readMachine(pe(0xaa64, 0xf8)), { format: "PE", cpu: "aarch64" });
  assert.deepEqual(readMachine(pe(0x014c)), { format: "PE", cpu: "x86" });
  // A CPU the table does not name keeps its number, so it never passes for a known one.
  assert.deepEqual(readMachine(elf(0xf3)), { format: "ELF", cpu: "0x00f3" });
});

Deno.test("a big-endian ELF or Mach-O is read in its own byte order", () => {
  const be = header(64, [[0, [0x7f, 0x45, 0x4c, 0x46, 2, 2, 1, 0]], [18, [0x00, 0xb7]]]);
  assert.deepEqual(readMachine(be), { format: "ELF", cpu: "aarch64" });
  const beMacho = header(32, [[0, [0xfe, 0xed, 0xfa, 0xcf]], [4, [0x01, 0, 0, 0x07]]]);
  assert.deepEqual(readMachine(beMacho), { format: "Mach-O", cpu: "x86_64" });
});

Deno.test("text, truncated headers and an MZ stub without PE are no executable", () => {
  assert.equal(readMachine(new TextEncoder().encode("#!/bin/sh\necho deno 2.9.6\n")), null);
  assert.equal(readMachine(elf(0x3e).subarray(0, 19)), null);
  assert.equal(readMachine(pe(0x8664, 0x200).subarray(0, 0x100)), null);
  assert.equal(readMachine(header(0x100, [[0, [0x4d, 0x5a]], [0x3c, [0x80]]])), null);
  assert.equal(readMachine(new Uint8Array()), null);
  assert.equal(describeMachine(null), "no ELF, Mach-O or PE executable");
});

Deno.test("each release target needs its own format and CPU", () => {
  assert.deepEqual(TARGETS.map((t) => describeMachine(targetMachine(t))), [
    "ELF x86_64",
    "ELF aarch64",
    "Mach-O x86_64",
    "Mach-O aarch64",
    "PE x86_64",
  ]);
  assert.throws(() => targetMachine("wasm32-unknown-unknown"), /no executable format/);
});

Deno.test("the running deno's own file reads as this machine's target", async () => {
  const head = await readHead(Deno.execPath());
  assert.deepEqual(readMachine(head), targetMachine(Deno.build.target));
  const dir = await tempDir();
  try {
    const short = join(dir, "short");
    await Deno.writeFile(short, head.subarray(0, 10));
    assert.equal((await readHead(short)).length, 10);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

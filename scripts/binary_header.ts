/**
 * What an executable's first bytes say it runs on: ELF `e_machine`, Mach-O CPU type, PE machine.
 * A build checks its cross-compiled files with this, since it cannot run them.
 */

/** An executable format and CPU, e.g. `{ format: "ELF", cpu: "x86_64" }`. */
export interface Machine {
  format: "ELF" | "Mach-O" | "PE";
  /** `x86_64`, `aarch64`, or the raw number (`0x28`) of a CPU this table does not name. */
  cpu: string;
}

/** How many leading bytes `readMachine` needs for any file a build makes. */
export const HEADER_BYTES = 4096;

const ELF_CPUS: Record<number, string> = {
  0x03: "x86",
  0x28: "arm",
  0x3e: "x86_64",
  0xb7: "aarch64",
};
const MACHO_CPUS: Record<number, string> = {
  0x7: "x86",
  0xc: "arm",
  0x01000007: "x86_64",
  0x0100000c: "aarch64",
};
const PE_CPUS: Record<number, string> = { 0x014c: "x86", 0x8664: "x86_64", 0xaa64: "aarch64" };

const name = (table: Record<number, string>, n: number) =>
  table[n] ?? `0x${n.toString(16).padStart(4, "0")}`;

/** The format and CPU in a file's leading bytes, or null when they are none of ELF, Mach-O, PE. */
export function readMachine(head: Uint8Array): Machine | null {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const has = (end: number) => head.length >= end;
  if (has(20) && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) {
    // EI_DATA (byte 5) says the byte order of every later field: 1 little-endian, 2 big.
    return { format: "ELF", cpu: name(ELF_CPUS, view.getUint16(18, head[5] === 1)) };
  }
  if (has(8)) {
    const magic = view.getUint32(0, true);
    // MH_MAGIC(_64) read in the file's own order; the byte-swapped form marks a big-endian file.
    if (magic === 0xfeedfacf || magic === 0xfeedface) {
      return { format: "Mach-O", cpu: name(MACHO_CPUS, view.getUint32(4, true)) };
    }
    if (magic === 0xcffaedfe || magic === 0xcefaedfe) {
      return { format: "Mach-O", cpu: name(MACHO_CPUS, view.getUint32(4, false)) };
    }
  }
  if (has(0x40) && head[0] === 0x4d && head[1] === 0x5a) {
    // An MZ stub whose e_lfanew points at the "PE\0\0" signature, then the COFF Machine field.
    const pe = view.getUint32(0x3c, true);
    if (has(pe + 6) && view.getUint32(pe, true) === 0x00004550) {
      return { format: "PE", cpu: name(PE_CPUS, view.getUint16(pe + 4, true)) };
    }
  }
  return null;
}

/** The machine a target triple's executable must be, e.g. aarch64-apple-darwin → Mach-O aarch64. */
export function targetMachine(target: string): Machine {
  const cpu = target.split("-")[0];
  if (target.includes("-linux")) return { format: "ELF", cpu };
  if (target.includes("-apple-darwin")) return { format: "Mach-O", cpu };
  if (target.includes("-windows")) return { format: "PE", cpu };
  throw new Error(`no executable format known for ${target}`);
}

/** `ELF x86_64`, or a note that the bytes are no executable. */
export function describeMachine(m: Machine | null): string {
  return m ? `${m.format} ${m.cpu}` : "no ELF, Mach-O or PE executable";
}

/** The leading bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, n = HEADER_BYTES): Promise<Uint8Array> {
  using f = await Deno.open(path);
  const buf = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const r = await f.read(buf.subarray(got));
    if (r === null) break;
    got += r;
  }
  return buf.subarray(0, got);
}

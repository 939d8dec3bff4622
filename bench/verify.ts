/**
 * `verify` on a multi-GB library: slooh-dl re-hashing every file against its record, next to
 * `openssl dgst -sha256` and `xargs -P2 sha256sum` on the same files, all from the page cache
 * (each tool reads the files once before timing), so the figures compare hashing, not the disk.
 */
import { join } from "node:path";
import { State } from "../src/library/state.ts";
import { sha256OfFile } from "../src/library/file_hash.ts";
import { type BenchContext, freshDir, removeDir } from "./context.ts";
import { measure } from "./proc.ts";
import { median, secs } from "./stats.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
/** 80 files of 32 MiB: 2.5 GiB, FITS-sized. */
const FILES = 80;
const FILE_BYTES = 32 << 20;

/** Writes the files (pseudo-random, incompressible) and a state recording each with its sha256. */
async function buildLibrary(lib: string): Promise<string[]> {
  const paths: string[] = [];
  const block = new Uint8Array(1 << 20);
  for (let i = 0; i < FILES; i++) {
    const rel = `M${i % 10}/Canary One/FITS/frame_${String(i).padStart(3, "0")}.fit`;
    await Deno.mkdir(join(lib, rel, ".."), { recursive: true });
    using f = await Deno.open(join(lib, rel), { write: true, create: true, truncate: true });
    for (let off = 0; off < FILE_BYTES; off += block.length) {
      crypto.getRandomValues(block.subarray(0, 65536));
      for (let k = 65536; k < block.length; k += 65536) block.copyWithin(k, 0, 65536);
      block[0] = i;
      block[1] = off >> 20;
      await f.write(block);
    }
    paths.push(rel);
  }
  const state = State.open(lib);
  try {
    for (const [i, rel] of paths.entries()) {
      const key = `f${i}`;
      state.see({
        key,
        kind: "fits",
        imageId: null,
        customerImageId: null,
        missionId: i + 1,
        title: `Messier ${i % 10}`,
        telescope: "Canary One",
        instrument: "",
        capturedAt: new Date(Date.UTC(2025, 0, 1 + i)),
        url: `https://polaris.slooh.com/${rel}`,
        filename: rel.split("/").at(-1)!,
      }, null);
      state.assignPath(key, rel);
      state.markDone(key, FILE_BYTES, await sha256OfFile(join(lib, rel)));
    }
  } finally {
    state.close();
  }
  return paths;
}

async function timed(ctx: BenchContext, cmd: string, args: string[], cwd: string) {
  const walls: number[] = [];
  // No user config: a config folder that does not exist.
  const env = { XDG_CONFIG_HOME: join(ctx.work, "no-config"), NO_COLOR: "1" };
  for (let i = 0; i <= ctx.rounds; i++) {
    const r = await measure(cmd, args, { cwd, env });
    if (r.code !== 0) throw new Error(`${cmd} exited ${r.code}: ${r.stderr.slice(-2000)}`);
    if (i > 0) walls.push(r.wallMs); // the first round warms the page cache
  }
  return median(walls);
}

/** The verify scenario. */
export async function verify(ctx: BenchContext): Promise<void> {
  const lib = await freshDir(ctx, "verify");
  try {
    ctx.log(`verify: writing ${FILES} files of ${FILE_BYTES >> 20} MiB…`);
    const paths = await buildLibrary(lib);
    const gib = (FILES * FILE_BYTES) / 2 ** 30;
    const xargs = (tool: string[]) => [
      "-c",
      `printf '%s\\0' "$@" | xargs -0 ${tool.join(" ")} > /dev/null`,
      "sh",
      ...paths,
    ];
    const ours = await timed(ctx, Deno.execPath(), [
      "run",
      "--allow-all",
      MAIN,
      "verify",
      "-d",
      lib,
    ], lib);
    const openssl = await timed(ctx, "sh", xargs(["openssl", "dgst", "-sha256"]), lib);
    const sha256sum = await timed(ctx, "sh", xargs(["-P2", "-n8", "sha256sum"]), lib);
    const rate = (ms: number) => `${(gib * 1024 / (ms / 1000)).toFixed(0)} MiB/s`;
    const best = Math.min(openssl, sha256sum);
    ctx.figure(
      `verify: ${FILES} files, ${gib.toFixed(1)} GiB (page cache, median of ${ctx.rounds}): ` +
        `slooh-dl verify ${secs(ours)} (${rate(ours)}), openssl dgst -sha256 ${secs(openssl)} ` +
        `(${rate(openssl)}), xargs -P2 sha256sum ${secs(sha256sum)} (${rate(sha256sum)})`,
    );
    ctx.figure(
      `verify: slooh-dl / openssl ${(openssl / ours).toFixed(2)}x, / sha256sum -P2 ` +
        `${(sha256sum / ours).toFixed(2)}x, / the faster ${
          (best / ours).toFixed(2)
        }x (>= 1 is the goal)`,
    );
  } finally {
    await removeDir(lib);
  }
}

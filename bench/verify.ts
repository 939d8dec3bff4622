/**
 * `verify` on a multi-GB library: slooh-dl re-hashing every file against its record, next to
 * `openssl dgst -sha256` and `xargs -P2 sha256sum` on the same files, all from the page cache
 * (each tool reads the files once before timing), so the figures compare hashing, not the disk.
 */
import { join } from "node:path";
import { State } from "../src/library/state.ts";
import { sha256OfFile } from "../src/library/file_hash.ts";
import { type BenchContext, discardDir, freshDir } from "./context.ts";
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
      state.recordSeen({
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

/** One tool's command line, and the wall and CPU times of its rounds. */
interface Tool {
  name: string;
  cmd: string;
  args: string[];
  wallMs: number[];
  cpuMs: number[];
}

/**
 * Runs every tool once per round, interleaved, so a load that comes and goes on a shared machine
 * weighs on all of them alike; round 0 warms the page cache and is not counted. CPU time (user +
 * system, from GNU time) is the steadier figure when other work shares the cores.
 */
async function timeRounds(ctx: BenchContext, tools: Tool[], cwd: string): Promise<void> {
  // No user config: a config folder that does not exist.
  const env = { XDG_CONFIG_HOME: join(ctx.work, "no-config"), NO_COLOR: "1" };
  for (let round = 0; round <= ctx.rounds; round++) {
    for (const t of tools) {
      const r = await measure("/usr/bin/time", ["-f", "cpu %U %S", t.cmd, ...t.args], { cwd, env });
      if (r.code !== 0) throw new Error(`${t.name} exited ${r.code}: ${r.stderr.slice(-2000)}`);
      const m = r.stderr.match(/cpu ([\d.]+) ([\d.]+)\s*$/);
      if (!m) throw new Error(`no CPU time from /usr/bin/time: ${r.stderr.slice(-500)}`);
      if (round === 0) continue;
      t.wallMs.push(r.wallMs);
      t.cpuMs.push((Number(m[1]) + Number(m[2])) * 1000);
    }
  }
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
    const tool = (name: string, cmd: string, args: string[]): Tool => ({
      name,
      cmd,
      args,
      wallMs: [],
      cpuMs: [],
    });
    const tools = [
      tool("slooh-dl verify", Deno.execPath(), ["run", "--allow-all", MAIN, "verify", "-d", lib]),
      tool("openssl dgst -sha256", "sh", xargs(["openssl", "dgst", "-sha256"])),
      tool("xargs -P2 sha256sum", "sh", xargs(["-P2", "-n8", "sha256sum"])),
    ];
    await timeRounds(ctx, tools, lib);
    const rate = (ms: number) => `${(gib * 1024 / (ms / 1000)).toFixed(0)} MiB/s`;
    const [ours, openssl, sha256sum] = tools.map((t) => ({
      wall: median(t.wallMs),
      cpu: median(t.cpuMs),
    }));
    ctx.figure(
      `verify: ${FILES} files, ${
        gib.toFixed(1)
      } GiB from the page cache, median of ${ctx.rounds} ` +
        `interleaved rounds (wall, CPU): ` +
        tools.map((t) =>
          `${t.name} ${secs(median(t.wallMs))} ${rate(median(t.wallMs))}, CPU ${
            secs(median(t.cpuMs))
          }`
        ).join("; "),
    );
    const ratio = (theirs: number, mine: number) => (theirs / mine).toFixed(2) + "x";
    const best = openssl.wall < sha256sum.wall ? openssl : sha256sum;
    ctx.figure(
      `verify: speed of slooh-dl relative to openssl ${ratio(openssl.wall, ours.wall)} wall ` +
        `(${ratio(openssl.cpu, ours.cpu)} CPU), to sha256sum -P2 ${
          ratio(sha256sum.wall, ours.wall)
        } ` +
        `wall, to the faster ${ratio(best.wall, ours.wall)} wall (goal: >= 1)`,
    );
  } finally {
    await discardDir(ctx, lib);
  }
}

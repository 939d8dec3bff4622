/**
 * Throughput: slooh-dl against plain parallel downloaders on the same 64 files of 4 MiB, round by
 * round in alternation; wall time against the durable yardstick (`curl -Z; sync -f`), CPU time per
 * GiB against curl's, and for context the same without start-up (a 16-file run's CPU taken away).
 */
import { type BenchContext, discardDir, inFreshDir, inRoundOrder } from "./context.ts";
import { type Fixture, startFixture } from "./fixture.ts";
import { CURL, DENO_DURABLE, DURABLE, type PlainDownloader, plainDownloaders } from "./plain.ts";
import type { Measured } from "./proc.ts";
import { sloohDl } from "./slooh_dl.ts";
import { cpuPerGiB, median, secs } from "./stats.ts";

const FILES = 64;
/** Files of the smaller run whose CPU, taken from the full run's, leaves the cost of the bytes. */
const FEWER = 16;
const SIZE = 4 << 20;
const CONCURRENCY = 4;
const BYTES = FILES * SIZE;

const OURS = "slooh-dl";

/** Measures every contender once per round, then prints medians, ratios and the targets. */
export async function throughput(ctx: BenchContext): Promise<void> {
  ctx.log(`throughput: writing ${FILES} files of 4 MiB`);
  const fx = await startFixture({
    www: ctx.www,
    origin: ctx.origin,
    name: "throughput",
    account: { seed: 11, pictures: FILES, pictureSize: [SIZE, SIZE] },
  });
  const fewer = await startFixture({
    www: ctx.www,
    origin: ctx.origin,
    name: "throughput-fewer",
    account: { seed: 12, pictures: FEWER, pictureSize: [SIZE, SIZE] },
  });
  try {
    const urls = fx.files.map((f) => f.url);
    const plains = await plainDownloaders();
    const builds = [{ name: OURS, main: undefined }, ...ctx.variants];
    const runs = new Map<string, Measured[]>(builds.map((b) => [b.name, []]));
    for (const p of plains) runs.set(p.name, []);
    const inRun: number[] = [];
    const curl = plains.find((p) => p.name === CURL)!;
    const fewerCpu = { ours: [] as number[], curl: [] as number[] };
    for (let round = 0; round < ctx.rounds; round++) {
      const buildRuns = builds.map((b) => () =>
        inFreshDir(ctx, "tp-lib", async (lib) => {
          const args = ["--no-fits", "--concurrency", String(CONCURRENCY)];
          const r = await sloohDl(fx.sim, lib, args, { work: ctx.work, main: b.main });
          if (r.summary.downloaded !== FILES) throw new Error(`${b.name}: ${r.stdout}`);
          runs.get(b.name)!.push(r);
          if (b.name === OURS) inRun.push(r.summary.durationMs);
        })
      );
      const plainRuns = plains.map((p) => () =>
        inFreshDir(ctx, "tp-plain", async (dir) => {
          runs.get(p.name)!.push(await p.run(urls, dir, CONCURRENCY));
        })
      );
      for (const run of inRoundOrder(round, [...buildRuns, ...plainRuns])) await run();
      fewerCpu.ours.push(await fewerRun(ctx, fewer, null));
      fewerCpu.curl.push(await fewerRun(ctx, fewer, curl));
      ctx.log(
        `  round ${round + 1}: ` +
          [...runs].map(([k, v]) => `${k} ${secs(v.at(-1)!.wallMs)}`).join(", "),
      );
    }
    const wall = (name: string) => median(runs.get(name)!.map((m) => m.wallMs));
    const cpu = (name: string) => median(runs.get(name)!.map((m) => m.cpuMs));
    const mbps = (ms: number) => `${(BYTES / 2 ** 20 / (ms / 1000)).toFixed(0)} MiB/s`;
    ctx.figure(
      `throughput: ${FILES} × 4 MiB at concurrency ${CONCURRENCY}, median of ${ctx.rounds}: ` +
        [...runs.keys()].map((k) =>
          `${k} ${secs(wall(k))} (${mbps(wall(k))}, ${cpuPerGiB(cpu(k), BYTES)})`
        ).join(", ") + `; slooh-dl without process start ${secs(median(inRun))}`,
    );
    // Ratios round by round: each round's contenders ran back to back on the same machine state.
    const perRound = (who: string, of: (m: Measured) => number, than: string) =>
      runs.get(who)!.map((m, i) => of(m) / of(runs.get(than)![i]));
    const range = (v: number[]) =>
      `rounds ${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)}`;
    for (const { name } of builds) {
      const walls = perRound(name, (m) => m.wallMs, DURABLE);
      const cpus = perRound(name, (m) => m.cpuMs, CURL);
      const ratio = (than: string) => (wall(name) / wall(than)).toFixed(2);
      ctx.figure(
        `throughput ratio: ${name} / ${DURABLE} = ${median(walls).toFixed(2)} wall ` +
          `(${range(walls)}), CPU / ${CURL} = ${median(cpus).toFixed(2)} ` +
          `(${range(cpus)}); for context, wall / ` +
          plains.filter((p) => p.name !== DURABLE).map((p) => `${p.name} ${ratio(p.name)}`)
            .join(", "),
      );
    }
    const wallRatios = perRound(OURS, (m) => m.wallMs, DURABLE);
    const cpuRatios = perRound(OURS, (m) => m.cpuMs, CURL);
    const floor = perRound(DENO_DURABLE, (m) => m.cpuMs, CURL);
    const above = perRound(OURS, (m) => m.cpuMs, DENO_DURABLE);
    ctx.figure(
      `throughput floor: ${DENO_DURABLE} (slooh-dl's transfer steps alone: its HTTP/1.1 client, ` +
        `sha256 of the buffer, fsync, rename) CPU / ${CURL} = ${median(floor).toFixed(2)} (${
          range(floor)
        }); ` +
        `slooh-dl CPU / ${DENO_DURABLE} = ${median(above).toFixed(2)} (${range(above)}), ` +
        `${(cpu(OURS) - cpu(DENO_DURABLE)).toFixed(0)} ms of CPU a run above it`,
    );
    const w = median(wallRatios);
    // Start-up and the other fixed costs are in both runs and cancel out; what is left is per file.
    const bytesAbove = (FILES - FEWER) * SIZE;
    const oursAbove = cpu(OURS) - median(fewerCpu.ours);
    const curlAbove = cpu(CURL) - median(fewerCpu.curl);
    ctx.figure(
      `throughput above start-up: CPU of the ${FILES}-file run less a ${FEWER}-file run's, per ` +
        `GiB: slooh-dl ${cpuPerGiB(oursAbove, bytesAbove)}, ${CURL} ${
          cpuPerGiB(curlAbove, bytesAbove)
        }, ratio ${(oursAbove / curlAbove).toFixed(2)} (context: the target counts start-up)`,
    );
    ctx.target({
      name: `wall, 64 × 4 MiB at concurrency 4, / ${DURABLE}`,
      measured: `${w.toFixed(3)}${w <= 1.10 ? ", stretch met" : ""}`,
      limit: "≤ 1.25, stretch ≤ 1.10",
      met: w <= 1.25,
    });
    const c = median(cpuRatios);
    ctx.target({
      name: `CPU per GiB / ${CURL}'s`,
      measured: `${c.toFixed(3)} (${cpuPerGiB(cpu(OURS), BYTES)} against ${
        cpuPerGiB(cpu(CURL), BYTES)
      })`,
      limit: "≤ 2.0",
      met: c <= 2.0,
    });
  } finally {
    await fx.close();
    await fewer.close();
    await discardDir(ctx, `${ctx.www}/throughput`);
    await discardDir(ctx, `${ctx.www}/throughput-fewer`);
  }
}

/** CPU ms of slooh-dl (or `plain`) downloading the smaller fixture's files into a fresh folder. */
async function fewerRun(ctx: BenchContext, fx: Fixture, plain: PlainDownloader | null) {
  return await inFreshDir(ctx, "tp-fewer", async (dir) => {
    if (plain) return (await plain.run(fx.files.map((f) => f.url), dir, CONCURRENCY)).cpuMs;
    const r = await sloohDl(fx.sim, dir, ["--no-fits", "--concurrency", String(CONCURRENCY)], {
      work: ctx.work,
    });
    if (r.summary.downloaded !== FEWER) throw new Error(`${OURS}: ${r.stdout}`);
    return r.cpuMs;
  });
}

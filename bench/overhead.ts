/**
 * Per-file overhead: files per second on 2,000 files of 1 KiB at concurrency 8, process start
 * included, with plain `curl -Z` and slooh-dl's transfer steps alone on the same files for context.
 */
import { type BenchContext, discardDir, inFreshDir, inRoundOrder } from "./context.ts";
import { startFixture } from "./fixture.ts";
import { denoDurable, plainCurl } from "./plain.ts";
import { sloohDl } from "./slooh_dl.ts";
import { cpuPerGiB, median, secs } from "./stats.ts";

const FILES = 2000;
const CONCURRENCY = 8;

/** Measures slooh-dl's files/s, with curl -Z on the same files for reference. */
export async function overhead(ctx: BenchContext): Promise<void> {
  ctx.log(`per-file overhead: writing ${FILES} files of 1 KiB`);
  const fx = await startFixture({
    www: ctx.www,
    origin: ctx.origin,
    name: "overhead",
    account: { seed: 22, pictures: FILES, pictureSize: [1024, 1024] },
  });
  try {
    const curl = await plainCurl();
    const floor = denoDurable;
    const floors = { walls: [] as number[], cpus: [] as number[] };
    const ours: number[] = [];
    const inRun: number[] = [];
    const theirs: number[] = [];
    const cpu = { ours: [] as number[], theirs: [] as number[] };
    const variants = new Map<string, { walls: number[]; cpus: number[] }>();
    for (let round = 0; round < ctx.rounds; round++) {
      const ourRun = () =>
        inFreshDir(ctx, "ov-lib", async (lib) => {
          const r = await sloohDl(
            fx.sim,
            lib,
            ["--no-fits", "--concurrency", String(CONCURRENCY)],
            {
              work: ctx.work,
            },
          );
          if (r.summary.downloaded !== FILES) throw new Error(`slooh-dl: ${r.stdout}`);
          ours.push(r.wallMs);
          cpu.ours.push(r.cpuMs);
          inRun.push(r.summary.durationMs);
        });
      const curlRun = () =>
        inFreshDir(ctx, "ov-plain", async (dir) => {
          const c = await curl.run(fx.files.map((f) => f.url), dir, CONCURRENCY);
          theirs.push(c.wallMs);
          cpu.theirs.push(c.cpuMs);
        });
      const floorRun = () =>
        inFreshDir(ctx, "ov-floor", async (fdir) => {
          const f = await floor.run(fx.files.map((f) => f.url), fdir, CONCURRENCY);
          floors.walls.push(f.wallMs);
          floors.cpus.push(f.cpuMs);
        });
      const variantRuns = ctx.variants.map((v) => () =>
        inFreshDir(ctx, "ov-lib", async (vlib) => {
          const args = ["--no-fits", "--concurrency", String(CONCURRENCY)];
          const m = await sloohDl(fx.sim, vlib, args, { work: ctx.work, main: v.main });
          if (m.summary.downloaded !== FILES) throw new Error(`${v.name}: ${m.stdout}`);
          const seen = variants.get(v.name) ?? { walls: [], cpus: [] };
          seen.walls.push(m.wallMs);
          seen.cpus.push(m.cpuMs);
          variants.set(v.name, seen);
        })
      );
      for (const run of inRoundOrder(round, [ourRun, curlRun, floorRun, ...variantRuns])) {
        await run();
      }
      ctx.log(
        `  round ${round + 1}: slooh-dl ${secs(ours.at(-1)!)}, ${curl.name} ${
          secs(theirs.at(-1)!)
        }, ${floor.name} ${secs(floors.walls.at(-1)!)}` + [...variants].map(([k, v]) =>
          `, ${k} ${secs(v.walls.at(-1)!)}`
        ).join(""),
      );
    }
    const rate = (ms: number) => `${(FILES / (ms / 1000)).toFixed(0)} files/s`;
    const perFile = (ms: number) => `${((ms / FILES) * 1000).toFixed(0)} µs CPU/file`;
    ctx.figure(
      `per-file overhead: ${FILES} × 1 KiB at concurrency ${CONCURRENCY}, median of ${ctx.rounds}: ` +
        `slooh-dl ${rate(median(ours))} (${secs(median(ours))} wall, ${
          rate(median(inRun))
        } without process start, ${perFile(median(cpu.ours))}); ${curl.name} ${
          rate(median(theirs))
        } (${perFile(median(cpu.theirs))}, ${cpuPerGiB(median(cpu.theirs), FILES * 1024)}); ` +
        `${floor.name} (slooh-dl's transfer steps alone) ${rate(median(floors.walls))} (${
          perFile(median(floors.cpus))
        })`,
    );
    for (const [name, v] of variants) {
      ctx.figure(
        `per-file overhead, variant ${name}: ${rate(median(v.walls))} (${perFile(median(v.cpus))})`,
      );
    }
    const filesPerS = FILES / (median(ours) / 1000);
    ctx.target({
      name: `files/s, ${FILES} × 1 KiB at concurrency ${CONCURRENCY}, process start included`,
      measured: rate(median(ours)),
      limit: "≥ 1000 files/s",
      met: filesPerS >= 1000,
    });
  } finally {
    await fx.close();
    await discardDir(ctx, `${ctx.www}/overhead`);
  }
}

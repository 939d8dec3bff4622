/** Throughput: slooh-dl against plain parallel downloaders on the same 64 files of 4 MiB. */
import { type BenchContext, freshDir, removeDir } from "./context.ts";
import { startFixture } from "./fixture.ts";
import { plainDownloaders } from "./plain.ts";
import { syncDisks } from "./proc.ts";
import { sloohDl } from "./slooh_dl.ts";
import { median, secs } from "./stats.ts";

const FILES = 64;
const SIZE = 4 << 20;
const CONCURRENCY = 4;

/** Measures wall times side by side, round by round, and prints the ratio. */
export async function throughput(ctx: BenchContext): Promise<void> {
  ctx.log(`throughput: writing ${FILES} files of 4 MiB`);
  const fx = await startFixture({
    www: ctx.www,
    origin: ctx.origin,
    name: "throughput",
    account: { seed: 11, pictures: FILES, pictureSize: [SIZE, SIZE] },
  });
  try {
    const urls = fx.files.map((f) => f.url);
    const plains = await plainDownloaders();
    const walls = new Map<string, number[]>([["slooh-dl", []]]);
    const inRun: number[] = [];
    for (const p of plains) walls.set(p.name, []);
    for (let round = 0; round < ctx.rounds; round++) {
      const lib = await freshDir(ctx, "tp-lib");
      await syncDisks();
      const r = await sloohDl(fx.sim, lib, ["--no-fits", "--concurrency", String(CONCURRENCY)], {
        work: ctx.work,
      });
      if (r.summary.downloaded !== FILES) throw new Error(`slooh-dl: ${r.stdout}`);
      walls.get("slooh-dl")!.push(r.wallMs);
      inRun.push(r.summary.durationMs);
      await removeDir(lib);
      for (const p of plains) {
        const dir = await freshDir(ctx, "tp-plain");
        await syncDisks();
        walls.get(p.name)!.push((await p.run(urls, dir, CONCURRENCY)).wallMs);
        await removeDir(dir);
      }
      ctx.log(
        `  round ${round + 1}: ` + [...walls].map(([k, v]) => `${k} ${secs(v.at(-1)!)}`).join(", "),
      );
    }
    const med = new Map([...walls].map(([k, v]) => [k, median(v)]));
    const ours = med.get("slooh-dl")!;
    const mbps = (ms: number) => `${((FILES * SIZE) / 2 ** 20 / (ms / 1000)).toFixed(0)} MiB/s`;
    ctx.figure(
      `throughput: ${FILES} × 4 MiB at concurrency ${CONCURRENCY}, median of ${ctx.rounds}: ` +
        [...med].map(([k, v]) => `${k} ${secs(v)} (${mbps(v)})`).join(", ") +
        `; slooh-dl without process start ${secs(median(inRun))}`,
    );
    const yardsticks = plains.filter((p) => p.yardstick).map((p) => p.name);
    const best = yardsticks.sort((a, b) => med.get(a)! - med.get(b)!)[0];
    ctx.figure(
      `throughput ratio: slooh-dl / ${best} = ${(ours / med.get(best)!).toFixed(2)} wall ` +
        `(target ≤ 1.10); for context, / curl -Z then sync = ${
          (ours / med.get("curl -Z then sync")!).toFixed(2)
        }, / deno fetch = ${(ours / med.get("deno fetch")!).toFixed(2)}`,
    );
  } finally {
    await fx.close();
    await removeDir(`${ctx.www}/throughput`);
  }
}

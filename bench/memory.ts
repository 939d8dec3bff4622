/** Memory: peak resident memory of slooh-dl while it downloads one 1 GiB file. */
import { type BenchContext, freshDir, removeDir } from "./context.ts";
import { startFixture } from "./fixture.ts";
import { syncDisks } from "./proc.ts";
import { sloohDl } from "./slooh_dl.ts";
import { median, mib, secs } from "./stats.ts";

const SIZE = 1 << 30;

/** Downloads the file a few times, polling VmHWM; the 2 GiB on disk are removed afterwards. */
export async function memory(ctx: BenchContext): Promise<void> {
  ctx.log("memory: writing one file of 1 GiB");
  const fx = await startFixture({
    www: ctx.www,
    origin: ctx.origin,
    name: "memory",
    account: { seed: 33, pictures: 1, pictureSize: [SIZE, SIZE] },
  });
  try {
    const peaks: number[] = [];
    const walls: number[] = [];
    for (let round = 0; round < ctx.rounds; round++) {
      const lib = await freshDir(ctx, "mem-lib");
      await syncDisks();
      const r = await sloohDl(fx.sim, lib, ["--no-fits"], { work: ctx.work, peakRss: true });
      await removeDir(lib);
      if (r.summary.downloaded !== 1 || r.summary.bytes !== SIZE) {
        throw new Error(`slooh-dl: ${r.stdout}`);
      }
      peaks.push(r.peakRssKiB!);
      walls.push(r.wallMs);
      ctx.log(`  round ${round + 1}: peak RSS ${mib(r.peakRssKiB!)}, ${secs(r.wallMs)}`);
    }
    ctx.figure(
      `memory: one 1 GiB file, median of ${ctx.rounds}: peak RSS ${mib(median(peaks))} ` +
        `(runs: ${peaks.map(mib).join(", ")}), ${secs(median(walls))} wall (target < 150 MiB)`,
    );
  } finally {
    await fx.close();
    await removeDir(`${ctx.www}/memory`);
  }
}

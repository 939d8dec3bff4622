/** Memory: peak resident memory of slooh-dl while it downloads one 1 GiB file. */
import { type BenchContext, discardDir, freshDir, inFreshDir } from "./context.ts";
import { startFixture } from "./fixture.ts";
import { plainCurl } from "./plain.ts";
import { sloohDl } from "./slooh_dl.ts";
import { cpuPerGiB, median, mib, secs } from "./stats.ts";

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
    const cpus: number[] = [];
    const variants = new Map<string, number[]>();
    // A 1 GiB file takes seconds to write: three runs are enough for a median.
    const rounds = Math.min(ctx.rounds, 3);
    for (let round = 0; round < rounds; round++) {
      const r = await inFreshDir(
        ctx,
        "mem-lib",
        (lib) => sloohDl(fx.sim, lib, ["--no-fits"], { work: ctx.work, peakRss: true }),
      );
      if (r.summary.downloaded !== 1 || r.summary.bytes !== SIZE) {
        throw new Error(`slooh-dl: ${r.stdout}`);
      }
      peaks.push(r.peakRssKiB!);
      walls.push(r.wallMs);
      cpus.push(r.cpuMs);
      ctx.log(`  round ${round + 1}: peak RSS ${mib(r.peakRssKiB!)}, ${secs(r.wallMs)}`);
      for (const v of ctx.variants) {
        const m = await inFreshDir(
          ctx,
          "mem-lib",
          (vlib) =>
            sloohDl(fx.sim, vlib, ["--no-fits"], { work: ctx.work, peakRss: true, main: v.main }),
        );
        if (m.summary.bytes !== SIZE) throw new Error(`${v.name}: ${m.stdout}`);
        variants.set(v.name, [...variants.get(v.name) ?? [], m.peakRssKiB!]);
      }
    }
    for (const [name, v] of variants) {
      ctx.figure(
        `memory, variant ${name}: peak RSS ${mib(median(v))} (runs: ${v.map(mib).join(", ")})`,
      );
    }
    // The same process with nothing to transfer: what the runtime and the code take by themselves.
    const idleLib = await freshDir(ctx, "mem-idle");
    const idle = await sloohDl(fx.sim, idleLib, ["--no-fits", "--dry-run"], {
      work: ctx.work,
      peakRss: true,
    });
    await discardDir(ctx, idleLib);
    const curl = await plainCurl();
    const theirs = await inFreshDir(
      ctx,
      "mem-plain",
      (dir) => curl.run(fx.files.map((f) => f.url), dir, 1),
    );
    ctx.figure(
      `memory: one 1 GiB file, median of ${rounds}: peak RSS ${mib(median(peaks))} ` +
        `(runs: ${peaks.map(mib).join(", ")}), ${secs(median(walls))} wall, ${
          cpuPerGiB(median(cpus), SIZE)
        }; a dry run of the same account peaks at ${mib(idle.peakRssKiB!)}; ${curl.name} took ${
          secs(theirs.wallMs)
        } for the same file (${cpuPerGiB(theirs.cpuMs, SIZE)})`,
    );
    ctx.target({
      name: "peak RSS, one 1 GiB file",
      measured: mib(median(peaks)),
      limit: "< 100 MiB",
      met: median(peaks) < 100 * 1024,
    });
  } finally {
    await fx.close();
    await discardDir(ctx, `${ctx.www}/memory`);
  }
}

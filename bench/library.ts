/**
 * The routine run on a big library: a 20,000-image account downloaded once, then timed no-op
 * runs, runs with 3 new images, and dry-run listings.
 */
import { type BenchContext, freshDir, removeDir } from "./context.ts";
import { type Fixture, startFixture } from "./fixture.ts";
import { sloohDl, type SloohDlRun } from "./slooh_dl.ts";
import { median, secs } from "./stats.ts";

const IMAGES = 20_000;

interface Sample {
  wallMs: number;
  pages: number;
  api: number;
  files: number;
  downloaded: number;
}

async function sample(
  ctx: BenchContext,
  fx: Fixture,
  lib: string,
  args: string[],
): Promise<Sample & { run: SloohDlRun }> {
  fx.sim.resetCounts();
  const before = await ctx.fileRequests();
  const run = await sloohDl(fx.sim, lib, ["--no-fits", ...args], { work: ctx.work });
  return {
    run,
    wallMs: run.wallMs,
    pages: fx.sim.counts.getMyPictures,
    api: fx.sim.counts.apiCalls,
    files: (await ctx.fileRequests()) - before,
    downloaded: run.summary.downloaded,
  };
}

function describe(samples: Sample[]): string {
  const m = (f: (s: Sample) => number) => median(samples.map(f));
  return `${secs(m((s) => s.wallMs))} wall (runs: ${
    samples.map((s) => secs(s.wallMs)).join(", ")
  }), ${m((s) => s.pages)} page requests, ${m((s) => s.api)} API requests in all, ${
    m((s) => s.files)
  } file requests`;
}

/** Seeds the library, then measures incremental runs and listings. */
export async function library(ctx: BenchContext): Promise<void> {
  ctx.log(`library: writing the ${IMAGES.toLocaleString("en")}-image account's files`);
  const fx = await startFixture({
    www: ctx.www,
    origin: ctx.origin,
    name: "library",
    account: { seed: 44, pictures: IMAGES, pictureSize: [200, 2000] },
  });
  const lib = await freshDir(ctx, "big-lib");
  try {
    ctx.log("  first download of the whole library (concurrency 16)");
    const seed = await sample(ctx, fx, lib, ["--concurrency", "16"]);
    if (seed.downloaded !== IMAGES) throw new Error(`seed run: ${seed.run.stdout}`);
    ctx.figure(
      `first download of ${IMAGES.toLocaleString("en")} small images at concurrency 16: ` +
        `${secs(seed.wallMs)} wall (${(IMAGES / (seed.wallMs / 1000)).toFixed(0)} files/s), ` +
        `${seed.pages} page requests`,
    );

    const noop: Sample[] = [];
    for (let round = 0; round < Math.max(ctx.rounds, 5); round++) {
      const s = await sample(ctx, fx, lib, []);
      if (s.downloaded !== 0) throw new Error(`no-op run downloaded: ${s.run.stdout}`);
      noop.push(s);
    }
    ctx.figure(
      `incremental no-op on ${IMAGES.toLocaleString("en")} images, median of ${noop.length}: ` +
        `${describe(noop)} (target < 1.5 s, ≤ 2 page requests)`,
    );

    const three: Sample[] = [];
    for (let round = 0; round < ctx.rounds; round++) {
      await fx.addPictures(3);
      const s = await sample(ctx, fx, lib, []);
      if (s.downloaded !== 3) throw new Error(`run with 3 new images: ${s.run.stdout}`);
      three.push(s);
    }
    ctx.figure(
      `incremental with 3 new images, median of ${three.length}: ${describe(three)}`,
    );

    const fresh: Sample[] = [];
    for (let round = 0; round < ctx.rounds; round++) {
      const empty = await freshDir(ctx, "big-dry");
      const s = await sample(ctx, fx, empty, ["--dry-run"]);
      await removeDir(empty);
      if ((s.run.summary.files?.length ?? 0) < IMAGES) throw new Error("dry run listed too few");
      fresh.push(s);
    }
    ctx.figure(
      `listing: --dry-run of all ${
        fx.sim.account.pictures.length.toLocaleString("en")
      } images into an empty library, median of ${fresh.length}: ${describe(fresh)}`,
    );

    const all: Sample[] = [];
    for (let round = 0; round < ctx.rounds; round++) {
      const s = await sample(ctx, fx, lib, ["--dry-run", "--all"]);
      if ((s.run.summary.files?.length ?? 1) !== 0) throw new Error("dry run --all found work");
      all.push(s);
    }
    ctx.figure(
      `listing: --dry-run --all over the complete library (every image checked against the state ` +
        `and the disk), median of ${all.length}: ${describe(all)}`,
    );
  } finally {
    await fx.close();
    await removeDir(lib);
    await removeDir(`${ctx.www}/library`);
  }
}

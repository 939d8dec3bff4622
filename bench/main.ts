/**
 * `deno task bench`: slooh-dl against a plain parallel downloader, side by side on the same files
 * served by nginx, plus per-file overhead, memory, incremental runs and listing on a big library.
 * Figures go to stdout, one per line; progress to stderr.
 *
 * Every target of the issue is printed as met or not met, and summed up at the end.
 *
 * Options: `--rounds N` (runs per figure, default 5), `--only a,b` (throughput, overhead, memory,
 * library, stall, gallery, verify), `--variant name=path` (repeatable: another build of slooh-dl,
 * a patched copy's main.ts or a compiled executable, measured in the same rounds by throughput,
 * overhead, memory and stall).
 */
import { join, resolve } from "node:path";
import type { BenchContext, Variant } from "./context.ts";
import { discardDir, emptyTrash, removeDir } from "./context.ts";
import { library } from "./library.ts";
import { describeMachine, onExt4WithoutJournal } from "./machine.ts";
import { gallery } from "./gallery.ts";
import { memory } from "./memory.ts";
import { ensureNginx, startNginx } from "./nginx.ts";
import { overhead } from "./overhead.ts";
import { run } from "./proc.ts";
import { sloohDlCommand } from "./slooh_dl.ts";
import { stall } from "./stall.ts";
import { type Target, targetLine, targetSummary } from "./targets.ts";
import { throughput } from "./throughput.ts";
import { verify } from "./verify.ts";

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<void>> = {
  throughput,
  overhead,
  memory,
  library,
  stall,
  gallery,
  verify,
};

/** A bad argument to the bench: printed as one line, exit code 2. */
class BenchUsage extends Error {}

function parseArgs(args: string[]): { rounds: number; only: string[]; variants: Variant[] } {
  let rounds = 5;
  let only = Object.keys(SCENARIOS);
  const variants: Variant[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--rounds") rounds = Number(args[++i]);
    else if (args[i] === "--only") only = args[++i].split(",");
    else if (args[i] === "--variant") {
      const [name, main] = (args[++i] ?? "").split("=");
      if (!name || !main) throw new BenchUsage("--variant takes name=path/to/main.ts");
      variants.push({ name, main: resolve(main) });
    } else {
      throw new BenchUsage(
        `unknown argument ${args[i]} (use --rounds N, --only a,b, --variant name=main.ts)`,
      );
    }
  }
  if (!(rounds >= 1)) throw new BenchUsage("--rounds must be at least 1");
  for (const name of only) {
    if (!SCENARIOS[name]) {
      throw new BenchUsage(`unknown scenario ${name} (${Object.keys(SCENARIOS).join(", ")})`);
    }
  }
  return { rounds, only, variants };
}

async function freeGiB(path: string): Promise<number> {
  const out = await run("df", ["-Pk", path]);
  return Number(out.trim().split("\n").at(-1)!.split(/\s+/)[3]) / 1048576;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs(Deno.args);
  } catch (e) {
    if (!(e instanceof BenchUsage)) throw e;
    console.error(`bench: ${e.message}`);
    Deno.exit(2);
  }
  const { rounds, only, variants } = parsed;
  const work = new URL("./.work", import.meta.url).pathname;
  const www = join(work, "www");
  const log = (line: string) => console.error(line);
  // What an interrupted run left goes into the trash: deleted now, it would slow this run.
  await discardDir({ work }, join(work, "out"));
  await discardDir({ work }, www);
  await Deno.mkdir(www, { recursive: true });
  const bin = await ensureNginx(log);
  const nginx = await startNginx(bin, join(work, "nginx"), www);
  // Ctrl-C must not leave our nginx behind.
  const onInterrupt = () => nginx.stop().then(() => cleanUp(work)).finally(() => Deno.exit(130));
  Deno.addSignalListener("SIGINT", onInterrupt);
  const started = performance.now();
  try {
    // The first start of a fresh clone fetches and caches npm packages; keep that out of figures.
    for (const main of [undefined, ...variants.map((v) => v.main)]) {
      const [program, start] = sloohDlCommand(main);
      await run(program, [...start, "--version"]);
    }
    const targets: Target[] = [];
    const ctx: BenchContext = {
      work,
      www,
      origin: nginx.origin,
      rounds,
      variants,
      fileRequests: () => nginx.requests(),
      figure: (line) => console.log(line),
      log,
      target: (t) => {
        targets.push(t);
        console.log(targetLine(t));
      },
    };
    ctx.figure(`machine: ${await describeMachine(work, nginx.version)}`);
    const since = await secondsSinceCleanUp(work);
    if (since !== null && since < 360 && await onExt4WithoutJournal(work)) {
      ctx.figure(
        `note: the last bench deleted its files ${since.toFixed(0)} s ago; on an ext4 without ` +
          "a journal new files are slower for up to 6 minutes after a deletion",
      );
    }
    ctx.figure(`command: deno task bench${Deno.args.length ? " " + Deno.args.join(" ") : ""}`);
    for (const name of only) {
      if (name === "memory" && await freeGiB(work) < 3) {
        ctx.figure("memory: skipped, less than 3 GiB free for the 1 GiB file and its copy");
        continue;
      }
      await SCENARIOS[name](ctx);
    }
    ctx.figure(targetSummary(targets));
    log(`bench finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    await nginx.stop();
    await cleanUp(work);
  }
}

/** Deletes the work files (the downloads, the served files and the trash), noting when. */
async function cleanUp(work: string): Promise<void> {
  await removeDir(join(work, "out"));
  await removeDir(join(work, "www"));
  await emptyTrash(work);
  await Deno.writeTextFile(join(work, CLEANED_AT), new Date().toISOString());
}

const CLEANED_AT = "cleaned-at";

async function secondsSinceCleanUp(work: string): Promise<number | null> {
  const at = Date.parse(await Deno.readTextFile(join(work, CLEANED_AT)).catch(() => ""));
  return Number.isNaN(at) ? null : (Date.now() - at) / 1000;
}

if (import.meta.main) await main();

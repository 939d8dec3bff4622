/** Runs slooh-dl the way a user does: a fresh `deno run main.ts download` process. */
import { join } from "node:path";
import type { DownloadReport } from "../src/cli/commands/download.ts";
import type { Simulator } from "../tests/simulator/mod.ts";
import { measure, type Measured, type MeasureOptions } from "./proc.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** A measured slooh-dl run with its JSON summary. */
export interface SloohDlRun extends Measured {
  summary: DownloadReport;
}

/** How to run slooh-dl: `work` holds the (absent) user config; `verbose` traces HTTP on stderr. */
export type SloohDlOptions = Omit<MeasureOptions, "env" | "stdin"> & {
  work: string;
  verbose?: boolean;
  /** Another build's main.ts or executable (a bench variant); default this project's main.ts. */
  main?: string;
};

/**
 * The program and leading arguments that start a build: `deno run --allow-all` for a main.ts, the
 * file itself for anything else (an executable made by `deno task compile`).
 */
export function sloohDlCommand(main = MAIN): [string, string[]] {
  return main.endsWith(".ts") ? [Deno.execPath(), ["run", "--allow-all", main]] : [main, []];
}

/** Runs `slooh-dl download -d lib --json ...args` against the simulator, whatever its exit. */
export async function sloohDlProcess(
  sim: Simulator,
  lib: string,
  args: string[],
  o: SloohDlOptions,
): Promise<Measured> {
  const [program, start] = sloohDlCommand(o.main);
  return await measure(program, [
    ...start,
    ...(o.verbose ? ["--verbose"] : []),
    "download",
    "-d",
    lib,
    "--json",
    ...args,
  ], {
    ...o,
    env: {
      // No user config: a nonexistent config dir, credentials from the environment.
      XDG_CONFIG_HOME: join(o.work, "no-config"),
      SLOOH_USERNAME: sim.account.username,
      SLOOH_PASSWORD: sim.account.password,
      SLOOH_BASE_URL: sim.apiRoot,
      NO_COLOR: "1",
    },
  });
}

/** Runs `slooh-dl download -d lib --json ...args` against the simulator; fails unless exit 0. */
export async function sloohDl(
  sim: Simulator,
  lib: string,
  args: string[],
  o: SloohDlOptions,
): Promise<SloohDlRun> {
  const r = await sloohDlProcess(sim, lib, args, o);
  if (r.code !== 0) {
    throw new Error(`slooh-dl exited ${r.code}:\n${r.stderr.slice(-3000)}`);
  }
  return { ...r, summary: JSON.parse(r.stdout) as DownloadReport };
}

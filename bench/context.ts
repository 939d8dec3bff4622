/** What every benchmark scenario shares: the work folder, nginx, and how figures are reported. */
import { join } from "node:path";
import type { Target } from "./targets.ts";

/** Another build of slooh-dl measured next to this one (a patched copy, or an executable). */
export interface Variant {
  name: string;
  /** Its main.ts, or the executable itself. */
  main: string;
}

/** Shared state of one bench run. */
export interface BenchContext {
  /** bench/.work */
  work: string;
  /** Root that nginx serves. */
  www: string;
  /** nginx origin. */
  origin: string;
  /** Requests the file server (nginx) has answered so far. */
  fileRequests(): Promise<number>;
  /** Runs per measured figure; the median is reported. */
  rounds: number;
  /** Extra builds measured in the same rounds (`--variant`); the targets concern this one. */
  variants: Variant[];
  /** Prints one figure line (stdout). */
  figure(line: string): void;
  /** Prints progress (stderr). */
  log(line: string): void;
  /** Prints a target line and keeps it for the summary at the end. */
  target(t: Target): void;
}

let counter = 0;

/** A new empty folder under the work dir's `out/`. */
export async function freshDir(ctx: BenchContext, name: string): Promise<string> {
  const dir = join(ctx.work, "out", `${name}-${++counter}`);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  return dir;
}

/** Removes a folder and everything in it. */
export async function removeDir(dir: string): Promise<void> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

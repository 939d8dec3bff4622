/** Runs a program and measures it: wall time, output, and optionally its peak resident memory. */

/** What a measured run produced. */
export interface Measured {
  code: number;
  wallMs: number;
  stdout: string;
  stderr: string;
  /** Peak resident set (VmHWM) in KiB, when asked for. */
  peakRssKiB?: number;
  /** CPU time (user + system, all threads) in ms, polled with the peak RSS. */
  cpuMs?: number;
}

/** Options of measure. */
export interface MeasureOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Text fed to stdin. */
  stdin?: string;
  /** Poll /proc/<pid>/status for VmHWM while the process runs. */
  peakRss?: boolean;
}

/** User + system time of a process's threads so far, in ms (clock ticks of 10 ms). */
async function readCpu(pid: number): Promise<number | null> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    // Fields after the command name (which may hold spaces) in its parentheses.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

async function readHwm(pid: number): Promise<number | null> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    const m = status.match(/^VmHWM:\s+(\d+)\s+kB/m);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Runs `cmd args` to completion; wall time runs from spawn to exit. */
export async function measure(
  cmd: string,
  args: string[],
  o: MeasureOptions = {},
): Promise<Measured> {
  const started = performance.now();
  const child = new Deno.Command(cmd, {
    args,
    env: o.env,
    cwd: o.cwd,
    stdin: o.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (o.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(o.stdin));
    await w.close();
  }
  let peak = 0;
  let cpu = 0;
  let polling = !!o.peakRss;
  const poller = (async () => {
    // VmHWM only grows, so the last reading before exit is the peak (within one poll interval).
    while (polling) {
      const v = await readHwm(child.pid);
      if (v !== null) peak = Math.max(peak, v);
      cpu = Math.max(cpu, await readCpu(child.pid) ?? 0);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const out = await child.output();
  const wallMs = performance.now() - started;
  polling = false;
  await poller;
  const dec = new TextDecoder();
  return {
    code: out.code,
    wallMs,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
    peakRssKiB: o.peakRss ? peak : undefined,
    cpuMs: o.peakRss ? cpu : undefined,
  };
}

/** Runs a command that must succeed; returns its stdout. */
export async function run(cmd: string, args: string[], o: MeasureOptions = {}): Promise<string> {
  const r = await measure(cmd, args, o);
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.code}: ${r.stderr.slice(-2000)}`);
  }
  return r.stdout;
}

/** Whether a program is on PATH (or at one of the given absolute paths); returns its path. */
export async function which(name: string, extra: string[] = []): Promise<string | null> {
  for (const p of extra) {
    try {
      if ((await Deno.stat(p)).isFile) return p;
    } catch { /* not there */ }
  }
  const r = await measure("sh", ["-c", `command -v ${name}`]).catch(() => null);
  const path = r?.code === 0 ? r.stdout.trim() : "";
  return path || null;
}

/** Flushes dirty pages so one measured run does not pay for the previous one's writeback. */
export async function syncDisks(): Promise<void> {
  await measure("sync", []);
}

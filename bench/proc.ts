/**
 * Runs a program and measures it: wall time, CPU time, output, and optionally its peak resident
 * memory.
 */

/** What a measured run produced. */
export interface Measured {
  code: number;
  wallMs: number;
  stdout: string;
  stderr: string;
  /** CPU time (user + system) of the program and the children it waited for, in ms. */
  cpuMs: number;
  /** Peak resident set (VmHWM) in KiB, when asked for. */
  peakRssKiB?: number;
  /** Killed because it outran `timeoutMs`. */
  timedOut: boolean;
}

/** Options of measure. */
export interface MeasureOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Text fed to stdin. */
  stdin?: string;
  /** Poll /proc/<pid>/status for VmHWM while the process runs. */
  peakRss?: boolean;
  /** Kill the program (SIGKILL) when it runs longer than this. */
  timeoutMs?: number;
  /** Called with each line of stderr as it arrives, and the ms since spawn. */
  onStderrLine?: (line: string, atMs: number) => void;
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

/**
 * CPU time, in ms, of this process's children that have exited and been waited for (the kernel
 * adds a child's user and system time to its parent's `cutime`/`cstime` when the child is reaped;
 * grandchildren count once their parent waited for them).
 */
function childrenCpuMs(): number {
  // Fields after the command name: state is field 3, cutime field 16, cstime field 17.
  const stat = Deno.readTextFileSync("/proc/self/stat");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[13]) + Number(f[14])) * (1000 / CLOCK_TICKS);
}

/** USER_HZ: Linux reports process times in 1/100 s on every architecture Deno runs on. */
const CLOCK_TICKS = 100;

/**
 * Runs `cmd args` to completion; wall time runs from spawn to exit. The CPU figure assumes no other
 * child of the bench exits meanwhile (the bench runs one measured program at a time).
 */
export async function measure(
  cmd: string,
  args: string[],
  o: MeasureOptions = {},
): Promise<Measured> {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const child = new Deno.Command(cmd, {
    args,
    env: o.env,
    cwd: o.cwd,
    stdin: o.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const timer = o.timeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, o.timeoutMs);
  if (o.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(o.stdin));
    await w.close();
  }
  let peak = 0;
  let polling = !!o.peakRss;
  const poller = (async () => {
    // VmHWM only grows, so the last reading before exit is the peak (within one poll interval).
    while (polling) {
      const v = await readHwm(child.pid);
      if (v !== null) peak = Math.max(peak, v);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const stdout = new Response(child.stdout).text();
  const stderr = readLines(
    child.stderr,
    (line) => o.onStderrLine?.(line, performance.now() - started),
  );
  const status = await child.status;
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  polling = false;
  await poller;
  return {
    code: status.code,
    wallMs,
    stdout: await stdout,
    stderr: await stderr,
    cpuMs: childrenCpuMs() - cpuBefore,
    peakRssKiB: o.peakRss ? peak : undefined,
    timedOut,
  };
}

/** Reads a stream to its end as text, handing each complete line to `onLine` as it arrives. */
async function readLines(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<string> {
  let text = "";
  let from = 0;
  // A TextDecoder rather than TextDecoderStream: @types/node (through @types/pngjs) retypes the
  // latter's writable side so that it no longer fits a byte stream.
  const decoder = new TextDecoder();
  for await (const bytes of stream) {
    text += decoder.decode(bytes, { stream: true });
    for (let nl = text.indexOf("\n", from); nl >= 0; nl = text.indexOf("\n", from)) {
      onLine(text.slice(from, nl));
      from = nl + 1;
    }
  }
  return text;
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

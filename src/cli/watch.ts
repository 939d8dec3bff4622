/**
 * `download --watch`: a run now, then one per interval, until a signal stops it. A run that
 * fails or aborts (Slooh down, disk full) waits for the next turn; a usage or authentication
 * error ends the watch, since no later run would fare better.
 */
import { ExitCode, FatalError } from "../errors.ts";
import type { CliContext } from "./context.ts";
import { formatInterval } from "./interval.ts";
import { interruptible, type Interruption } from "./session.ts";

/** Runs `run` every `intervalMs` until interrupted; resolves to the signal's exit code. */
export async function watch(
  ctx: CliContext,
  intervalMs: number,
  run: (stop: Interruption) => Promise<number>,
): Promise<number> {
  const out = ctx.out;
  const stop = interruptible(out);
  try {
    for (;;) {
      try {
        const code = await run(stop);
        if (stop.signal.aborted) return stop.exitCode;
        if (code === ExitCode.usage || code === ExitCode.auth) return code;
      } catch (e) {
        if (!(e instanceof FatalError) || e.exitCode !== ExitCode.aborted) throw e;
        // Reported like an aborted run: the next turn may find Slooh back.
        out.error(e.message);
      }
      const next = new Date(Date.now() + intervalMs);
      out.info(
        `Next run at ${next.toISOString().slice(0, 19)}Z (every ${
          formatInterval(intervalMs)
        }; Ctrl-C to stop).`,
      );
      if (!await sleep(intervalMs, stop.signal)) return stop.exitCode;
    }
  } finally {
    stop.dispose();
  }
}

/** Waits `ms`; false when the signal ended the wait first. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

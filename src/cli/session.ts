/** Credentials, the API client and Ctrl-C handling, as the commands that talk to Slooh need them. */
import type { Config } from "../config/config.ts";
import { ConfigError, ExitCode } from "../errors.ts";
import { SloohClient } from "../slooh/client.ts";
import type { Output } from "./output.ts";
import type { Prompter } from "./prompter.ts";

/** Fills in the password from a prompt when needed; never prompts without a terminal. */
export async function ensureCredentials(cfg: Config, prompter: Prompter | null): Promise<void> {
  if (!cfg.username) {
    throw new ConfigError(
      "No Slooh username: set SLOOH_USERNAME, or run `slooh-dl configure`",
    );
  }
  if (cfg.password) return;
  if (!prompter) {
    throw new ConfigError(
      "No Slooh password: set SLOOH_PASSWORD (stdin is not a terminal, so no prompt)",
    );
  }
  cfg.password = await prompter.password({
    name: "password",
    message: `Slooh password for ${cfg.username}:`,
  });
}

/** A client for the configured account; `--verbose` gets its redacted HTTP traces. */
export function makeClient(cfg: Config, out: Output, signal?: AbortSignal): SloohClient {
  return new SloohClient({
    baseUrl: cfg.baseUrl,
    username: cfg.username,
    password: cfg.password,
    timeoutMs: cfg.timeoutMs,
    retryBaseMs: cfg.retryBaseMs,
    signal,
    trace: out.opts.verbose ? (line) => out.debug(line) : undefined,
  });
}

/** Ctrl-C once: stop starting work and wrap up; twice: leave at once. */
export function interruptible(out: Output): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onInt = () => {
    if (controller.signal.aborted) Deno.exit(ExitCode.interrupted);
    out.beforeMessage?.();
    out.stderr("\nInterrupted: finishing up (press Ctrl-C again to quit at once)…");
    out.record("interrupted by Ctrl-C");
    controller.abort(new DOMException("Interrupted", "AbortError"));
  };
  try {
    Deno.addSignalListener("SIGINT", onInt);
  } catch {
    // Signals are unavailable in some embeddings; Ctrl-C then ends the process directly.
  }
  return {
    signal: controller.signal,
    dispose: () => {
      try {
        Deno.removeSignalListener("SIGINT", onInt);
      } catch { /* see above */ }
    },
  };
}

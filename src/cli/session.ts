/**
 * Credentials, the API client and the stopping signals (Ctrl-C, SIGTERM, SIGHUP, Ctrl-Break), as
 * the commands that talk to Slooh need them.
 */
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

/** A signal that stops a run as Ctrl-C does, with the exit code a shell expects after it. */
interface StopSignal {
  name: Deno.Signal;
  code: number;
  /** How the messages call it. */
  label: string;
}

/** The stopping signals of this platform: Windows knows only Ctrl-C and Ctrl-Break. */
export function stopSignals(os: typeof Deno.build.os): StopSignal[] {
  const ctrlC = { name: "SIGINT", code: ExitCode.interrupted, label: "Ctrl-C" } as const;
  if (os === "windows") {
    return [ctrlC, { name: "SIGBREAK", code: ExitCode.interrupted, label: "Ctrl-Break" }];
  }
  return [
    ctrlC,
    { name: "SIGTERM", code: ExitCode.terminated, label: "SIGTERM" },
    { name: "SIGHUP", code: ExitCode.hangUp, label: "SIGHUP" },
  ];
}

/** What stops a run: its abort signal, and the exit code of the signal that fired. */
export interface Interruption {
  signal: AbortSignal;
  /** 130 after Ctrl-C or Ctrl-Break, 143 after SIGTERM, 129 after SIGHUP. */
  readonly exitCode: number;
  dispose(): void;
}

/**
 * Ctrl-C (or SIGTERM, SIGHUP, Ctrl-Break) once: stop starting work and wrap up; twice: leave at
 * once.
 */
export function interruptible(out: Output): Interruption {
  const controller = new AbortController();
  let exitCode: number = ExitCode.interrupted;
  const listeners = stopSignals(Deno.build.os).map((s) => {
    const listener = () => {
      if (controller.signal.aborted) Deno.exit(exitCode);
      exitCode = s.code;
      out.beforeMessage?.();
      out.stderr(
        s.name === "SIGINT"
          ? "\nInterrupted: finishing up (press Ctrl-C again to quit at once)…"
          : `\nInterrupted by ${s.label}: finishing up (${
            s.name === "SIGBREAK" ? "press Ctrl-Break again" : "send it again"
          } to quit at once)…`,
      );
      out.record(`interrupted by ${s.label}`);
      controller.abort(new DOMException("Interrupted", "AbortError"));
    };
    try {
      Deno.addSignalListener(s.name, listener);
    } catch {
      // Signals are unavailable in some embeddings; the signal then ends the process directly.
    }
    return { name: s.name, listener };
  });
  return {
    signal: controller.signal,
    get exitCode() {
      return exitCode;
    },
    dispose: () => {
      for (const { name, listener } of listeners) {
        try {
          Deno.removeSignalListener(name, listener);
        } catch { /* see above */ }
      }
    },
  };
}

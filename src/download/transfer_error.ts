/** How a transfer fails, and what that leaves of its partial file. */

/** What a failed transfer leaves for the next attempt: bytes to resume from, or nothing. */
export type PartialFate = "keep" | "discard";

/**
 * A failed transfer; `retryable` says whether trying again can help, `partial` whether the
 * partial file may be resumed from (a cut-off good body) or must go (a wrong body), `stalled`
 * that the body stopped coming (the partial file holds what arrived: resume later, no wait).
 */
export class TransferError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    readonly partial: PartialFate = "keep",
    readonly stalled = false,
  ) {
    super(message);
  }
}

/** What a failed fetch or read means for the transfer: Deno's refusal, a stall, a timeout. */
export function networkError(e: unknown, signal: AbortSignal, outer?: AbortSignal): unknown {
  if (outer?.aborted) return outer.reason;
  if (e instanceof Deno.errors.NotCapable) {
    // Deno refused the host (--allow-net): no retry can help, the rest of the run goes on.
    const host = e.message.match(/net access to "([^"]+)"/)?.[1]?.replace(/:(443|80)$/, "");
    return new TransferError(
      `network access to ${host ?? "this host"} is not allowed (add it to --allow-net)`,
      false,
    );
  }
  if (signal.aborted) {
    const why = String(signal.reason?.message ?? signal.reason);
    if (why === "stalled") return new TransferError("transfer stalled", true, null, "keep", true);
    return new TransferError(why === "idle" ? "no answer from the server" : "aborted", true);
  }
  const cause = (e as { cause?: unknown })?.cause;
  const msg = cause instanceof Error ? cause.message : e instanceof Error ? e.message : String(e);
  return new TransferError(`network error: ${msg}`, true);
}

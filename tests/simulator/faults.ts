/** Fault injection: what may go wrong, and the queue that decides which request it hits. */
import type { ExpireMode } from "./sim_types.ts";

/** Fields every fault may carry. */
export interface FaultCommon {
  /** API: endpoint name (or a substring of the path). Files: a substring of the URL path. */
  match?: string;
  /** How many requests it affects (default 1; Infinity allowed). */
  times?: number;
  /** Let this many matching requests through untouched first (default 0). */
  skip?: number;
}

/** A fault to inject; see injectFault. */
export type Fault =
  & FaultCommon
  & (
    | { kind: "status"; status: number; retryAfter?: number; target?: "api" | "file" }
    | { kind: "reset"; afterBytes: number; target?: "api" | "file" }
    | { kind: "short"; afterBytes: number; target?: "api" | "file" }
    | { kind: "stall"; afterBytes: number; ms: number; target?: "api" | "file" }
    | { kind: "html"; status?: number; target?: "api" }
    | { kind: "invalid-json"; target?: "api" }
    // A logical error inside an HTTP 200, as Slooh reports them (slooh-api.md §12).
    | {
      kind: "api-error";
      statusCode: number;
      errorCode?: number;
      errorMsg?: string;
      target?: "api";
    }
    | { kind: "error-body"; contentType?: string; target?: "file" }
    | { kind: "expire"; mode?: ExpireMode; target?: "api" | "file" }
  );

/** One injected fault and what is left of it. */
interface FaultSlot {
  fault: Fault;
  remaining: number;
  skip: number;
  /** Requests it affected. */
  hits: number;
}

function faultTarget(f: Fault): "api" | "file" {
  switch (f.kind) {
    case "status":
    case "expire":
      return f.target ?? "api";
    case "html":
    case "invalid-json":
    case "api-error":
      return "api";
    case "error-body":
      return "file";
    default:
      return f.target ?? "file";
  }
}

/** Injected faults, matched in the order they were injected. */
export class FaultQueue {
  #pending: FaultSlot[] = [];
  /** Every fault injected, pending or not (clear keeps them: they may have fired). */
  #injected: FaultSlot[] = [];

  /** Queues a fault. */
  inject(fault: Fault): void {
    const slot = { fault, remaining: fault.times ?? 1, skip: fault.skip ?? 0, hits: 0 };
    this.#pending.push(slot);
    this.#injected.push(slot);
  }

  /** The fault that hits this request, if any (counted against its `times`). */
  take(target: "api" | "file", endpoint: string | undefined, path: string): Fault | undefined {
    for (let i = 0; i < this.#pending.length; i++) {
      const slot = this.#pending[i];
      const f = slot.fault;
      if (faultTarget(f) !== target) continue;
      if (f.match !== undefined && f.match !== endpoint && !path.includes(f.match)) continue;
      if (slot.skip > 0) {
        slot.skip--;
        continue;
      }
      slot.hits++;
      if (--slot.remaining <= 0) this.#pending.splice(i, 1);
      return f;
    }
    return undefined;
  }

  /** Removes every pending fault. */
  clear(): void {
    this.#pending = [];
  }

  /** Number of faults still pending. */
  get pending(): number {
    return this.#pending.length;
  }

  /** The faults that never affected a request. */
  unfired(): Fault[] {
    return this.#injected.filter((s) => s.hits === 0).map((s) => s.fault);
  }
}

/** The targets: each is printed with what was measured and whether it is met. */

/** One target and what this run measured against it. */
export interface Target {
  /** What is measured, e.g. "throughput wall / durable yardstick". */
  name: string;
  /** The measured figure, formatted. */
  measured: string;
  /** The limit, formatted with its direction, e.g. "≤ 1.25". */
  limit: string;
  met: boolean;
}

/** The line a target prints as. */
export function targetLine(t: Target): string {
  return `target: ${t.name}: ${t.measured} (target ${t.limit}): ${t.met ? "met" : "NOT MET"}`;
}

/** `n` of `m` targets met, and which were not. */
export function targetSummary(targets: Target[]): string {
  const missed = targets.filter((t) => !t.met);
  return `targets: ${targets.length - missed.length} of ${targets.length} met` +
    (missed.length ? `; not met: ${missed.map((t) => t.name).join("; ")}` : "");
}

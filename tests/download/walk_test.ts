/** The walk in process against the simulator: what it yields, where it stops, faults it rides. */
import assert from "node:assert/strict";
import { walk, type WalkOptions, type WalkResult, type WalkStep } from "../../src/download/walk.ts";
import { State } from "../../src/library/state.ts";
import type { RetryWait } from "../../src/net/retry.ts";
import { SloohClient } from "../../src/slooh/client.ts";
import { type Scenario, scenario } from "../helpers.ts";

function options(t: Scenario, state: State, over: Partial<WalkOptions> = {}): WalkOptions {
  return {
    client: new SloohClient({
      baseUrl: t.sim.apiRoot,
      username: t.sim.account.username,
      password: t.sim.account.password,
      retryBaseMs: 5,
    }),
    state,
    pageSize: 50,
    pictures: true,
    fits: true,
    all: false,
    anchor: null,
    prefetch: true,
    ...over,
  };
}

/** Consumes a walk, answering `stop` after each item; returns the steps and the result. */
async function drain(
  steps: AsyncGenerator<WalkStep, WalkResult, boolean | undefined>,
  stop: (item: number) => boolean = () => false,
): Promise<{ steps: WalkStep[]; result: WalkResult }> {
  const seen: WalkStep[] = [];
  let items = 0;
  let step = await steps.next();
  while (!step.done) {
    seen.push(step.value);
    step = await steps.next(step.value.kind === "item" && stop(++items));
  }
  return { steps: seen, result: step.value };
}

Deno.test("the walk yields every picture and FITS once, and the anchor of a whole pass", async () => {
  await using t = await scenario({ accountOptions: { seed: 12, pictures: 90 } });
  const state = State.memory();
  const { steps, result } = await drain(walk(options(t, state)));
  const keys = steps.flatMap((s) => s.kind === "item" ? [s.item.url] : []);
  assert.deepEqual(
    keys.map((u) => new URL(u).pathname).sort(),
    t.sim.expectedFiles().map((f) => f.path).sort(),
  );
  // 90 pictures, page cap 40: three pages.
  assert.equal(result.pageRequests, 3);
  assert.equal(result.complete, true);
  assert.equal(result.anchor?.total, 90);
  assert.equal(result.anchor?.imageId, t.sim.account.pictures[0].imageId);
  assert.equal(result.atAnchor, false, "a walk to the end did not stop at an anchor");
  const last = steps.at(-1);
  assert.deepEqual(last, { kind: "progress", seen: 90, total: 90 });
  state.close();
});

Deno.test("the walk ends at the anchor: one page for a roll that did not change", async () => {
  await using t = await scenario({ accountOptions: { seed: 12, pictures: 90 } });
  const state = State.memory();
  const first = await drain(walk(options(t, state)));
  t.sim.resetCounts();
  const again = await drain(walk(options(t, state, { anchor: first.result.anchor })));
  assert.equal(again.result.pageRequests, 1);
  assert.equal(t.sim.counts.getMyPictures, 1);
  assert.equal(again.result.complete, true);
  assert.equal(again.result.atAnchor, true);
  state.close();
});

Deno.test("a consumer's stop ends the walk at once: incomplete, no page asked ahead", async () => {
  await using t = await scenario({ accountOptions: { seed: 12, pictures: 90 } });
  const state = State.memory();
  const { steps, result } = await drain(
    walk(options(t, state, { fits: false, prefetch: false })),
    (n) => n === 3,
  );
  assert.equal(steps.filter((s) => s.kind === "item").length, 3);
  assert.deepEqual(result, {
    complete: false,
    anchor: null,
    pageRequests: 1,
    atAnchor: false,
  });
  assert.equal(t.sim.counts.getMyPictures, 1);
  state.close();
});

Deno.test("an API 503 during the walk is retried, and the wait is reported", async () => {
  await using t = await scenario({ accountOptions: { seed: 12, pictures: 30 } });
  t.sim.injectFault({ kind: "status", status: 503, target: "api", match: "getMyPictures" });
  const state = State.memory();
  const o = options(t, state);
  const waits: RetryWait[] = [];
  o.client.onWait = (w) => waits.push(w);
  const { result } = await drain(walk(o));
  assert.deepEqual(t.sim.unfiredFaults(), [], "the fault fired");
  assert.equal(result.complete, true);
  assert.equal(waits.length, 1);
  assert.equal(waits[0].attempt, 2);
  assert.match(waits[0].reason, /HTTP 503/);
  state.close();
});

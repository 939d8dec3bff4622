/** One transfer in process against the simulator: what a fault leaves of the partial file. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { transfer, TransferError } from "../../src/download/transfer.ts";
import { type Scenario, scenario } from "../helpers.ts";
import { fitsCardsFor } from "../simulator/bytes.ts";
import type { AccountOptions } from "../simulator/mod.ts";

function target(t: Scenario, file: { url: string; filename: string }) {
  return {
    url: file.url,
    filename: file.filename,
    partPath: join(t.dir, "x.part"),
    destPath: join(t.dir, "x"),
    mtime: null,
    resumeEtag: null,
  };
}

/**
 * Both ways a body is received: small files read into one buffer, large ones piped to the file
 * and hashed from it afterwards.
 */
const SIZES: { way: string; sizes: Partial<AccountOptions> }[] = [
  { way: "read into a buffer", sizes: {} },
  { way: "piped", sizes: { pictureSize: [300_000, 500_000], fitsSize: [300_000, 500_000] } },
];

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

for (const { way, sizes } of SIZES) {
  Deno.test(`a cut-off body keeps its partial file to resume from (${way})`, async () => {
    await using t = await scenario({ accountOptions: { seed: 3, pictures: 4, ...sizes } });
    const file = t.sim.expectedFiles().find((f) => f.size > 5000)!;
    t.sim.injectFault({ kind: "reset", afterBytes: 2000, target: "file", match: file.path });
    const err = await transfer(target(t, file), { idleTimeoutMs: 2000, stallTimeoutMs: 2000 })
      .catch((
        e,
      ) => e);
    assert.deepEqual(t.sim.unfiredFaults(), [], "the fault fired");
    assert.ok(err instanceof TransferError, String(err));
    assert.equal(err.retryable, true);
    assert.equal(err.partial, "keep");
    assert.ok((await Deno.stat(join(t.dir, "x.part"))).size >= 2000);
    assert.equal(await exists(join(t.dir, "x")), false);
  });
}

// An HTML page in place of a picture is small: it is always read into a buffer.
Deno.test("a wrong body is never resumed from: its partial file goes", async () => {
  await using t = await scenario({ accountOptions: { seed: 3, pictures: 4 } });
  const file = t.sim.expectedFiles().find((f) => f.kind === "picture")!;
  t.sim.injectFault({ kind: "error-body", target: "file", match: file.path });
  const err = await transfer(target(t, file), { idleTimeoutMs: 2000, stallTimeoutMs: 2000 })
    .catch((
      e,
    ) => e);
  assert.deepEqual(t.sim.unfiredFaults(), [], "the fault fired");
  assert.ok(err instanceof TransferError, String(err));
  assert.equal(err.partial, "discard");
  assert.match(err.message, /HTML page instead of/);
  assert.equal(await exists(join(t.dir, "x.part")), false);
  assert.equal(await exists(join(t.dir, "x")), false);
});

Deno.test("an empty body is refused by its signature, at once, not retried as a network error", async () => {
  await using t = await scenario({
    accountOptions: { seed: 3, pictures: 1, pictureSize: [0, 0], fitsPerMission: [0, 0] },
  });
  const file = t.sim.expectedFiles()[0];
  assert.equal(file.size, 0);
  const err = await transfer(target(t, file), { idleTimeoutMs: 2000, stallTimeoutMs: 2000 }).catch((
    e,
  ) => e);
  assert.ok(err instanceof TransferError, String(err));
  assert.match(err.message, /not a PNG file/);
  assert.equal(err.partial, "discard");
  assert.equal(await exists(join(t.dir, "x")), false);
});

Deno.test("a 429 carries the server's Retry-After; a 404 is not retryable", async () => {
  await using t = await scenario({ accountOptions: { seed: 3, pictures: 4 } });
  const [a, b] = t.sim.expectedFiles();
  t.sim.injectFault({ kind: "status", status: 429, retryAfter: 2, target: "file", match: a.path });
  t.sim.injectFault({ kind: "status", status: 404, target: "file", match: b.path });
  const busy = await transfer(target(t, a), { idleTimeoutMs: 2000, stallTimeoutMs: 2000 }).catch((
    e,
  ) => e);
  const gone = await transfer(target(t, b), { idleTimeoutMs: 2000, stallTimeoutMs: 2000 }).catch((
    e,
  ) => e);
  assert.deepEqual(t.sim.unfiredFaults(), [], "both faults fired");
  assert.equal(busy.retryable, true);
  assert.equal(busy.retryAfterMs, 2000);
  assert.equal(gone.retryable, false);
});

for (const { way, sizes } of SIZES) {
  Deno.test(`a FITS file's header is read as it streams in: its facts, and DATE-OBS as mtime (${way})`, async () => {
    await using t = await scenario({ accountOptions: { seed: 3, pictures: 6, ...sizes } });
    const file = t.sim.expectedFiles().find((f) => f.kind === "fits")!;
    const cards = new Map(fitsCardsFor(file.url));
    assert.ok(cards.get("DATE-OBS") && cards.get("FILTER"), file.url);
    const result = await transfer({ ...target(t, file), mtime: new Date(0) }, {
      idleTimeoutMs: 2000,
      stallTimeoutMs: 2000,
    });
    assert.equal(result.fits?.observedAt?.toISOString().slice(0, 22), cards.get("DATE-OBS"));
    assert.equal(result.fits?.exposureSeconds, cards.get("EXPTIME"));
    assert.equal(result.fits?.observer, cards.get("OBSERVER"));
    assert.equal(result.fits?.filter?.raw, cards.get("FILTER"));
    const mtime = (await Deno.stat(join(t.dir, "x"))).mtime!;
    assert.equal(mtime.getTime(), result.fits?.observedAt?.getTime());
    const picture = t.sim.expectedFiles().find((f) => f.kind === "picture")!;
    const other = await transfer({ ...target(t, picture), destPath: join(t.dir, "y") }, {
      idleTimeoutMs: 2000,
      stallTimeoutMs: 2000,
    });
    assert.equal(other.fits, null);
  });

  Deno.test(`a resumed FITS transfer reads the header from the bytes of the first attempt (${way})`, async () => {
    await using t = await scenario({ accountOptions: { seed: 3, pictures: 6, ...sizes } });
    const file = t.sim.expectedFiles().find((f) => f.kind === "fits" && f.size > 5000)!;
    t.sim.injectFault({ kind: "reset", afterBytes: 1000, target: "file", match: file.path });
    let etag: string | null = null;
    const err = await transfer(target(t, file), {
      idleTimeoutMs: 2000,
      stallTimeoutMs: 2000,
      onStart: (_, e) => etag = e,
    }).catch((e) => e);
    assert.deepEqual(t.sim.unfiredFaults(), [], "the fault fired");
    assert.ok(err instanceof TransferError);
    assert.ok(etag);
    const result = await transfer({ ...target(t, file), resumeEtag: etag }, {
      idleTimeoutMs: 2000,
      stallTimeoutMs: 2000,
    });
    assert.ok(result.resumedFrom > 0 && result.resumedFrom < 2880, String(result.resumedFrom));
    const dateObs = new Map(fitsCardsFor(file.url)).get("DATE-OBS");
    assert.ok(dateObs);
    assert.equal(result.fits?.observedAt?.toISOString().slice(0, 22), dateObs);
    const mtime = (await Deno.stat(join(t.dir, "x"))).mtime!;
    assert.equal(mtime.getTime(), result.fits?.observedAt?.getTime());
  });
}

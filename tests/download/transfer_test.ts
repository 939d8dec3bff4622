/** One transfer in process against the simulator: what a fault leaves of the partial file. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { transfer, TransferError } from "../../src/download/transfer.ts";
import { FetchFileHost } from "../../src/net/fetch_file_host.ts";
import type { FileHost } from "../../src/net/file_host.ts";
import { Http1Client } from "../../src/net/http1_client.ts";
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
 * Both clients of the file hosts (slooh-dl's own, and fetch behind a proxy), and both ways a body
 * is written: a small one at once, a large one through the 1 MiB buffer in several writes.
 */
const WAYS: { way: string; sizes: Partial<AccountOptions>; open: () => FileHost }[] = [
  { way: "small, own client", sizes: {}, open: () => new Http1Client() },
  { way: "small, fetch", sizes: {}, open: () => new FetchFileHost() },
  {
    way: "large, own client",
    sizes: { pictureSize: [1_500_000, 2_500_000], fitsSize: [1_500_000, 2_500_000] },
    open: () => new Http1Client(),
  },
  {
    way: "large, fetch",
    sizes: { pictureSize: [300_000, 500_000], fitsSize: [300_000, 500_000] },
    open: () => new FetchFileHost(),
  },
];

/** The options of a transfer through `host`, with short quiet limits. */
function opts(host: FileHost) {
  return { host, idleTimeoutMs: 2000, stallTimeoutMs: 2000 };
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

for (const { way, sizes, open } of WAYS) {
  Deno.test(`a cut-off body keeps its partial file to resume from (${way})`, async () => {
    await using t = await scenario({ accountOptions: { seed: 3, pictures: 4, ...sizes } });
    using host = open();
    const file = t.sim.expectedFiles().find((f) => f.size > 5000)!;
    t.sim.injectFault({ kind: "reset", afterBytes: 2000, target: "file", match: file.path });
    const err = await transfer(target(t, file), opts(host))
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
  using host = new Http1Client();
  const file = t.sim.expectedFiles().find((f) => f.kind === "picture")!;
  t.sim.injectFault({ kind: "error-body", target: "file", match: file.path });
  const err = await transfer(target(t, file), opts(host))
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
  using host = new Http1Client();
  const file = t.sim.expectedFiles()[0];
  assert.equal(file.size, 0);
  const err = await transfer(target(t, file), opts(host)).catch((
    e,
  ) => e);
  assert.ok(err instanceof TransferError, String(err));
  assert.match(err.message, /not a PNG file/);
  assert.equal(err.partial, "discard");
  assert.equal(await exists(join(t.dir, "x")), false);
});

Deno.test("a 429 carries the server's Retry-After; a 404 is not retryable", async () => {
  await using t = await scenario({ accountOptions: { seed: 3, pictures: 4 } });
  using host = new Http1Client();
  const [a, b] = t.sim.expectedFiles();
  t.sim.injectFault({ kind: "status", status: 429, retryAfter: 2, target: "file", match: a.path });
  t.sim.injectFault({ kind: "status", status: 404, target: "file", match: b.path });
  const busy = await transfer(target(t, a), opts(host)).catch((
    e,
  ) => e);
  const gone = await transfer(target(t, b), opts(host)).catch((
    e,
  ) => e);
  assert.deepEqual(t.sim.unfiredFaults(), [], "both faults fired");
  assert.equal(busy.retryable, true);
  assert.equal(busy.retryAfterMs, 2000);
  assert.equal(gone.retryable, false);
});

for (const { way, sizes, open } of WAYS) {
  Deno.test(`a FITS file's header is read as it streams in: its facts, and DATE-OBS as mtime (${way})`, async () => {
    await using t = await scenario({ accountOptions: { seed: 3, pictures: 6, ...sizes } });
    using host = open();
    const file = t.sim.expectedFiles().find((f) => f.kind === "fits")!;
    const cards = new Map(fitsCardsFor(file.url));
    assert.ok(cards.get("DATE-OBS") && cards.get("FILTER"), file.url);
    const result = await transfer({ ...target(t, file), mtime: new Date(0) }, {
      ...opts(host),
    });
    assert.equal(result.fits?.observedAt?.toISOString().slice(0, 22), cards.get("DATE-OBS"));
    assert.equal(result.fits?.exposureSeconds, cards.get("EXPTIME"));
    assert.equal(result.fits?.observer, cards.get("OBSERVER"));
    assert.equal(result.fits?.filter?.raw, cards.get("FILTER"));
    const mtime = (await Deno.stat(join(t.dir, "x"))).mtime!;
    assert.equal(mtime.getTime(), result.fits?.observedAt?.getTime());
    const picture = t.sim.expectedFiles().find((f) => f.kind === "picture")!;
    const other = await transfer({ ...target(t, picture), destPath: join(t.dir, "y") }, {
      ...opts(host),
    });
    assert.equal(other.fits, null);
  });

  Deno.test(`a resumed FITS transfer reads the header from the bytes of the first attempt (${way})`, async () => {
    await using t = await scenario({ accountOptions: { seed: 3, pictures: 6, ...sizes } });
    using host = open();
    const file = t.sim.expectedFiles().find((f) => f.kind === "fits" && f.size > 5000)!;
    t.sim.injectFault({ kind: "reset", afterBytes: 1000, target: "file", match: file.path });
    let etag: string | null = null;
    const err = await transfer(target(t, file), {
      ...opts(host),
      onStart: (_, e) => etag = e,
    }).catch((e) => e);
    assert.deepEqual(t.sim.unfiredFaults(), [], "the fault fired");
    assert.ok(err instanceof TransferError);
    assert.ok(etag);
    const result = await transfer({ ...target(t, file), resumeEtag: etag }, {
      ...opts(host),
    });
    assert.ok(result.resumedFrom > 0 && result.resumedFrom < 2880, String(result.resumedFrom));
    const dateObs = new Map(fitsCardsFor(file.url)).get("DATE-OBS");
    assert.ok(dateObs);
    assert.equal(result.fits?.observedAt?.toISOString().slice(0, 22), dateObs);
    const mtime = (await Deno.stat(join(t.dir, "x"))).mtime!;
    assert.equal(mtime.getTime(), result.fits?.observedAt?.getTime());
  });
}

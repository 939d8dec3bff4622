/** The API client against the simulator, one Slooh quirk at a time. */
import assert from "node:assert/strict";
import { AuthError, ConfigError, FatalError } from "../../src/errors.ts";
import { type PictureView, PRODUCT_ID, SloohClient } from "../../src/slooh/client.ts";
import { timeFromName } from "../../src/slooh/dates.ts";
import type { Item } from "../../src/slooh/types.ts";
import { Simulator } from "../simulator/mod.ts";

async function withClient(
  fn: (client: SloohClient, sim: Simulator) => Promise<void>,
  opts: { pictures?: number; pageCap?: number; password?: string } = {},
): Promise<void> {
  const sim = await Simulator.start({
    accountOptions: { seed: 3, pictures: opts.pictures ?? 30 },
    pageCap: opts.pageCap,
  });
  try {
    const client = new SloohClient({
      baseUrl: sim.apiRoot,
      username: sim.account.username,
      password: opts.password ?? sim.account.password,
      retryBaseMs: 5,
      timeoutMs: 5000,
    });
    await fn(client, sim);
  } finally {
    await sim.close();
  }
}

/** Sees data, expires the session, then asserts a mission's FITS still come back whole. */
async function assertFitsAfterExpiry(
  client: SloohClient,
  sim: Simulator,
  mode: "silent" | "401" | "60003",
): Promise<void> {
  await client.picturesPage({ kind: "photoRoll" }, 1, 10);
  sim.expireSessions(mode);
  const m = [...sim.account.missions.values()].find((m) => m.fits.length)!;
  const fits = await client.missionFits({
    missionId: m.id,
    title: "",
    telescope: "",
    capturedAt: null,
  });
  assert.equal(fits.length, m.fits.length);
}

async function allPictures(client: SloohClient, view: PictureView, ask = 50): Promise<Item[]> {
  const out: Item[] = [];
  for (let first = 1;;) {
    const page = await client.picturesPage(view, first, ask);
    if (page.entries.length === 0) break;
    out.push(...page.entries.filter((e): e is Item => e !== null));
    first += page.entries.length;
    if (page.total !== null && first - 1 >= page.total) break;
  }
  return out;
}

Deno.test("handshake: empty-body token call, cookie, passwd, constant fields on every call", () =>
  withClient(async (client, sim) => {
    const account = await client.login();
    assert.equal(account.displayName, sim.account.displayName);
    await client.picturesPage({ kind: "photoRoll" }, 1, 5);
    const [token, login, pictures] = sim.requests;
    assert.equal(token.path, "/api/app/generateSessionToken");
    assert.equal(token.body, undefined);
    assert.equal(login.path, "/api/users/login");
    const lb = login.body as Record<string, unknown>;
    assert.equal(lb.passwd, sim.account.password);
    assert.equal(lb.password, undefined);
    assert.match(login.headers.cookie, /_sloohsstkn=/);
    const pb = pictures.body as Record<string, unknown>;
    assert.equal(pb.productId, PRODUCT_ID);
    assert.equal(pb.locale, "en");
    assert.equal(typeof pb.at, "string");
    assert.equal(typeof pb.cid, "string");
    assert.equal(typeof pb.token, "string");
    assert.equal(pb.viewType, "photoRoll");
    assert.equal(pb.scheduledMissionId, 0);
    assert.ok(sim.requests.every((r) => !r.rejected), "the simulator rejected a call");
  }));

Deno.test('a wrong password is an AuthError (loginError "true" inside HTTP 200)', () =>
  withClient(async (client) => {
    await assert.rejects(client.login(), (e) => {
      assert.ok(e instanceof AuthError);
      assert.match(e.message, /Invalid username or password/);
      assert.ok(!e.message.includes("wrong-pass"));
      return true;
    });
  }, { password: "wrong-pass" }));

Deno.test("a server error inside the login's answer is an outage (exit 4), not a refusal (exit 3)", () =>
  withClient(async (client, sim) => {
    sim.injectFault({
      kind: "api-error",
      match: "login",
      statusCode: 503,
      errorMsg: "Service temporarily unavailable",
    });
    await assert.rejects(client.login(), (e) => {
      assert.ok(e instanceof FatalError && !(e instanceof AuthError), String(e));
      assert.equal(e.exitCode, 4);
      assert.match(e.message, /could not log in .* just now: Service temporarily unavailable/);
      return true;
    });
    assert.deepEqual(sim.unfiredFaults(), [], "the fault fired");
    // The next try logs in: nothing about the account was wrong.
    assert.ok((await client.login()).userId);
  }));

Deno.test("a session dropped between the login's two steps is started again once", () =>
  withClient(async (client, sim) => {
    sim.injectFault({ kind: "expire", match: "login", mode: "60003" });
    assert.ok((await client.login()).userId);
    assert.deepEqual(sim.unfiredFaults(), [], "the fault fired");
    assert.equal(sim.counts.generateSessionToken, 2);
    assert.equal(sim.counts.login, 2);
  }));

Deno.test("plain http is refused for a remote host, allowed on loopback", () => {
  assert.throws(
    () => new SloohClient({ baseUrl: "http://app.slooh.com", username: "u", password: "p" }),
    ConfigError,
  );
  new SloohClient({ baseUrl: "http://127.0.0.1:1", username: "u", password: "p" });
  new SloohClient({ baseUrl: "http://[::1]:1", username: "u", password: "p" });
});

for (const pictures of [40, 41, 80, 81, 7]) {
  Deno.test(`paging reaches exactly the last of ${pictures} pictures (server cap 40, ask 50)`, () =>
    withClient(async (client, sim) => {
      const got = await allPictures(client, { kind: "photoRoll" });
      assert.deepEqual(got.map((p) => p.imageId), sim.account.pictures.map((p) => p.imageId));
      // No request past the end: the stop rule is first-1 >= total, not CE's first < total.
      assert.equal(sim.counts.getMyPictures, Math.ceil(pictures / 40));
    }, { pictures }));
}

Deno.test("pictures: string totalCount, stripped ?rand= names, missing filename, empty telescope", () =>
  withClient(async (client, sim) => {
    const got = await allPictures(client, { kind: "photoRoll" });
    const raw = sim.requests.find((r) => r.endpoint === "getMyPictures");
    assert.ok(raw);
    for (const [i, p] of got.entries()) {
      const truth = sim.account.pictures[i];
      assert.equal(p.key, `p${truth.imageId}`);
      assert.equal(p.url, truth.url, "the URL must be requested exactly as given");
      assert.ok(!p.filename.includes("?"), p.filename);
      const basename = new URL(truth.url).pathname.split("/").pop();
      assert.equal(p.filename, truth.downloadFilename ?? basename);
      assert.equal(p.title, truth.title.trim());
      assert.equal(p.telescope, truth.telescope);
      assert.equal(p.missionId, truth.missionId);
      // The most exact time Slooh sends: imageTimestamp where present, else the name's or slot's.
      const at = truth.imageTimestamp
        ? Number(truth.imageTimestamp) * 1000
        : truth.capturedAt.getTime();
      assert.equal(p.capturedAt?.getTime(), at, truth.displayDate);
    }
    assert.ok(sim.account.pictures.some((p) => p.imageTimestamp !== undefined));
    assert.ok(sim.account.pictures.some((p) => p.downloadFilename === undefined));
    assert.ok(sim.account.pictures.some((p) => p.telescope === ""));
  }, { pictures: 60 }));

Deno.test("viewType: one mission, and non-mission captures", () =>
  withClient(async (client, sim) => {
    const mission = sim.account.pictures.find((p) => p.missionId > 0)!.missionId;
    const inMission = await allPictures(client, { kind: "mission", missionId: mission });
    assert.deepEqual(
      inMission.map((p) => p.imageId).sort(),
      sim.account.pictures.filter((p) => p.missionId === mission).map((p) => p.imageId).sort(),
    );
    const captures = await allPictures(client, { kind: "captures" });
    assert.ok(captures.length > 0);
    assert.ok(captures.every((p) => p.missionId === 0));
  }, { pictures: 60 }));

Deno.test("FITS inherit title and telescope from their mission, their time from their name", () =>
  withClient(async (client, sim) => {
    const m = [...sim.account.missions.values()].find((m) => m.fits.length > 1)!;
    const items = await client.missionFits({
      missionId: m.id,
      title: m.title.trim(),
      telescope: m.telescope,
      capturedAt: m.capturedAt,
    });
    assert.equal(items.length, m.fits.length);
    for (const [i, f] of items.entries()) {
      assert.equal(f.kind, "fits");
      assert.equal(f.title, m.title.trim());
      // Until the header is read: the name's time less the middle of the observed 23–67 s lag.
      const named = timeFromName(f.filename);
      assert.equal(
        f.capturedAt?.getTime(),
        named ? named.getTime() - 45_000 : m.capturedAt.getTime(),
      );
      assert.equal(f.instrument, m.fits[i].group);
      assert.ok(f.filename.endsWith(".fit"));
      assert.equal(f.key, m.fits[i].imageId ? `f${m.fits[i].imageId}` : `u${m.fits[i].url}`);
    }
  }, { pictures: 60 }));

Deno.test("missions: numeric totalCount, string missionImageCount, 1-based paging", () =>
  withClient(async (client, sim) => {
    const seen: number[] = [];
    for (let first = 1;;) {
      const page = await client.missionsPage(first, 50);
      seen.push(...page.missions.map((m) => m.id));
      first += page.received;
      if (page.received === 0 || first - 1 >= page.total) break;
    }
    assert.equal(seen.length, sim.account.missions.size);
    const page = await client.missionsPage(1, 1);
    const id = page.missions[0].id;
    const count = sim.account.pictures.filter((p) => p.missionId === id).length;
    assert.equal(page.missions[0].imageCount, count);
    assert.equal(page.missions[0].fitsAvailable, sim.account.missions.get(id)!.fitsAvailable);
  }, { pictures: 60 }));

Deno.test('silent session expiry (totalCount "0") is healed by a new handshake', () =>
  withClient(async (client, sim) => {
    await client.picturesPage({ kind: "photoRoll" }, 1, 10);
    sim.expireSessions("silent");
    const page = await client.picturesPage({ kind: "photoRoll" }, 11, 10);
    assert.equal(page.entries.length, 10);
    assert.equal(sim.counts.login, 2);
    assert.equal(sim.counts.generateSessionToken, 2);
  }));

for (const mode of ["401", "60003"] as const) {
  Deno.test(`explicit session expiry (${mode}) is healed by a new handshake`, () =>
    withClient(async (client, sim) => {
      await assertFitsAfterExpiry(client, sim, mode);
      assert.equal(sim.counts.login, 2);
    }));
}

Deno.test("an empty FITS list on an expired session is not believed", () =>
  withClient(async (client, sim) => {
    await assertFitsAfterExpiry(client, sim, "silent");
  }));

Deno.test("5xx and HTML answers are retried; a lasting HTML page is one clear error", () =>
  withClient(async (client, sim) => {
    sim.injectFault({ kind: "status", status: 503, target: "api", match: "getMyPictures" });
    sim.injectFault({ kind: "html", target: "api", match: "getMyPictures" });
    const page = await client.picturesPage({ kind: "photoRoll" }, 1, 5);
    assert.equal(page.entries.length, 5);
    sim.injectFault({ kind: "html", target: "api", match: "getMyPictures", times: Infinity });
    await assert.rejects(client.picturesPage({ kind: "photoRoll" }, 1, 5), (e) => {
      assert.ok(e instanceof FatalError);
      assert.match(e.message, /HTML page instead of JSON/);
      return true;
    });
  }));

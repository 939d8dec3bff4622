import assert from "node:assert/strict";
import { PRODUCT_ID } from "./mod.ts";
import { withScenario } from "../helpers.ts";
import { authed, handshake, pictures, post } from "./test_support.ts";

Deno.test("expiry: silent, 401 and 60003 modes; a fresh handshake recovers", async () => {
  await withScenario({}, async ({ sim }) => {
    let s = await handshake(sim);
    sim.expireSessions("silent");
    const silent = (await pictures(sim, s, {})).json;
    assert.equal(silent.apiError, false);
    assert.equal(silent.totalCount, "0");
    assert.equal(silent.imageCount, 0);
    assert.deepEqual(silent.imageList, []);
    const m = await post(
      sim,
      "/api/images/getMissionImages",
      authed(s, { maxMissionCount: 18, firstMissionNumber: 1 }),
      s.cookie,
    );
    assert.deepEqual(m.json.imageList, []);
    // The old cookie cannot log in again.
    const relog = await post(sim, "/api/users/login", {
      username: sim.account.username,
      passwd: sim.account.password,
      productId: PRODUCT_ID,
      locale: "en",
    }, s.cookie);
    assert.equal(relog.json.loginError, "true");

    s = await handshake(sim);
    assert.equal((await pictures(sim, s, {})).json.totalCount, "60");
    sim.expireSessions("401");
    assert.deepEqual((await pictures(sim, s, {})).json, {
      apiError: true,
      errorCode: 0,
      errorMsg: "Your session has expired.",
      statusCode: 401,
    });

    s = await handshake(sim);
    sim.expireSessions("60003");
    const e = (await pictures(sim, s, {})).json;
    assert.equal(e.errorCode, 60003);
    assert.equal(e.statusCode, 401);
    assert.equal(e.apiError, true);

    s = await handshake(sim);
    assert.equal((await pictures(sim, s, {})).json.totalCount, "60");
  });
});

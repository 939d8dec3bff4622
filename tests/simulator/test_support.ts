/** Wire-level helpers the simulator's tests share: raw API calls, a session, its auth triple. */
import assert from "node:assert/strict";
import { PRODUCT_ID, type Simulator } from "./mod.ts";

// Wire JSON is untyped by nature; the tests poke at it freely.
// deno-lint-ignore no-explicit-any
export type Any = any;

interface Session {
  cookie: string;
  sst: string;
  auth: { at: string; cid: string; token: string };
}

/** POSTs `body` as JSON to an API path; the answer parsed when it is JSON, else its text. */
export async function post(
  sim: Simulator,
  path: string,
  body?: unknown,
  cookie?: string,
): Promise<{ status: number; json: Any; res: Response }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
  if (cookie) headers.cookie = cookie;
  const res = await fetch(`${sim.apiRoot}${path}`, {
    method: "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Any = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, res };
}

/** A session as the web client makes one: its token and cookie, then a login with them. */
export async function handshake(sim: Simulator): Promise<Session> {
  const t = await post(sim, "/api/app/generateSessionToken");
  const sst = t.json.sloohSessionToken as string;
  const cookie = `_sloohsstkn=${sst}`;
  const l = await post(sim, "/api/users/login", {
    username: sim.account.username,
    passwd: sim.account.password,
    productId: PRODUCT_ID,
    locale: "en",
  }, cookie);
  assert.equal(l.json.loginError, "false");
  return { cookie, sst, auth: { at: l.json.at, cid: l.json.cid, token: l.json.token } };
}

/** A request body carrying the session's auth triple and token echo. */
export function authed(s: Session, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sloohSiteSessionToken: s.sst,
    ...s.auth,
    productId: PRODUCT_ID,
    locale: "en",
    ...extra,
  };
}

/** One `getMyPictures` call with the session's auth. */
export function pictures(sim: Simulator, s: Session, extra: Record<string, unknown>) {
  return post(
    sim,
    "/api/images/getMyPictures",
    authed(s, {
      scheduledMissionId: 0,
      maxImageCount: 50,
      firstImageNumber: 1,
      viewType: "photoRoll",
      ...extra,
    }),
    s.cookie,
  );
}

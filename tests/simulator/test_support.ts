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

export function authed(s: Session, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sloohSiteSessionToken: s.sst,
    ...s.auth,
    productId: PRODUCT_ID,
    locale: "en",
    ...extra,
  };
}

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

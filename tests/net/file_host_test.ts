/** Which client a run's transfers use: slooh-dl's own, or fetch where a proxy may apply. */
import assert from "node:assert/strict";
import { FetchFileHost } from "../../src/net/fetch_file_host.ts";
import { openFileHost } from "../../src/net/file_host.ts";
import { PROXY_VARS } from "../../src/net/proxy_vars.ts";
import { Http1Client } from "../../src/net/http1_client.ts";
import { ENV_VARS } from "../../src/cli/permissions.ts";

Deno.test("without a proxy variable transfers use slooh-dl's own client", () => {
  using host = openFileHost("linux", () => undefined);
  assert.ok(host instanceof Http1Client);
  using mac = openFileHost("darwin", (v) => v === "NO_PROXY" ? "*" : undefined);
  assert.ok(mac instanceof Http1Client);
});

Deno.test("a proxy variable, or Windows and its registry proxy, means fetch", () => {
  for (const name of PROXY_VARS) {
    using host = openFileHost("linux", (v) => v === name ? "http://proxy:3128" : undefined);
    assert.ok(host instanceof FetchFileHost, name);
  }
  using empty = openFileHost("linux", () => "");
  assert.ok(empty instanceof Http1Client, "an empty variable sets no proxy");
  using win = openFileHost("windows", () => undefined);
  assert.ok(win instanceof FetchFileHost);
});

Deno.test("the executables may read every proxy variable", () => {
  for (const name of PROXY_VARS) assert.ok(ENV_VARS.includes(name), name);
});

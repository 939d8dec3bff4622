/** Which signals stop a run, per platform, and the exit code each leaves. */
import assert from "node:assert/strict";
import { stopSignals } from "../../src/cli/session.ts";

Deno.test("Unix: Ctrl-C 130, SIGTERM 143, SIGHUP 129; Windows: Ctrl-C and Ctrl-Break 130", () => {
  const codes = (os: typeof Deno.build.os) =>
    Object.fromEntries(stopSignals(os).map((s) => [s.name, s.code]));
  assert.deepEqual(codes("linux"), { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 });
  assert.deepEqual(codes("darwin"), codes("linux"));
  assert.deepEqual(codes("windows"), { SIGINT: 130, SIGBREAK: 130 });
});

import assert from "node:assert/strict";
import { diskError, isDiskError } from "../src/disk_error.ts";

Deno.test("disk errors are told apart from the others and named for the library", () => {
  const full = Object.assign(new Error("No space left on device (os error 28)"), {
    code: "ENOSPC",
  });
  const ro = new Error("Read-only file system (os error 30): open '/lib/x'");
  const sqliteRo = new Error("attempt to write a readonly database");
  assert.ok(isDiskError(full) && isDiskError(ro) && isDiskError(sqliteRo));
  assert.ok(!isDiskError(new Error("connection reset")) && !isDiskError("text"));
  assert.equal(
    diskError(full, "/lib").message,
    "The disk holding /lib is full; free some space and run again.",
  );
  assert.equal(diskError(sqliteRo, "/lib").message, "The library /lib is read-only.");
  assert.equal(
    diskError(new Error("Not a directory (os error 20)\nmore"), "/lib").message,
    "Cannot write into the library /lib: Not a directory (os error 20)",
  );
});

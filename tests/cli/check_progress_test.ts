import assert from "node:assert/strict";
import { checkLine } from "../../src/cli/check_progress.ts";

Deno.test("verify's progress line: files, bytes, then rate and ETA once they mean something", () => {
  const base = { files: 3, totalFiles: 10, bytes: 500_000_000, totalBytes: 2_000_000_000 };
  assert.equal(checkLine({ ...base, elapsedMs: 100 }), "3/10 files, 500 MB of 2.00 GB");
  assert.equal(
    checkLine({ ...base, elapsedMs: 1000 }),
    "3/10 files, 500 MB of 2.00 GB, 500 MB/s",
  );
  assert.equal(
    checkLine({ ...base, elapsedMs: 2500 }),
    "3/10 files, 500 MB of 2.00 GB, 200 MB/s, ETA 7.5 s",
  );
});

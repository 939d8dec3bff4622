import assert from "node:assert/strict";
import { checkLine, checkProgress } from "../../src/cli/check_progress.ts";
import { Output } from "../../src/cli/output.ts";

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

/** An Output that keeps what it would write to stderr. */
class Captured extends Output {
  text: string[] = [];
  constructor() {
    super({ quiet: false, verbose: false, color: false });
  }
  override stderr(text: string): void {
    this.text.push(text);
  }
  override raw(text: string): void {
    this.text.push(text);
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("off a terminal verify prints plain progress lines, only when something changed", async () => {
  const out = new Captured();
  const p = checkProgress(out, "plain", { files: 2, bytes: 100 }, 10);
  p.bytes(40);
  await wait(35);
  const quiet = out.text.length;
  await wait(35);
  assert.equal(out.text.length, quiet, "an unchanged line was printed again");
  p.file();
  await wait(35);
  p.stop();
  assert.ok(out.text.length >= 2);
  assert.ok(out.text.every((l) => l.startsWith("progress: ")), out.text.join("|"));
  assert.match(out.text[0], /^progress: 0\/2 files, 40 B of 100 B/);
  assert.match(out.text.at(-1)!, /^progress: 1\/2 files/);
});

Deno.test("on a terminal verify redraws one line in place and clears it when done", async () => {
  const out = new Captured();
  const p = checkProgress(out, "live", { files: 1, bytes: 10 });
  p.bytes(5);
  await wait(450);
  p.stop();
  const all = out.text.join("");
  assert.match(all, /verify: 0\/1 files, 5 B of 10 B/);
  assert.ok(all.includes("\r\x1b[J"), "the line was not cleared");
});

import assert from "node:assert/strict";
import { followRefresh, wantsRefresh } from "../../src/cli/gallery_refresh.ts";
import { Output } from "../../src/cli/output.ts";
import type { GalleryProgress, GalleryResult } from "../../src/gallery/refresh.ts";

/** An Output that keeps what it would write to stderr. */
class Captured extends Output {
  raws: string[] = [];
  lines: string[] = [];
  constructor(quiet = false) {
    super({ quiet, verbose: false, color: false });
  }
  override raw(text: string) {
    this.raws.push(text);
  }
  override stderr(text: string) {
    this.lines.push(text);
  }
}

const RESULT: GalleryResult = {
  index: "/lib/index.html",
  files: 120,
  objects: 3,
  rendered: 120,
  pruned: 0,
  unreadable: 0,
};

/** A refresh of `total` previews; `ended` says whether its generator was closed. */
function fakeRun(total: number, ended: { value: boolean }) {
  return (async function* (): AsyncGenerator<GalleryProgress, GalleryResult> {
    try {
      for (let done = 0; done <= total; done++) yield { phase: "previews", done, total };
      yield { phase: "pages", objects: 3 };
      return RESULT;
    } finally {
      ended.value = true;
    }
  })();
}

Deno.test("a refresh shows previews n/N in place on a terminal, plain lines elsewhere", async () => {
  const live = new Captured();
  const ended = { value: false };
  assert.equal(await followRefresh(live, fakeRun(120, ended), "live"), RESULT);
  assert.ok(live.raws.some((t) => t.endsWith("previews 120/120")), live.raws.join(""));
  assert.ok(live.raws.some((t) => t.includes("\r\x1b[J")), "the line is redrawn in place");
  assert.equal(live.raws.at(-1), "\r\x1b[J", "the line is cleared at the end");
  assert.deepEqual(live.lines, []);
  assert.equal(live.beforeMessage, null);

  const plain = new Captured();
  await followRefresh(plain, fakeRun(120, ended), "plain");
  assert.deepEqual(plain.lines, [
    "previews 0/120",
    "previews 50/120",
    "previews 100/120",
    "previews 120/120",
    "pages",
  ]);
  assert.deepEqual(plain.raws, []);

  const quiet = new Captured(true);
  await followRefresh(quiet, fakeRun(10, ended), "off");
  assert.deepEqual([quiet.lines, quiet.raws], [[], []]);
});

Deno.test("an aborted refresh stops at the next step and closes the refresh", async () => {
  const out = new Captured();
  const ended = { value: false };
  const stop = new AbortController();
  const run = fakeRun(1000, ended);
  // Abort once the first step is shown: the output's first line triggers it.
  const original = out.stderr.bind(out);
  out.stderr = (text: string) => {
    original(text);
    stop.abort();
  };
  assert.equal(await followRefresh(out, run, "plain", stop.signal), null);
  assert.deepEqual(out.lines, ["previews 0/1000"]);
  assert.equal(ended.value, true);
});

Deno.test("only a run that brought files, not interrupted, with gallery.auto on, refreshes", () => {
  const run = { downloaded: 1, adopted: 0, interrupted: false };
  assert.equal(wantsRefresh({ galleryAuto: true }, run), true);
  assert.equal(wantsRefresh({ galleryAuto: true }, { ...run, downloaded: 0, adopted: 2 }), true);
  assert.equal(wantsRefresh({ galleryAuto: true }, { ...run, downloaded: 0 }), false);
  assert.equal(wantsRefresh({ galleryAuto: false }, run), false);
  assert.equal(wantsRefresh({ galleryAuto: true }, { ...run, interrupted: true }), false);
});

/** `download` and `retry` keep an existing gallery current, and never make or break one. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { lockGallery } from "../../src/library/library_lock.ts";
import { assertLibraryMatches, cliCommand, listFiles, scenario, simEnv } from "../helpers.ts";

const GALLERY = ".slooh-dl/gallery";

/** Every file of the gallery (index included) with its mtime. */
async function galleryTimes(lib: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const all = await listFiles(lib, true);
  for (const f of all.filter((f) => f === "index.html" || f.startsWith(GALLERY + "/"))) {
    out.set(f, (await Deno.stat(join(lib, f))).mtime!.getTime());
  }
  return out;
}

/** How many previews the cache manifest holds. */
async function previewedFiles(lib: string): Promise<number> {
  const manifest = JSON.parse(
    await Deno.readTextFile(join(lib, GALLERY, "previews/previews.json")),
  );
  return Object.values(manifest.previews as Record<string, { large: unknown }>).length;
}

Deno.test("download refreshes a gallery the library has, only after a run that brought files", async () => {
  await using t = await scenario({ accountOptions: { seed: 5, pictures: 6 } });
  const first = await t.run("--limit", "2");
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.json.downloaded, 2);
  assert.ok(!(await listFiles(t.lib, true)).includes("index.html"), "download made a gallery");

  const made = await t.cli(["gallery", "-d", t.lib]);
  assert.equal(made.code, 0, made.stderr);
  const before = await galleryTimes(t.lib);
  assert.ok(before.has("index.html") && before.size > 4, [...before.keys()].join(" "));

  // --no-gallery: files arrive, the gallery stays as it was.
  const skipped = await t.run("--limit", "1", "--no-gallery");
  assert.equal(skipped.json.downloaded, 1, skipped.stderr);
  assert.doesNotMatch(skipped.stderr, /Gallery:/);
  assert.deepEqual(await galleryTimes(t.lib), before);

  // A refresh that fails (the pages folder is a file) is a warning; the download succeeds.
  const pages = join(t.lib, GALLERY, "objects");
  await Deno.remove(pages, { recursive: true });
  await Deno.writeTextFile(pages, "in the way");
  const broken = await t.run("--limit", "1");
  assert.equal(broken.code, 0, broken.stderr);
  assert.equal(broken.json.downloaded, 1);
  assert.match(broken.stderr, /warning: the gallery was not refreshed: .+/);
  assert.equal(broken.stderr.match(/warning: the gallery/g)?.length, 1, broken.stderr);
  await Deno.remove(pages);

  // A run that brings the rest refreshes it, with a plain progress line off a terminal.
  const rest = await t.run();
  assert.equal(rest.code, 0, rest.stderr);
  assert.ok(rest.json.downloaded > 0);
  assert.match(rest.stderr, /^previews \d+\/\d+$/m);
  assert.match(rest.stderr, /^Gallery: \d+ objects?, \d+ files, \d+ previews? rendered/m);
  const files = (await listFiles(t.lib)).length;
  assert.equal(files, t.sim.expectedFiles().length);
  assert.equal(await previewedFiles(t.lib), files, "every file has a preview");
  await assertLibraryMatches(t.lib, t.sim);

  // Nothing new: not one gallery file is rewritten.
  const settled = await galleryTimes(t.lib);
  const idle = await t.run();
  assert.equal(idle.json.downloaded, 0, idle.stderr);
  assert.doesNotMatch(idle.stderr, /Gallery:/);
  assert.deepEqual(await galleryTimes(t.lib), settled);
});

Deno.test("retry refreshes the gallery once the failed files arrive", async () => {
  await using t = await scenario({ accountOptions: { seed: 6, pictures: 4 } });
  const path = t.sim.expectedFiles().find((f) => f.kind === "picture")!.path;
  t.sim.injectFault({ kind: "status", status: 404, target: "file", match: path, times: Infinity });
  const first = await t.run();
  assert.equal(first.code, 1, first.stderr);
  assert.equal(first.json.failed, 1);
  assert.equal((await t.cli(["gallery", "-d", t.lib])).code, 0);
  const before = await previewedFiles(t.lib);

  t.sim.clearFaults();
  const again = await t.runJson(["retry"]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.json.downloaded, 1);
  assert.match(again.stderr, /^Gallery: .*1 preview rendered/m);
  assert.equal(await previewedFiles(t.lib), before + 1);
});

Deno.test("while another process writes the gallery, gallery is refused and a run skips its refresh", async () => {
  await using t = await scenario({ accountOptions: { seed: 6, pictures: 3 } });
  assert.equal((await t.run("--limit", "1")).code, 0);
  assert.equal((await t.cli(["gallery", "-d", t.lib])).code, 0);
  const before = await galleryTimes(t.lib);
  const previewsBefore = await previewedFiles(t.lib);
  const other = await lockGallery(t.lib);
  try {
    const refused = await t.cli(["gallery", "-d", t.lib]);
    assert.equal(refused.code, 4, refused.stderr);
    assert.match(refused.stderr, /^error: Another slooh-dl is writing the gallery of /m);
    const run = await t.run();
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.json.downloaded > 0);
    assert.match(run.stderr, /warning: the gallery was not refreshed: Another slooh-dl is writing/);
    assert.deepEqual(await galleryTimes(t.lib), before);
  } finally {
    other.close();
  }
  // The next writer renders what the skipped refresh missed.
  assert.equal((await t.cli(["gallery", "-d", t.lib])).code, 0);
  assert.ok(await previewedFiles(t.lib) > previewsBefore);
});

Deno.test({
  name: "SIGTERM during the refresh after a run: exit 143, and the gallery is left to finish later",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await using t = await scenario({ accountOptions: { seed: 8, pictures: 40 } });
    assert.equal((await t.run("--limit", "1")).code, 0);
    assert.equal((await t.cli(["gallery", "-d", t.lib])).code, 0);
    const child = cliCommand(["--config", t.config, "download", "-d", t.lib], simEnv(t.sim))
      .spawn();
    // The run's summary comes before its refresh: stop it once that line is out.
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let stderr = "";
    while (!/Downloaded \d+ files/.test(stderr)) {
      const { value, done } = await reader.read();
      if (done) break;
      stderr += value;
    }
    child.kill("SIGTERM");
    for (let r = await reader.read(); !r.done; r = await reader.read()) stderr += r.value;
    const { code } = await child.status;
    await child.stdout.cancel();
    assert.equal(code, 143, stderr);
    assert.match(stderr, /the gallery refresh was interrupted; `slooh-dl gallery` completes it/);
    await assertLibraryMatches(t.lib, t.sim);
    const again = await t.cli(["gallery", "-d", t.lib]);
    assert.equal(again.code, 0, again.stderr);
  },
});

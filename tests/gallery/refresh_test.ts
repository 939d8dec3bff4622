import assert from "node:assert/strict";
import { join } from "node:path";
import { refreshGallery } from "../../src/gallery/refresh.ts";
import { lockGallery } from "../../src/library/library_lock.ts";
import { State } from "../../src/library/state.ts";
import { tempDir } from "../helpers.ts";
import { RGBL, starFieldFilterFits, starFieldFits, starFieldPng } from "../simulator/star_field.ts";
import { type LibraryFile, recordFiles } from "./fixture.ts";
import { fileBytes } from "../simulator/bytes.ts";

async function refresh(lib: string) {
  const run = refreshGallery(lib, { workers: 2 });
  const progress: string[] = [];
  for (;;) {
    const step = await run.next();
    if (step.done) return { ...step.value, progress };
    progress.push(
      step.value.phase === "previews" ? `${step.value.done}/${step.value.total}` : "pages",
    );
  }
}

async function previews(lib: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(join(lib, ".slooh-dl/gallery/previews"))) names.push(e.name);
  return names.sort();
}

const field = { width: 64, height: 48 };

function files(): LibraryFile[] {
  return [
    {
      key: "p1",
      path: "M42/Canary Two/PNG/m42 #1 100%.png",
      bytes: starFieldPng({ ...field, seed: 1 }),
    },
    {
      key: "f1",
      path: "M42/Canary Two/FITS/m42_l.fits",
      bytes: starFieldFits({ ...field, seed: 2 }, { exposure: 90 }),
      missionId: 5,
    },
    ...RGBL.map((f, i) => ({
      key: `c${i}`,
      path: `IC405/Chile One/FITS/ic405_${f.suffix}.fits`,
      bytes: starFieldFilterFits({ ...field, seed: 3 }, f),
      title: "Flaming Star Nebula (IC 405)",
      missionId: 9,
      telescope: "Chile One",
    })),
    {
      key: "bad",
      path: "Saturn/broken.png",
      bytes: new TextEncoder().encode("<html>denied"),
      title: "Saturn",
    },
  ];
}

Deno.test("a refresh renders what is new, keeps what is cached and prunes what went", async () => {
  const dir = await tempDir();
  const lib = join(dir, "lib");
  try {
    recordFiles(lib, files());
    const first = await refresh(lib);
    // 7 files and the IC 405 colour set.
    assert.equal(first.rendered, 8);
    assert.equal(first.files, 7);
    assert.equal(first.objects, 3);
    assert.equal(first.unreadable, 1);
    assert.equal(first.progress.at(-1), "pages");
    assert.ok(first.progress.includes("8/8"));
    const index = await Deno.readTextFile(join(lib, "index.html"));
    assert.match(index, /M42/);
    const cached = await previews(lib);
    assert.ok(cached.some((n) => n.endsWith("-large.jpg")), "FITS get a viewer copy");
    assert.ok(cached.some((n) => n.endsWith(".svg")), "the broken file gets a tile");

    const again = await refresh(lib);
    assert.equal(again.rendered, 0);
    assert.deepEqual(await previews(lib), cached);

    // A changed file renders anew and its old previews go; a vanished file drops its card.
    recordFiles(lib, [{
      key: "p1",
      path: "M42/Canary Two/PNG/m42 #1 100%.png",
      bytes: starFieldPng({ ...field, seed: 7 }),
    }]);
    const state = State.open(lib);
    state.markPending("bad");
    state.close();
    const third = await refresh(lib);
    assert.equal(third.rendered, 1);
    assert.equal(third.objects, 2);
    assert.ok(third.pruned >= 2, `pruned ${third.pruned}`);
    const after = await refresh(lib);
    assert.equal(after.rendered, 0);
    const pages = [...Deno.readDirSync(join(lib, ".slooh-dl/gallery/objects"))].map((e) => e.name);
    assert.equal(pages.length, 2, "the Saturn page went with its only file");
    assert.doesNotMatch(await Deno.readTextFile(join(lib, "index.html")), /Saturn/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("object pages link files by encoded path and show the colour set and exposures", async () => {
  const dir = await tempDir();
  const lib = join(dir, "lib");
  try {
    recordFiles(lib, files());
    await refresh(lib);
    const pages = join(lib, ".slooh-dl/gallery/objects");
    const html = await Promise.all(
      [...Deno.readDirSync(pages)].map((e) => Deno.readTextFile(join(pages, e.name))),
    );
    const m42 = html.find((h) => h.includes("m42_l.fits"))!;
    assert.match(m42, /href="\.\.\/\.\.\/\.\.\/M42\/Canary%20Two\/PNG\/m42%20%231%20100%25\.png"/);
    assert.match(m42, /1 min 30 s/);
    const ic405 = html.find((h) => h.includes("ic405_r.fits"))!;
    assert.match(ic405, /class="frame colour"/);
    assert.match(ic405, /Colour preview of the RGBL frames/);
    // Missions newest first: mission sections in capture order.
    assert.match(ic405, /<time datetime="2025-09-05T21:30:00.000Z">2025-09-05 21:30 UTC<\/time>/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a file deleted from disk since the last download has no card", async () => {
  const dir = await tempDir();
  const lib = join(dir, "lib");
  try {
    recordFiles(lib, files());
    await refresh(lib);
    await Deno.remove(join(lib, "M42/Canary Two/FITS/m42_l.fits"));
    const r = await refresh(lib);
    assert.equal(r.files, 6);
    const pages = join(lib, ".slooh-dl/gallery/objects");
    for (const e of Deno.readDirSync(pages)) {
      assert.doesNotMatch(await Deno.readTextFile(join(pages, e.name)), /m42_l\.fits/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the simulator's random bodies get tiles saying why, never a failed run", async () => {
  const dir = await tempDir();
  const lib = join(dir, "lib");
  try {
    recordFiles(lib, [
      { key: "p", path: "M42/a.png", bytes: fileBytes("/a.png", 30_000, "png") },
      { key: "f", path: "M42/a.fits", bytes: fileBytes("/a.fits", 40_000, "fits") },
    ]);
    const r = await refresh(lib);
    assert.equal(r.files, 2);
    assert.equal(r.unreadable, 2);
    const tiles = (await previews(lib)).filter((n) => n.endsWith(".svg"));
    assert.equal(tiles.length, 2);
    const text = await Promise.all(
      tiles.map((n) => Deno.readTextFile(join(lib, ".slooh-dl/gallery/previews", n))),
    );
    assert.ok(text.some((t) => t.includes("no data in the primary HDU")), text.join("\n"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a library's own index.html that slooh-dl did not write is never overwritten", async () => {
  const dir = await tempDir();
  const lib = join(dir, "lib");
  try {
    recordFiles(lib, files().slice(0, 1));
    const own = "<!DOCTYPE html><title>My own notes</title>";
    await Deno.writeTextFile(join(lib, "index.html"), own);
    await assert.rejects(() => refresh(lib), /index\.html.*not written by slooh-dl/);
    assert.equal(await Deno.readTextFile(join(lib, "index.html")), own);
    await Deno.remove(join(lib, "index.html"));
    await Deno.mkdir(join(lib, "index.html"));
    await assert.rejects(() => refresh(lib), /index\.html.*not written by slooh-dl/);
    // Its own index is rewritten as before.
    await Deno.remove(join(lib, "index.html"));
    await refresh(lib);
    await refresh(lib);
    assert.match(await Deno.readTextFile(join(lib, "index.html")), /slooh-dl gallery/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("one gallery refresh at a time: a second is refused and writes nothing", async () => {
  const dir = await tempDir();
  const lib = join(dir, "lib");
  try {
    recordFiles(lib, files().slice(0, 1));
    const other = await lockGallery(lib);
    try {
      await assert.rejects(() => refresh(lib), /Another slooh-dl is writing the gallery of/);
    } finally {
      other.close();
    }
    await assert.rejects(() => Deno.stat(join(lib, "index.html")), Deno.errors.NotFound);
    // Released by a refresh left half-way (Ctrl-C during the previews), and by one that ends.
    const halfway = refreshGallery(lib, { workers: 1 });
    assert.equal((await halfway.next()).done, false);
    // Held while it runs.
    await assert.rejects(() => lockGallery(lib), /Another slooh-dl is writing the gallery of/);
    await halfway.return(undefined as never);
    (await lockGallery(lib)).close();
    await refresh(lib);
    await refresh(lib);
    assert.match(await Deno.readTextFile(join(lib, "index.html")), /slooh-dl gallery/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

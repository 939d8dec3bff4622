/** `slooh-dl gallery` as a user runs it: exit codes, the restricted permissions, `--open`. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, tempDir } from "../helpers.ts";
import { starFieldFits, starFieldPng } from "../simulator/star_field.ts";
import { recordFiles } from "../gallery/fixture.ts";

async function library() {
  const dir = await tempDir();
  const lib = join(dir, "lib");
  recordFiles(lib, [
    {
      key: "p1",
      path: "M42/Canary Two/PNG/a b#1.png",
      bytes: starFieldPng({ width: 60, height: 40, seed: 1 }),
    },
    {
      key: "f1",
      path: "M42/Canary Two/FITS/a_l.fits",
      bytes: starFieldFits({ width: 60, height: 40, seed: 2 }),
    },
  ]);
  return { dir, lib };
}

Deno.test("gallery refuses a folder that is not a library, with exit code 2", async () => {
  const dir = await tempDir();
  try {
    const r = await runCli(["gallery", "-d", dir], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is not a slooh-dl library yet/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("gallery given a file as its library says so, exit code 2", async () => {
  const dir = await tempDir();
  try {
    await Deno.writeTextFile(join(dir, "afile"), "x");
    const r = await runCli(["gallery", "-d", join(dir, "afile")], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is a file, not a folder/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("gallery runs with the README's restricted permissions (library only)", async () => {
  const { dir, lib } = await library();
  try {
    const r = await runCli(["gallery", "-d", lib], {}, [
      "--no-prompt",
      "--allow-env",
      "--ignore-env",
      `--allow-read=${lib}`,
      `--allow-write=${lib}`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), join(lib, "index.html"));
    assert.match(r.stderr, /Gallery: 1 object, 2 files, 2 previews rendered/);
    const page = [...Deno.readDirSync(join(lib, ".slooh-dl/gallery/objects"))][0].name;
    const html = await Deno.readTextFile(join(lib, ".slooh-dl/gallery/objects", page));
    assert.match(html, /href="\.\.\/\.\.\/\.\.\/M42\/Canary%20Two\/PNG\/a%20b%231\.png"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "gallery --open needs --allow-run and then opens the index",
  // The stand-in opener is a shell script named as Linux's opener.
  ignore: Deno.build.os !== "linux",
}, async () => {
  const { dir, lib } = await library();
  try {
    const denied = await runCli(["gallery", "-d", lib, "--open"], {}, [
      "--allow-env",
      "--ignore-env",
      "--allow-read",
      "--allow-write",
    ]);
    assert.equal(denied.code, 2);
    assert.match(denied.stderr, /--allow-run=xdg-open/);
    // A stand-in browser opener that records what it was asked to open.
    const bin = join(dir, "bin");
    await Deno.mkdir(bin);
    await Deno.writeTextFile(join(bin, "xdg-open"), `#!/bin/sh\necho "$1" > "${dir}/opened"\n`);
    await Deno.chmod(join(bin, "xdg-open"), 0o755);
    const r = await runCli(["gallery", "-d", lib, "--open"], {
      PATH: `${bin}:${Deno.env.get("PATH")}`,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await Deno.readTextFile(join(dir, "opened"))).trim(), join(lib, "index.html"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { resolveCommit, ROOT, stampDir, versionLine, writeStamp } from "../../scripts/stamp.ts";
import { VERSION } from "../../src/version.ts";

Deno.test("the stamp's import map holds only paths relative to itself", async () => {
  const dir = stampDir("test-relative-map");
  try {
    const mapFile = await writeStamp(dir, "0123456789ab");
    const text = await Deno.readTextFile(mapFile);
    assert.ok(!text.includes("file:"), text);
    assert.ok(!text.includes(ROOT), text);
    const { imports } = JSON.parse(text) as { imports: Record<string, string> };
    // The project's own imports are kept (an --import-map replaces deno.json's).
    const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
    for (const [k, v] of Object.entries(config.imports as Record<string, string>)) {
      assert.equal(imports[k], v);
    }
    // Resolved against the map's own place, the key is src/version.ts and the value the stamp.
    const base = pathToFileURL(mapFile);
    const [key, value] = Object.entries(imports).find(([k]) => k.endsWith("version.ts"))!;
    assert.equal(new URL(key, base).href, pathToFileURL(join(ROOT, "src", "version.ts")).href);
    assert.equal(new URL(value, base).href, pathToFileURL(join(dir, "version.ts")).href);
    const stamped = await import(new URL(value, base).href);
    assert.deepEqual({ ...stamped }, { VERSION, COMMIT: "0123456789ab" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stamps live in the repository's dist/.build/, one folder per commit", () => {
  assert.ok(stampDir("a").startsWith(join(ROOT, "dist", ".build")));
  assert.notEqual(stampDir("a"), stampDir("b"));
  assert.equal(stampDir("a"), stampDir("a"));
  assert.equal(versionLine("abc"), `${VERSION} (abc)`);
  assert.equal(versionLine(""), VERSION);
});

Deno.test("the commit comes from SLOOH_DL_COMMIT, else from git", async () => {
  assert.equal(
    await resolveCommit((n) => n === "SLOOH_DL_COMMIT" ? " v1-abc " : undefined),
    "v1-abc",
  );
  const fromGit = await resolveCommit(() => undefined);
  assert.match(fromGit, /^([0-9a-f]{12}(-dirty)?)?$/);
});

import assert from "node:assert/strict";
import { COMMIT, VERSION } from "../src/version.ts";

Deno.test("src/version.ts is the version; deno.json's says the same", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  assert.equal(config.version, VERSION, "deno.json's version differs from src/version.ts");
  // A release tag is v<VERSION>; a hyphen marks a pre-release (1.2.0-rc.1).
  assert.match(VERSION, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  // Only a build stamps a commit, through an import map; the source never holds one.
  assert.equal(COMMIT, "");
});

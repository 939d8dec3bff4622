/** The library lock: one run at a time, and a refused attempt leaves no hold behind. */
import assert from "node:assert/strict";
import { lockLibrary } from "../../src/library/library_lock.ts";
import { tempDir } from "../helpers.ts";

Deno.test("a run refused while another holds the lock does not take it later (a watch's next turn)", async () => {
  const lib = await tempDir();
  try {
    await Deno.mkdir(`${lib}/.slooh-dl`);
    const other = await lockLibrary(lib);
    await assert.rejects(() => lockLibrary(lib), /Another slooh-dl run is using/);
    other.close();
    // Long enough for a left-over attempt to have taken the lock once it was free.
    await new Promise((r) => setTimeout(r, 500));
    const next = await lockLibrary(lib);
    next.close();
  } finally {
    await new Promise((r) => setTimeout(r, 100));
    await Deno.remove(lib, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { readFitsFacts } from "../../src/fits/file_facts.ts";
import { fileBytes } from "../simulator/bytes.ts";

const KEY =
  "/polaris.slooh.com/chile/2/highmag/2025/08/14/0720_x/005732m172148_20250814_072210_1_11qvqg_d_cal.fit";

Deno.test("facts of FITS files on disk come from their header blocks alone", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fits = join(dir, "a.fit");
    await Deno.writeFile(fits, fileBytes(KEY, 5 * 2880 + 123, "fits"));
    const facts = await readFitsFacts(fits);
    assert.equal(facts?.filter?.raw, "Rc-Band");
    assert.equal(facts?.filter?.label, "Cousins Rc");
    assert.equal(facts?.observer, "Slooh.com Chile Two Wide-Field Telescope");
    assert.ok(facts?.observedAt instanceof Date);

    const png = join(dir, "b.fit");
    await Deno.writeFile(png, fileBytes("/x/b.png", 5000, "png"));
    assert.equal(await readFitsFacts(png), null);

    // A file cut before its END card has no facts yet.
    const cut = join(dir, "c.fit");
    await Deno.writeFile(cut, fileBytes(KEY, 400, "fits"));
    assert.equal(await readFitsFacts(cut), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/// <reference lib="dom" />
/**
 * The gallery in a real browser: headless Chromium opens the pages from file:// after
 * `slooh-dl gallery` ran on a library downloaded from the simulator (hostile titles included,
 * realistic bodies). No Chromium is a failure, never a skip: CI installs it (.ci/run).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { brokenImages, fileUrl, open, withBrowser } from "./browser_helpers.ts";
import { objectName } from "../../src/library/catalog.ts";
import { galleryLibrary, HOSTILE_TITLES } from "../gallery/fixture.ts";
import { readState, runCli } from "../helpers.ts";

Deno.test("gallery pages in Chromium: links, previews, facets, FITS stretch, hostile names", async (t) => {
  const g = await galleryLibrary();
  try {
    const r = await runCli(["gallery", "-d", g.lib], {});
    assert.equal(r.code, 0, r.stderr);
    const rows = await readState(
      g.lib,
      (db) =>
        db.prepare(
          "SELECT key, kind, title, telescope, path, captured_at AS capturedAt FROM items WHERE status = 'done'",
        )
          .all() as {
            key: string;
            kind: string;
            title: string;
            telescope: string;
            path: string;
            capturedAt: number | null;
          }[],
    );
    await withBrowser(async (browser) => {
      const problems: string[] = [];
      const index = await open(browser, fileUrl(join(g.lib, "index.html")), problems);

      await t.step("the index has a loaded preview on every card", async () => {
        const objects = new Set(rows.map((r) => objectName(r.title)));
        assert.equal(await index.$$eval(".card", (c) => c.length), objects.size);
        assert.deepEqual(await brokenImages(index), []);
      });

      await t.step("hostile titles render as text", async () => {
        const titles = await index.$$eval(".card h2", (hs) => hs.map((h) => h.textContent));
        for (const title of HOSTILE_TITLES) {
          const shown = title.replace(/(?![\t\n\r])\p{Cc}/gu, "\ufffd").trim();
          assert.ok(titles.includes(shown), `title shown as text: ${JSON.stringify(shown)}`);
        }
        assert.equal(await index.$$eval("img[onerror], script:not([src])", (e) => e.length), 0);
      });

      await t.step("facets and search filter the cards", async () => {
        const telescope = rows[0].telescope;
        const want = new Set(
          rows.filter((r) => r.telescope === telescope).map((r) => objectName(r.title)),
        );
        await index.select("#f-telescope", telescope);
        const visible = () => index.$$eval(".card:not([hidden])", (c) => c.length);
        assert.equal(await visible(), want.size);
        await index.select("#f-telescope", "");
        await index.select("#f-kind", "FITS");
        const withFits = new Set(
          rows.filter((r) => r.kind === "fits").map((r) => objectName(r.title)),
        );
        assert.equal(await visible(), withFits.size);
        await index.select("#f-kind", "");
        const year = rows[0].capturedAt === null
          ? "undated"
          : new Date(rows[0].capturedAt).toISOString().slice(0, 4);
        await index.select("#f-year", year);
        const inYear = new Set(
          rows.filter((r) =>
            r.capturedAt !== null && new Date(r.capturedAt).toISOString().startsWith(year)
          )
            .map((r) => objectName(r.title)),
        );
        assert.equal(await visible(), inYear.size);
        await index.select("#f-year", "");
        await index.type("#search", "passwd");
        assert.equal(await visible(), 1);
        await index.$eval("#search", (i) => {
          (i as HTMLInputElement).value = "";
          i.dispatchEvent(new Event("input", { bubbles: true }));
        });
        assert.equal(await visible(), await index.$$eval(".card", (c) => c.length));
      });

      await t.step("sorting by name orders the cards", async () => {
        await index.select("#sort", "name");
        const names = await index.$$eval(
          ".card",
          (cs) => cs.map((c) => (c as HTMLElement).dataset.name!),
        );
        assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
      });

      const linked = new Set<string>();
      const pages = await index.$$eval(
        ".card h2 a",
        (as) => as.map((a) => (a as HTMLAnchorElement).href),
      );
      await t.step("every file is linked from its object page with a loaded preview", async () => {
        for (const url of pages) {
          const page = await open(browser, url, problems);
          assert.deepEqual(await brokenImages(page), [], url);
          const hrefs = await page.$$eval(
            ".frame > a",
            (as) => as.map((a) => (a as HTMLAnchorElement).href),
          );
          for (const h of hrefs) {
            if (h.startsWith("file:")) linked.add(decodeURIComponent(new URL(h).pathname));
          }
          await page.close();
        }
        const expected = rows.map((r) => join(g.lib, r.path));
        assert.deepEqual(expected.filter((p) => !linked.has(p)), [], "files not linked");
      });

      await t.step("a FITS star field preview is stretched, not blank", async () => {
        const frame = rows.find((r) =>
          r.kind === "fits" && r.key !== g.spectrum && !g.colourSet.includes(r.key)
        )!;
        const pageUrl = await objectPageOf(index, objectName(frame.title));
        const page = await open(browser, pageUrl, problems);
        const target = join(g.lib, frame.path);
        const stats = await page.evaluate(async (href) => {
          const a = [...document.querySelectorAll<HTMLAnchorElement>(".frame > a")].find((x) =>
            decodeURIComponent(new URL(x.href).pathname) === href
          )!;
          const img = a.querySelector("img")!;
          await img.decode();
          const c = document.createElement("canvas");
          c.width = img.naturalWidth;
          c.height = img.naturalHeight;
          const ctx = c.getContext("2d")!;
          ctx.drawImage(img, 0, 0);
          const d = ctx.getImageData(0, 0, c.width, c.height).data;
          const grey: number[] = [];
          for (let i = 0; i < d.length; i += 4) grey.push(d[i]);
          grey.sort((x, y) => x - y);
          return { levels: new Set(grey).size, median: grey[grey.length >> 1] / 255 };
        }, target);
        assert.ok(stats.levels >= 64, `grey levels ${stats.levels}`);
        assert.ok(Math.abs(stats.median - 0.25) < 0.08, `background at ${stats.median}`);
        // A click opens the viewer on the frame's large preview, not on the FITS file.
        await page.$$eval(".frame > a", (as, href) => {
          const a = (as as HTMLAnchorElement[]).find((x) =>
            decodeURIComponent(new URL(x.href).pathname) === href
          )!;
          a.click();
        }, target);
        const shown = await page.$eval(".viewer", async (v) => {
          const img = v.querySelector("img")!;
          await img.decode();
          return { hidden: (v as HTMLElement).hidden, src: img.src, width: img.naturalWidth };
        });
        assert.equal(shown.hidden, false);
        assert.match(shown.src, /-large\.jpg$/);
        assert.ok(shown.width > 0);
        await page.close();
      });

      await t.step("statistics page charts and runs", async () => {
        const stats = await open(
          browser,
          fileUrl(join(g.lib, ".slooh-dl/gallery/stats.html")),
          problems,
        );
        assert.ok(await stats.$$eval(".chart svg rect", (r) => r.length) > 0);
        assert.ok(await stats.$$eval(".runs tbody tr", (r) => r.length) >= 1);
        await stats.close();
      });

      assert.deepEqual(problems, []);
    });
  } finally {
    await g.dispose();
  }
});

async function objectPageOf(index: Page, object: string): Promise<string> {
  return await index.$$eval(
    ".card",
    (cards, name) => {
      const card = cards.find((c) => (c as HTMLElement).dataset.name === name)!;
      return card.querySelector<HTMLAnchorElement>("h2 a")!.href;
    },
    object,
  );
}

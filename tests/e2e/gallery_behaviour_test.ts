/// <reference lib="dom" />
/**
 * The gallery's pages as a member uses them in Chromium: search as titles are typed, facets of
 * odd titles, Back to the index, the viewer from the keyboard, phone and desktop widths.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { galleryLibrary, HOSTILE_TITLES } from "../gallery/fixture.ts";
import { runCli } from "../helpers.ts";
import { fileUrl, open, withBrowser } from "./browser_helpers.ts";

const visible = (page: Page) => page.$$eval(".card:not([hidden])", (c) => c.length);

async function search(page: Page, text: string): Promise<number> {
  await page.$eval("#search", (i, t) => {
    (i as HTMLInputElement).value = t as string;
    i.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
  return await visible(page);
}

/** Whether the page fits its window: nothing to scroll sideways. */
function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= globalThis.innerWidth);
}

Deno.test("gallery in use: search, odd facets, Back, keyboard viewer, narrow and wide screens", async (t) => {
  const g = await galleryLibrary();
  try {
    const r = await runCli(["gallery", "-d", g.lib], {});
    assert.equal(r.code, 0, r.stderr);
    await withBrowser(async (browser) => {
      const problems: string[] = [];
      const indexUrl = fileUrl(join(g.lib, "index.html"));
      const index = await open(browser, indexUrl, problems);
      const all = await visible(index);

      await t.step("covers are named, search ignores spaces, accents and case", async () => {
        assert.equal(await index.$$eval(".cover img[alt='']", (i) => i.length), 0);
        assert.equal(await search(index, "CAFE #5"), 1);
        assert.equal(await search(index, "c a f é"), 1);
        assert.equal(await search(index, ""), all);
      });

      await t.step("facet values read in order; light and dark follow the system", async () => {
        const objects = await index.$$eval(
          "#f-object option",
          (os) => (os as HTMLOptionElement[]).slice(1).map((o) => o.value),
        );
        assert.deepEqual(
          objects,
          [...objects].sort((a, b) => a.localeCompare(b, "en", { numeric: true })),
        );
        const background = () =>
          index.evaluate(() => getComputedStyle(document.body).backgroundColor);
        await index.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
        assert.equal(await background(), "rgb(255, 255, 255)");
        await index.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
        assert.equal(await background(), "rgb(13, 17, 23)");
      });

      await t.step("a title with control characters is found by its facet", async () => {
        const shown = HOSTILE_TITLES[2].replace(/\p{Cc}/gu, "\ufffd");
        const value = await index.$$eval(
          "#f-object option",
          (os, want) =>
            (os as HTMLOptionElement[]).find((o) => o.textContent === want)?.value ?? null,
          shown,
        );
        assert.ok(value !== null, "the object is in the facet");
        await index.select("#f-object", value!);
        assert.equal(await visible(index), 1);
        await index.select("#f-object", "");
      });

      await t.step("Back to the index shows the cards its controls select", async () => {
        await index.select("#f-kind", "FITS");
        const fits = await visible(index);
        assert.ok(fits > 0 && fits < all, `${fits} of ${all}`);
        await Promise.all([index.waitForNavigation(), index.click(".card:not([hidden]) h2 a")]);
        await Promise.all([index.waitForNavigation(), index.goBack()]);
        assert.equal(await index.$eval("#f-kind", (s) => (s as HTMLSelectElement).value), "FITS");
        assert.equal(await visible(index), fits);
      });

      await t.step("the viewer takes the focus, keeps it, and gives it back", async () => {
        const pageUrl = await index.$eval(".card h2 a", (a) => (a as HTMLAnchorElement).href);
        const page = await open(browser, pageUrl, problems);
        assert.match(await page.title(), / · Sky library$/);
        await page.focus(".frame > a");
        await page.keyboard.press("Enter");
        const state = () =>
          page.evaluate(() => ({
            open: !(document.querySelector(".viewer") as HTMLElement).hidden,
            inside: !!document.activeElement?.closest(".viewer"),
            onFirst: document.activeElement === document.querySelector(".frame > a"),
            alt: document.querySelector<HTMLImageElement>(".viewer img")!.alt,
            role: document.querySelector(".viewer")!.getAttribute("role"),
          }));
        const opened = await state();
        assert.deepEqual({ ...opened, alt: opened.alt.length > 0 }, {
          open: true,
          inside: true,
          onFirst: false,
          alt: true,
          role: "dialog",
        });
        // The caption sets the file name apart from the facts.
        const caption = await page.$eval(".viewer p", (p) => p.textContent!);
        const file = await page.$eval(".frame .name", (n) => n.textContent!);
        assert.ok(caption.endsWith(` · ${file}`), caption);
        for (let i = 0; i < 5; i++) await page.keyboard.press("Tab");
        assert.equal((await state()).inside, true, "Tab left the viewer");
        await page.keyboard.press("Escape");
        const closed = await state();
        assert.equal(closed.open, false);
        assert.equal(closed.onFirst, true, "the focus went back to the preview that opened it");
        await page.close();
      });

      await t.step("pages fit a phone and a desktop, the long title included", async () => {
        const long = HOSTILE_TITLES.at(-1)!;
        const longUrl = await index.$$eval(
          ".card h2 a",
          (as, want) => (as as HTMLAnchorElement[]).find((a) => a.textContent === want)!.href,
          long,
        );
        const stats = fileUrl(join(g.lib, ".slooh-dl/gallery/stats.html"));
        for (const width of [360, 1280]) {
          for (const url of [indexUrl, longUrl, stats]) {
            const page = await open(browser, url, problems);
            await page.setViewport({ width, height: 800 });
            assert.ok(await fitsWidth(page), `${url} scrolls sideways at ${width} px`);
            await page.close();
          }
        }
      });

      await t.step("images per month is a timeline: the months between count as zero", async () => {
        const page = await open(
          browser,
          fileUrl(join(g.lib, ".slooh-dl/gallery/stats.html")),
          problems,
        );
        const months = await page.$$eval(
          ".chart:first-of-type svg text[text-anchor=end]",
          (ts) => ts.map((t) => t.textContent!.replace(/^.*?(\d{4}-\d{2})$/, "$1")),
        );
        const dated = months.filter((m) => /^\d{4}-\d{2}$/.test(m));
        assert.ok(dated.length >= 1);
        for (let i = 1; i < dated.length; i++) {
          const [y, m] = dated[i - 1].split("-").map(Number);
          const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
          assert.equal(dated[i], next, dated.join(" "));
        }
        await page.close();
      });

      assert.deepEqual(problems, []);
    });
  } finally {
    await g.dispose();
  }
});

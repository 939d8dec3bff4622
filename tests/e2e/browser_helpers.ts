/// <reference lib="dom" />
/** Headless Chromium for the gallery's browser tests: launch, open a page, check its images. */
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

const CHROMIUM = "/usr/bin/chromium";

/** Starts Debian's Chromium, headless, with its own profile. */
async function launch(profile: string): Promise<Browser> {
  try {
    await Deno.stat(CHROMIUM);
  } catch {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  }
  return await puppeteer.launch({
    executablePath: CHROMIUM,
    userDataDir: profile,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Lets the test read preview pixels back from a canvas; the pages do not need it.
      "--allow-file-access-from-files",
    ],
  });
}

/** Opens a page, failing on any console error, page error, dialog or failed request. */
export async function open(browser: Browser, url: string, problems: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e}`));
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  await page.goto(url, { waitUntil: "load" });
  return page;
}

/** Loads every image (lazy ones included); returns the src of those that did not decode. */
export function brokenImages(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    // The page's own previews (the viewer's image has no source until it is opened).
    const imgs = [...document.querySelectorAll("main img")] as HTMLImageElement[];
    for (const img of imgs) img.loading = "eager";
    await Promise.all(imgs.map((img) => img.decode().catch(() => {})));
    return imgs.filter((img) => !(img.naturalWidth > 0)).map((img) => img.src);
  });
}

/** The file:// URL of a path. */
export function fileUrl(path: string): string {
  return pathToFileURL(path).href;
}

/** Runs `fn` with a fresh headless Chromium (its own profile), closed and removed afterwards. */
export async function withBrowser(fn: (browser: Browser) => Promise<void>): Promise<void> {
  const profile = await Deno.makeTempDir({ prefix: "slooh-dl-chromium-" });
  let browser: Browser | null = null;
  try {
    browser = await launch(profile);
    await fn(browser);
  } finally {
    await browser?.close();
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

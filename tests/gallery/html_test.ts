import assert from "node:assert/strict";
import { escapeHtml, exposureText, pathHref } from "../../src/gallery/html.ts";
import { pageName } from "../../src/gallery/model.ts";

Deno.test("escapeHtml leaves no markup and no control characters", () => {
  assert.equal(
    escapeHtml(`<img src=x onerror="a('1')"> & ..\u0007\u0000\u009b`),
    "&#60;img src=x onerror=&#34;a(&#39;1&#39;)&#34;&#62; &#38; ..\ufffd\ufffd\ufffd",
  );
  assert.equal(escapeHtml("Café\tM42\n"), "Café\tM42\n");
});

Deno.test("pathHref encodes each segment and keeps the separators", () => {
  assert.equal(pathHref("A b/#1 100%?/é.png"), "A%20b/%231%20100%25%3F/%C3%A9.png");
  assert.equal(pathHref("../x y"), "../x%20y");
});

Deno.test("page names are plain, distinct and stable", () => {
  const a = pageName(`<img src=x> "M42"`);
  assert.match(a, /^[a-z0-9-]+-[0-9a-f]{8}\.html$/);
  assert.notEqual(pageName("M42"), pageName("m42"));
  assert.equal(pageName("Café"), pageName("Café"));
});

Deno.test("exposures read as people write them", () => {
  assert.equal(exposureText(0.5), "0.5 s");
  assert.equal(exposureText(90), "1 min 30 s");
  assert.equal(exposureText(4800), "1 h 20 min");
});

import assert from "node:assert/strict";
import { fileFormat } from "../../src/library/file_format.ts";

Deno.test("fileFormat maps extensions to formats", () => {
  const cases: [string, string][] = [
    ["x_l_cal.fit", "FITS"],
    ["x.fits", "FITS"],
    ["x.FTS", "FITS"],
    ["x.png", "PNG"],
    ["x.PNG", "PNG"],
    ["x.jpg", "JPEG"],
    ["x.jpeg", "JPEG"],
    ["x.tif", "TIFF"],
    ["x.webp", "WEBP"],
    ["x.png?rand=1770718975.7166", "PNG"],
    ["https://polaris.slooh.com/teide/2/highmag/2026/01/21/0116_m42/m42_x_l_cal.fit", "FITS"],
    ["noext", "Unknown"],
    [".png", "Unknown"],
    ["x.", "Unknown"],
    ["x.p n g", "Unknown"],
    ["", "Unknown"],
  ];
  for (const [name, format] of cases) assert.equal(fileFormat(name), format, name);
});

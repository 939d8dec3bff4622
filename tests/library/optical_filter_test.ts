import assert from "node:assert/strict";
import { opticalFilter } from "../../src/library/optical_filter.ts";

Deno.test("opticalFilter names the known suffixes, with or without _cal", () => {
  const cases: [string, string][] = [
    ["m42_20260121_011658_0_iycarr_l.png", "Luminance"],
    ["m42_20260121_011658_0_iycarr_r.png", "Red"],
    ["m42_20260121_011658_0_iycarr_g_cal.fit", "Green"],
    ["m42_20260121_011658_0_iycarr_b_cal.fit", "Blue"],
    ["m42_20260121_011658_0_iycarr_rgb.png", "RGB"],
    ["m42_20260121_011658_0_iycarr_lrgb.png", "LRGB"],
    ["m42_20260121_011658_0_iycarr_h.png", "H-alpha"],
    ["m42_20260121_011658_0_iycarr_ha_cal.fits", "H-alpha"],
    ["m42_20260121_011658_0_iycarr_o.png", "OIII"],
    ["m42_20260121_011658_0_iycarr_oiii_cal.fit", "OIII"],
    ["m42_20260121_011658_0_iycarr_s.png", "SII"],
    ["m42_20260121_011658_0_iycarr_sii_cal.fit", "SII"],
    ["m1_20260209_032548_0_y7g9el_m.png", "Mono"],
    ["M1_20260209_032548_0_Y7G9EL_LRGB_CAL.FIT", "LRGB"],
    ["ngc7318_20250101_000000_3_abcdef_l_cal.fit", "Luminance"],
  ];
  for (const [name, filter] of cases) assert.equal(opticalFilter(name), filter, name);
});

Deno.test("opticalFilter shows undocumented short suffixes uppercased", () => {
  for (const letter of ["d", "e", "i", "v"]) {
    assert.equal(opticalFilter(`m42_20260121_011658_0_iycarr_${letter}.png`), letter.toUpperCase());
  }
  assert.equal(opticalFilter("m42_20260121_011658_0_iycarr_nii_cal.fit"), "NII");
});

Deno.test("opticalFilter says Unknown when the name carries no filter", () => {
  const cases = [
    "teide5-2026-01-09T100627UTC-HQSxaD.png",
    "m42_20260121_011658_0_iycarr.png",
    "m42_20260121_011658_0_y7g9el.png",
    "m42_20260121_011658.png",
    "m42_20260121_011658_0_iycarr_cal.fit",
    "photo.png",
    "photo",
    "",
    "x_constructor.png",
    "x_toString.png",
  ];
  for (const name of cases) assert.equal(opticalFilter(name), "Unknown", name);
});

Deno.test("opticalFilter ignores a query and folders, as in a download URL", () => {
  const url =
    "https://polaris2.slooh.com/chile/1/highmag/2026/02/09/0325_m1/m1_20260209_032548_0_y7g9el_m.png?rand=1770718975.7166";
  assert.equal(opticalFilter(url), "Mono");
  assert.equal(opticalFilter("a_l.fit/b.png"), "Unknown");
});

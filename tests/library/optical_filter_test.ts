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
    ["171833m320631_20250824_101637_0_pdt8od_e_cal.fit", "Johnson B"],
    ["171833m320631_20250824_101803_1_ffezym_v_cal.fit", "Johnson V"],
    ["005732m172148_20250814_072210_1_11qvqg_d_cal.fit", "Cousins Rc"],
    ["005732m172148_20250814_072712_2_0poou7_i_cal.fit", "Cousins Ic"],
    ["m1_20260209_032548_0_y7g9el_m.png", "Colour"],
    ["M1_20260209_032548_0_Y7G9EL_LRGB_CAL.FIT", "LRGB"],
    ["ngc7318_20250101_000000_3_abcdef_l_cal.fit", "Luminance"],
  ];
  for (const [name, filter] of cases) assert.equal(opticalFilter(name), filter, name);
});

Deno.test("opticalFilter shows a letter no record confirms as the letter, lower case", () => {
  for (const letter of ["h", "o", "s", "ha", "oiii"]) {
    assert.equal(opticalFilter(`m42_20260121_011658_0_iycarr_${letter}.png`), letter);
  }
  assert.equal(opticalFilter("M42_20260121_011658_0_IYCARR_NII_CAL.FIT"), "nii");
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
  assert.equal(opticalFilter(url), "Colour");
  assert.equal(opticalFilter("a_l.fit/b.png"), "Unknown");
});

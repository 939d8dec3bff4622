/**
 * The demo account, which `deno task demo` downloads and `deno task simulator` serves: its files
 * are listed large enough for real star fields (see `realImages`), so its gallery shows skies.
 */
import type { AccountOptions } from "./sim_types.ts";

/** The demo account's generator settings. */
export const DEMO_ACCOUNT: AccountOptions = {
  seed: 7,
  pictures: 60,
  pictureSize: [170_000, 260_000],
  fitsSize: [150_000, 220_000],
};

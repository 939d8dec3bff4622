/** The version of slooh-dl; the commit is stamped in by release builds. */
export const VERSION = "0.1.0";
/** Commit of the build, when a release stamped it (SLOOH_DL_COMMIT at compile time). */
export const COMMIT = "";

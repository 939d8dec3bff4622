/**
 * The version of slooh-dl: set here only (tests/version_test.ts keeps deno.json's "version" equal;
 * a release tag must be `v` + this). The commit is stamped in by release builds.
 */
export const VERSION = "0.1.0";
/** Commit of the build, when a release stamped it (SLOOH_DL_COMMIT at compile time). */
export const COMMIT = "";

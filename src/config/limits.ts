/** Bounds of config values, apart from the config reader so the command line can show them cheaply. */

/** Most parallel transfers allowed: more only gets a member throttled by Slooh. */
export const MAX_CONCURRENCY = 32;

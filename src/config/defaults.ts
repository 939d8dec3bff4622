/**
 * Fixed values of the config that the command line shows in its help, kept apart from the config
 * reader so that `--help` and `--version` load nothing else.
 */

/** Most parallel transfers allowed: more only gets a member throttled by Slooh. */
export const MAX_CONCURRENCY = 32;

/** Default folder levels: one folder per object, then telescope, then file format. */
export const DEFAULT_FOLDER_TEMPLATE = "{object}/{telescope}/{format}";

/** Default file name: the telescope keeps same-named files of different telescopes apart. */
export const DEFAULT_FILE_TEMPLATE = "{telescope}_{filename}";

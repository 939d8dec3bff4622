/** The program on the command line: its global options, its commands, and its help. */
import { COMMIT, VERSION } from "../../version.ts";
import { fileArg } from "../args.ts";
import type { ProgramSpec } from "../command_line.ts";
import { flag, negation, valued, type ValuesOf } from "../option.ts";
import { completionsDefinition } from "./completions.ts";
import { configureDefinition } from "./configure.ts";
import { downloadDefinition } from "./download.ts";
import { exportDefinition } from "./export.ts";
import { galleryDefinition } from "./gallery.ts";
import { loginDefinition } from "./login.ts";
import { missionsDefinition } from "./missions.ts";
import { refileDefinition } from "./refile.ts";
import { retryDefinition } from "./retry.ts";
import { statsDefinition } from "./stats.ts";
import { verifyDefinition } from "./verify.ts";

const GLOBAL_OPTIONS = {
  // Answered before anything else is read (command_line.ts); listed here for help and completions.
  version: flag("--version", "print the version"),
  config: valued("--config <file>", "config file (default: the user config file)", fileArg),
  verbose: flag("-v, --verbose", "more detail, including HTTP traces with secrets hidden"),
  quiet: flag("-q, --quiet", "only warnings, errors and the final summary"),
  color: negation("--no-color", "no colours (NO_COLOR is honoured too)"),
};

/** The options every command accepts. */
export type GlobalOptions = ValuesOf<typeof GLOBAL_OPTIONS>;

/** slooh-dl's whole command surface. */
export const PROGRAM: ProgramSpec = {
  name: "slooh-dl",
  description:
    "Download your whole Slooh image collection, pictures and FITS, and keep it up to date.",
  version: COMMIT ? `${VERSION} (${COMMIT})` : VERSION,
  globals: GLOBAL_OPTIONS,
  commands: [
    configureDefinition,
    loginDefinition,
    downloadDefinition,
    retryDefinition,
    missionsDefinition,
    statsDefinition,
    verifyDefinition,
    exportDefinition,
    galleryDefinition,
    refileDefinition,
    completionsDefinition,
  ],
  after: `
Examples:
  slooh-dl configure
  slooh-dl download
  slooh-dl download --since 2025-09-01 --object m42 --dry-run
  slooh-dl verify --repair

Exit codes: 0 done with nothing failing, 1 some items failed (or verify found a problem),
2 usage or config error, 3 authentication failed, 4 run aborted (Slooh unreachable,
disk full, state damaged), 130 interrupted (Ctrl-C), 143 stopped by SIGTERM, 129 by SIGHUP.`,
};

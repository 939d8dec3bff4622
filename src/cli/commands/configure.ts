/**
 * `configure`: the one-time set-up. Every question has a flag, so the same set-up can be
 * scripted; without a terminal (or with --yes) nothing is asked and flags, then the current
 * values, then the defaults are used. The account is checked with a real login before saving.
 */
import { isAbsolute, join, resolve } from "node:path";
import {
  DEFAULT_FILE_TEMPLATE,
  DEFAULT_FOLDER_TEMPLATE,
  MAX_CONCURRENCY,
} from "../../config/defaults.ts";
import { expandHome, userConfigFile } from "../../config/paths.ts";
import { ConfigError } from "../../errors.ts";
import { Layout } from "../../library/layout.ts";
import { type ConfigValues, readConfigValues, writeConfigValues } from "../config_file.ts";
import type { CliContext } from "../context.ts";
import type { ConfigureOptions } from "../definitions/configure.ts";
import { commandHint, type GivenPlaces } from "../hint.ts";
import { checkLibraryFolder } from "../library_folder.ts";
import { neededEnv, replaceFileNeeds, requirePermissions } from "../permissions.ts";
import type { Output } from "../output.ts";
import type { Prompter } from "../prompter.ts";
import { answer, askAccount, nonEmpty, text } from "./configure_account.ts";

/** Answers given as flags (undefined = not given). */
export interface ConfigureFlags {
  username?: string;
  /** Read the password from stdin (never from argv). */
  passwordStdin?: boolean;
  library?: string;
  folderTemplate?: string;
  fileTemplate?: string;
  fits?: boolean;
  concurrency?: number;
  /** true: store the password; false: remove a stored one; undefined: ask, or keep as is. */
  storePassword?: boolean;
  /** Ask nothing: flags, then current values, then defaults. */
  yes?: boolean;
  /** Log in to check the account (default true). */
  check?: boolean;
  /** The Slooh API to use (stored as slooh.base_url), e.g. a simulator's URL. */
  baseUrl?: string;
}

/** What `configure` needs from its surroundings, injectable for tests. */
export interface ConfigureDeps {
  out: Output;
  /** null: never ask. */
  prompter: Prompter | null;
  /** The file to write. */
  configFile: string;
  env: (name: string) => string | undefined;
  readStdin: () => Promise<string>;
  cwd: string;
  /** The --config and -d the user typed, repeated in the "Next:" hint. */
  given?: GivenPlaces;
}

/** What was saved. */
export interface ConfigureResult {
  path: string;
  values: ConfigValues;
  passwordStored: boolean;
  /** Library paths of the example images shown in the preview. */
  preview: string[];
}

/** The library folder a new user is offered. */
export const DEFAULT_LIBRARY = "~/Pictures/Slooh";

/** A library folder as stored: `~` kept, other relative paths made absolute from `cwd`. */
export function normalizeLibrary(input: string, cwd: string): string {
  const p = input.trim();
  if (p === "~" || p.startsWith("~/") || p.startsWith("~\\") || isAbsolute(p)) return p;
  return resolve(cwd, p);
}

/** Why a template pair is unusable, or true. */
function templateProblem(folder: string, file: string): true | string {
  try {
    new Layout(folder, file);
    return true;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Runs the set-up and writes the config file. */
export async function configure(flags: ConfigureFlags, deps: ConfigureDeps): Promise<
  ConfigureResult
> {
  const { out } = deps;
  const ask = flags.yes ? null : deps.prompter;
  const current = await readConfigValues(deps.configFile);
  const cur = <K extends keyof ConfigValues>(k: K) => current[k];

  const account = await askAccount(flags, deps, ask, current);
  const { username, password, storedPassword } = account;

  // Library folder.
  const currentLibrary = String(cur("folders.base_path") ?? "") || DEFAULT_LIBRARY;
  const libraryInput = await answer(
    flags.library,
    currentLibrary,
    ask,
    text("library", "Library folder (where the images go):", nonEmpty),
  );
  if (!libraryInput.trim()) throw new ConfigError("--library needs a folder");
  const library = normalizeLibrary(libraryInput, deps.cwd);
  // Every later run would refuse it.
  checkLibraryFolder(expandHome(library));

  // Layout, with a preview on real images.
  let folderTemplate = "";
  let fileTemplate = "";
  let preview: string[] = [];
  for (;;) {
    const folders = String(cur("folders.template") ?? DEFAULT_FOLDER_TEMPLATE);
    folderTemplate = await answer(
      flags.folderTemplate,
      folders,
      ask,
      text(
        "folderTemplate",
        "Folders inside the library (template):",
        (v) => templateProblem(v, DEFAULT_FILE_TEMPLATE),
      ),
    );
    const file = String(cur("folders.filename_template") ?? DEFAULT_FILE_TEMPLATE);
    fileTemplate = await answer(
      flags.fileTemplate,
      file,
      ask,
      text("fileTemplate", "File name (template):", (v) => templateProblem(folderTemplate, v)),
    );
    const layout = new Layout(folderTemplate, fileTemplate);
    preview = account.examples.map((it) => layout.relativePath(it));
    if (preview.length) {
      out.info("Where three of your images would land:");
      for (const p of preview) out.info(`  ${join(library, ...p.split("/"))}`);
    } else if (flags.check !== false) {
      out.info("(No preview: the photo roll is empty.)");
    }
    const asked = flags.folderTemplate === undefined || flags.fileTemplate === undefined;
    if (!ask || !asked) break;
    if (await ask.confirm({ name: "keepLayout", message: "Keep this layout?", default: true })) {
      break;
    }
  }

  const fits = await answer(
    flags.fits,
    Boolean(cur("download.fits") ?? true),
    ask,
    (q, d) => q.confirm({ name: "fits", message: "Download the raw FITS frames too?", default: d }),
  );
  const threads = Number(cur("download.threads") ?? 4);
  const concurrency = await answer(flags.concurrency, threads, ask, (q, d) =>
    q.number({
      name: "concurrency",
      message: "Parallel transfers:",
      default: d,
      min: 1,
      max: MAX_CONCURRENCY,
    }));
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new ConfigError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  }

  // The password: not stored unless the user explicitly says so.
  const store = await answer(
    flags.storePassword,
    storedPassword !== "" && storedPassword === password,
    password ? ask : null,
    (q, d) =>
      q.confirm({
        name: "storePassword",
        message: `Store the password in ${deps.configFile}? It is kept there in plain text ` +
          "(not recommended; SLOOH_PASSWORD or a prompt at each run is safer)",
        default: d,
      }),
  );
  if (store && !password) {
    throw new ConfigError(
      "--store-password needs a password: set SLOOH_PASSWORD or use --password-stdin",
    );
  }

  const values: ConfigValues = {
    ...current,
    "slooh.username": username,
    "folders.base_path": library,
    "folders.template": folderTemplate,
    "folders.filename_template": fileTemplate,
    "download.fits": fits,
    "download.threads": concurrency,
  };
  if (flags.baseUrl !== undefined) values["slooh.base_url"] = flags.baseUrl;
  if (store) values["slooh.password"] = password;
  else delete values["slooh.password"];
  await writeConfigValues(deps.configFile, values);

  if (store) {
    out.warn(
      `the password is stored in plain text in ${deps.configFile} (readable by you only)`,
    );
  }
  out.info(`Saved ${deps.configFile}`);
  if (!store) {
    out.info("The password was not saved: set SLOOH_PASSWORD, or type it when slooh-dl asks.");
  }
  out.info(`Next: ${commandHint("download", deps.given ?? {})}`);
  return { path: deps.configFile, values, passwordStored: store, preview };
}

async function readAllStdin(): Promise<string> {
  if (Deno.stdin.isTerminal()) {
    throw new ConfigError("--password-stdin expects the password piped in, not typed");
  }
  return await new Response(Deno.stdin.readable).text();
}

/** Runs `configure` with the options its command line parsed. */
export async function configureAction(ctx: CliContext, opts: ConfigureOptions): Promise<void> {
  // Checked before the login, so that a fenced run stops before any request.
  requirePermissions(neededEnv());
  const target = ctx.globals().config ?? userConfigFile();
  if (!target) {
    throw new ConfigError("No home folder known for the config file; pass --config <file>");
  }
  requirePermissions(replaceFileNeeds(resolve(target)));
  await configure({
    username: opts.username,
    passwordStdin: opts.passwordStdin,
    library: opts.directory ?? opts.library,
    baseUrl: opts.baseUrl,
    folderTemplate: opts.folderTemplate,
    fileTemplate: opts.fileTemplate,
    fits: opts.fits,
    concurrency: opts.concurrency,
    storePassword: opts.storePassword,
    yes: opts.yes,
    check: opts.check,
  }, {
    out: ctx.out,
    prompter: opts.passwordStdin ? null : ctx.prompter(),
    configFile: resolve(target),
    env: (n) => Deno.env.get(n),
    readStdin: readAllStdin,
    cwd: Deno.cwd(),
    given: { config: ctx.globals().config, directory: opts.directory ?? opts.library },
  });
}

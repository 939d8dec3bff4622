/**
 * `configure`: the one-time set-up. Every question has a flag, so the same set-up can be
 * scripted; without a terminal (or with --yes) nothing is asked and flags, then the current
 * values, then the defaults are used. The account is checked with a real login before saving.
 */
import { Command } from "@commander-js/extra-typings";
import { isAbsolute, join, resolve } from "node:path";
import { CONFIG_KEYS } from "../../config/config.ts";
import { userConfigFile } from "../../config/paths.ts";
import { AuthError, ConfigError } from "../../errors.ts";
import { objectName } from "../../library/catalog.ts";
import { DEFAULT_FILE_TEMPLATE, DEFAULT_FOLDER_TEMPLATE, Layout } from "../../library/layout.ts";
import { DEFAULT_BASE_URL, SloohClient } from "../../slooh/client.ts";
import type { Item } from "../../slooh/types.ts";
import { intArg } from "../args.ts";
import { type ConfigValues, readConfigValues, writeConfigValues } from "../config_file.ts";
import type { CliContext } from "../context.ts";
import type { Output } from "../output.ts";
import type { Prompter } from "../prompter.ts";

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
const MAX_CONCURRENCY = 32;
const LOGIN_TRIES = 3;

/** Up to three pictures of a photo-roll page, different objects first, for the layout preview. */
export function pickExamples(entries: readonly (Item | null)[], n = 3): Item[] {
  const items = entries.filter((e): e is Item => e !== null);
  const picked: Item[] = [];
  const objects = new Set<string>();
  for (const it of items) {
    if (picked.length < n && !objects.has(objectName(it.title))) {
      picked.push(it);
      objects.add(objectName(it.title));
    }
  }
  for (const it of items) if (picked.length < n && !picked.includes(it)) picked.push(it);
  return picked;
}

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
  const { out, env } = deps;
  const ask = flags.yes ? null : deps.prompter;
  const current = await readConfigValues(deps.configFile);
  const cur = <K extends keyof typeof CONFIG_KEYS>(k: K) => current[k];

  // Account.
  const nonEmpty = (v: string) => v.trim() !== "" || "required";
  const currentUser = String(cur("slooh.username") ?? env("SLOOH_USERNAME") ?? "");
  let username = flags.username?.trim() ??
    (ask
      ? (await ask.input({
        name: "username",
        message: "Slooh username (e-mail):",
        default: currentUser || undefined,
        validate: nonEmpty,
      })).trim()
      : currentUser);
  if (!username) throw new ConfigError("No Slooh username: pass --username <e-mail>");

  const storedPassword = String(cur("slooh.password") ?? "");
  let password = "";
  if (flags.passwordStdin) {
    password = (await deps.readStdin()).replace(/\r?\n$/, "");
    if (!password) throw new ConfigError("--password-stdin: no password on standard input");
  } else password = env("SLOOH_PASSWORD") ?? "";
  if (!password && storedPassword && username === cur("slooh.username")) {
    password = storedPassword;
  }
  if (!password && ask) {
    password = await ask.password({ name: "password", message: `Password for ${username}:` });
  }

  const baseUrl = env("SLOOH_BASE_URL") || String(cur("slooh.base_url") ?? DEFAULT_BASE_URL);
  let examples: Item[] = [];
  if (flags.check !== false) {
    if (!password) {
      throw new ConfigError(
        "No password to check the login with: set SLOOH_PASSWORD, pipe it with " +
          "--password-stdin, or pass --no-check",
      );
    }
    for (let attempt = 1;; attempt++) {
      try {
        const client = new SloohClient({
          baseUrl,
          username,
          password,
          retries: 2,
          trace: out.opts.verbose ? (line) => out.debug(line) : undefined,
        });
        const account = await client.login();
        out.info(`Logged in as ${account.displayName || username}.`);
        const page = await client.picturesPage({ kind: "photoRoll" }, 1, 20);
        examples = pickExamples(page.entries);
        break;
      } catch (e) {
        if (!(e instanceof AuthError) || !ask || attempt >= LOGIN_TRIES) throw e;
        out.warn(e.message);
        username = (await ask.input({
          name: "username",
          message: "Slooh username (e-mail):",
          default: username,
          validate: nonEmpty,
        })).trim();
        password = await ask.password({ name: "password", message: `Password for ${username}:` });
      }
    }
  } else out.info("Login not checked (--no-check).");

  // Library folder.
  const currentLibrary = String(cur("folders.base_path") ?? "") || DEFAULT_LIBRARY;
  const libraryInput = flags.library ??
    (ask
      ? await ask.input({
        name: "library",
        message: "Library folder (where the images go):",
        default: currentLibrary,
        validate: nonEmpty,
      })
      : currentLibrary);
  if (!libraryInput.trim()) throw new ConfigError("--library needs a folder");
  const library = normalizeLibrary(libraryInput, deps.cwd);

  // Layout, with a preview on real images.
  let folderTemplate = "";
  let fileTemplate = "";
  let preview: string[] = [];
  for (;;) {
    folderTemplate = flags.folderTemplate ??
      (ask
        ? await ask.input({
          name: "folderTemplate",
          message: "Folders inside the library (template):",
          default: String(cur("folders.template") ?? DEFAULT_FOLDER_TEMPLATE),
          validate: (v) => templateProblem(v, DEFAULT_FILE_TEMPLATE),
        })
        : String(cur("folders.template") ?? DEFAULT_FOLDER_TEMPLATE));
    fileTemplate = flags.fileTemplate ??
      (ask
        ? await ask.input({
          name: "fileTemplate",
          message: "File name (template):",
          default: String(cur("folders.filename_template") ?? DEFAULT_FILE_TEMPLATE),
          validate: (v) => templateProblem(folderTemplate, v),
        })
        : String(cur("folders.filename_template") ?? DEFAULT_FILE_TEMPLATE));
    const layout = new Layout(folderTemplate, fileTemplate);
    preview = examples.map((it) => layout.relativePath(it));
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

  const fits = flags.fits ??
    (ask
      ? await ask.confirm({
        name: "fits",
        message: "Download the raw FITS frames too?",
        default: Boolean(cur("download.fits") ?? true),
      })
      : Boolean(cur("download.fits") ?? true));

  const currentThreads = Number(cur("download.threads") ?? 4);
  const concurrency = flags.concurrency ??
    (ask
      ? await ask.number({
        name: "concurrency",
        message: "Parallel transfers:",
        default: currentThreads,
        min: 1,
        max: MAX_CONCURRENCY,
      })
      : currentThreads);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new ConfigError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  }

  // The password: not stored unless the user explicitly says so.
  let store: boolean;
  if (flags.storePassword !== undefined) store = flags.storePassword;
  else if (ask && password) {
    store = await ask.confirm({
      name: "storePassword",
      message: `Store the password in ${deps.configFile}? It is kept there in plain text ` +
        "(not recommended; SLOOH_PASSWORD or a prompt at each run is safer)",
      default: storedPassword !== "" && storedPassword === password,
    });
  } else store = storedPassword !== "" && storedPassword === password;
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
  out.info("Next: slooh-dl download");
  return { path: deps.configFile, values, passwordStored: store, preview };
}

async function readAllStdin(): Promise<string> {
  if (Deno.stdin.isTerminal()) {
    throw new ConfigError("--password-stdin expects the password piped in, not typed");
  }
  return await new Response(Deno.stdin.readable).text();
}

/** The `configure` command. */
export function configureCommand(ctx: CliContext) {
  return new Command("configure")
    .description("set up account, library folder, layout, FITS and concurrency")
    .option("--username <e-mail>", "Slooh username")
    .option("--password-stdin", "read the password from standard input (or set SLOOH_PASSWORD)")
    .option("-d, --library <dir>", "library folder")
    .option(
      "--folder-template <template>",
      `folders inside the library (${DEFAULT_FOLDER_TEMPLATE})`,
    )
    .option("--file-template <template>", `file name (${DEFAULT_FILE_TEMPLATE})`)
    .option("--fits", "download raw FITS frames")
    .option("--no-fits", "skip raw FITS frames")
    .option("--concurrency <n>", "parallel transfers", intArg(1, MAX_CONCURRENCY))
    .option("--store-password", "store the password in the config file (plain text)")
    .option("--no-store-password", "do not store the password; remove a stored one")
    .option("-y, --yes", "ask nothing: use the flags, then the current values, then defaults")
    .option("--no-check", "save without checking the login (and without a preview)")
    .addHelpText(
      "after",
      `
Without a terminal nothing is asked, as with --yes. The password is never taken from the
command line: use SLOOH_PASSWORD or --password-stdin.

Examples:
  slooh-dl configure
  SLOOH_PASSWORD=… slooh-dl configure --yes --username me@example.com -d ~/Pictures/Slooh`,
    )
    .action(async (opts) => {
      const target = ctx.globals().config ?? userConfigFile();
      if (!target) {
        throw new ConfigError("No home folder known for the config file; pass --config <file>");
      }
      await configure({
        username: opts.username,
        passwordStdin: opts.passwordStdin,
        library: opts.library,
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
      });
    });
}

/** One validated Config from flags, environment, config file and defaults, in that order. */
import { dirname, resolve } from "node:path";
import { ConfigError } from "../errors.ts";
import { compileTemplate } from "../library/template.ts";
import { DEFAULT_BASE_URL } from "../slooh/client.ts";
import { DEFAULT_FILE_TEMPLATE, DEFAULT_FOLDER_TEMPLATE, MAX_CONCURRENCY } from "./defaults.ts";
import { expandHome, userConfigFile } from "./paths.ts";

/** Everything a command needs to know, resolved. */
export interface Config {
  username: string;
  password: string;
  baseUrl: string;
  /** Absolute library folder, or "" when none was given. */
  library: string;
  folderTemplate: string;
  fileTemplate: string;
  concurrency: number;
  /** File transfers started per minute, 0 = no cap. */
  rateLimit: number;
  retries: number;
  /** First retry delay in ms, of API calls and file transfers (doubles each attempt). */
  retryBaseMs: number;
  timeoutMs: number;
  idleTimeoutMs: number;
  stallTimeoutMs: number;
  pageSize: number;
  fits: boolean;
  /** Adopt a file found where a new item goes when its size is the server's (download.skip_existing). */
  adoptBySize: boolean;
  /** Stop the walk at the anchor of the last clean pass (download.check_tracker; false = --all). */
  stopEarly: boolean;
  /** Refresh a gallery the library already has after a run that brought files (gallery.auto). */
  galleryAuto: boolean;
  /** The config file that was read, if any. */
  configFile: string | null;
}

/** The config file's schema: key → [kind, default, description]. */
export const CONFIG_KEYS = {
  "slooh.username": ["string", "", "Slooh login (usually an e-mail)"],
  "slooh.password": ["string", "", "Slooh password; better left out (use SLOOH_PASSWORD)"],
  "slooh.base_url": ["string", DEFAULT_BASE_URL, "API root"],
  "folders.base_path": ["string", "", "library folder (relative paths: to this file's folder)"],
  "folders.template": ["string", DEFAULT_FOLDER_TEMPLATE, "folder template"],
  "folders.filename_template": ["string", DEFAULT_FILE_TEMPLATE, "file name template"],
  "download.threads": ["number", 4, "parallel transfers"],
  "download.rate_limit": ["number", 0, "transfers started per minute, 0 = no cap"],
  "download.max_retries": ["number", 3, "retries per file after the first try"],
  "download.retry_delay": ["number", 1, "first retry delay in seconds (doubles each time)"],
  "download.timeout": ["number", 120, "API request timeout in seconds"],
  "download.idle_timeout": ["number", 60, "seconds to connect and get the first bytes of a file"],
  "download.stall_timeout": [
    "number",
    10,
    "seconds without a byte, once a file is flowing, before it is set aside and resumed later",
  ],
  "download.batch_size": ["number", 50, "pictures asked per page"],
  "download.fits": ["boolean", true, "download raw FITS frames"],
  "download.skip_existing": ["boolean", true, "adopt matching files already in the library"],
  "download.check_tracker": ["boolean", true, "trust the record of earlier runs (false = --all)"],
  "gallery.auto": ["boolean", true, "refresh an existing gallery after a run that brought files"],
} as const;

type Key = keyof typeof CONFIG_KEYS;
type Flat = Partial<Record<Key, string | number | boolean>>;

/** Flag values that override everything else (undefined = not given). */
export interface ConfigOverrides {
  configFile?: string;
  library?: string;
  concurrency?: number;
  rateLimit?: number;
  retries?: number;
  fits?: boolean;
  /** false with --no-gallery. */
  gallery?: boolean;
}

/** Far above any real config file: a device or a stray big file is refused, not read whole. */
const MAX_CONFIG_BYTES = 64 << 10;

/** The file's text, read through a cap: `--config /dev/urandom` must not fill the memory. */
async function readCapped(path: string): Promise<string> {
  using f = await Deno.open(path);
  const buf = new Uint8Array(MAX_CONFIG_BYTES + 1);
  let n = 0;
  for (let got = await f.read(buf); got !== null; got = await f.read(buf.subarray(n))) {
    n += got;
    if (n === buf.length) {
      throw new ConfigError(`Config file ${path} is too large to be one (over 64 KiB)`);
    }
  }
  return new TextDecoder().decode(buf.subarray(0, n));
}

/** Reads and validates a config file into flat dotted keys. */
export async function readConfigFile(path: string): Promise<Flat> {
  let text: string;
  try {
    text = await readCapped(path);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw new ConfigError(
        `Cannot read config file ${path}: permission denied (add --allow-read=${path})`,
      );
    }
    throw new ConfigError(`Cannot read config file ${path}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return flatten(raw, path);
}

function flatten(raw: unknown, path: string): Flat {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ConfigError(`Config file ${path} must hold a JSON object`);
  }
  const out: Flat = {};
  for (const [section, values] of Object.entries(raw as Record<string, unknown>)) {
    if (section.startsWith("$") || section === "_comment") continue;
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
      throw new ConfigError(`Config file ${path}: "${section}" must be an object`);
    }
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      const key = `${section}.${name}` as Key;
      const spec = CONFIG_KEYS[key];
      if (!spec) {
        throw new ConfigError(
          `Config file ${path}: unknown key "${key}"; valid keys: ${
            Object.keys(CONFIG_KEYS).join(", ")
          }`,
        );
      }
      if (value === null) continue;
      const kind: string = typeof value;
      if (kind !== spec[0]) {
        throw new ConfigError(`Config file ${path}: "${key}" must be a ${spec[0]}`);
      }
      out[key] = value as string | number | boolean;
    }
  }
  return out;
}

function positiveInt(value: number, what: string, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${what} must be a whole number of at least ${min} (got ${value})`);
  }
  return value;
}

/** Resolves flags > environment > config file > defaults into one Config. */
export async function loadConfig(
  flags: ConfigOverrides,
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): Promise<Config> {
  let file: Flat = {};
  let configFile: string | null = null;
  if (flags.configFile) {
    configFile = resolve(flags.configFile);
    file = await readConfigFile(configFile);
  } else {
    const user = userConfigFile();
    if (user && await exists(user)) {
      configFile = user;
      file = await readConfigFile(user);
    }
  }
  const get = <K extends Key>(k: K) => (file[k] ?? CONFIG_KEYS[k][1]) as (typeof CONFIG_KEYS)[K][1];
  const baseDir = configFile ? dirname(configFile) : Deno.cwd();
  const fromFile = String(get("folders.base_path"));
  if (flags.library !== undefined && !flags.library.trim()) {
    throw new ConfigError("-d/--directory needs a folder (it was empty)");
  }
  const library = flags.library !== undefined
    ? resolve(expandHome(flags.library))
    : fromFile
    ? resolve(baseDir, expandHome(fromFile))
    : "";
  const cfg: Config = {
    username: env("SLOOH_USERNAME") || String(get("slooh.username")),
    password: env("SLOOH_PASSWORD") || String(get("slooh.password")),
    baseUrl: env("SLOOH_BASE_URL") || String(get("slooh.base_url")),
    library,
    folderTemplate: String(get("folders.template")),
    fileTemplate: String(get("folders.filename_template")),
    concurrency: positiveInt(flags.concurrency ?? Number(get("download.threads")), "concurrency"),
    rateLimit: positiveInt(flags.rateLimit ?? Number(get("download.rate_limit")), "rate limit", 0),
    retries: positiveInt(flags.retries ?? Number(get("download.max_retries")), "retries", 0),
    retryBaseMs: Number(get("download.retry_delay")) * 1000,
    timeoutMs: Number(get("download.timeout")) * 1000,
    idleTimeoutMs: Number(get("download.idle_timeout")) * 1000,
    stallTimeoutMs: Number(get("download.stall_timeout")) * 1000,
    pageSize: positiveInt(Number(get("download.batch_size")), "download.batch_size"),
    fits: flags.fits ?? Boolean(get("download.fits")),
    adoptBySize: Boolean(get("download.skip_existing")),
    stopEarly: Boolean(get("download.check_tracker")),
    galleryAuto: flags.gallery ?? Boolean(get("gallery.auto")),
    configFile,
  };
  if (cfg.concurrency > MAX_CONCURRENCY) {
    throw new ConfigError(`concurrency must be at most ${MAX_CONCURRENCY}`);
  }
  // Timers hold at most 2^31-1 ms; a longer one would fire at once.
  const ok = (ms: number, min: number) => ms >= min && ms <= 2 ** 31 - 1;
  if (
    !ok(cfg.retryBaseMs, 0) || !ok(cfg.timeoutMs, 1) || !ok(cfg.idleTimeoutMs, 1) ||
    !ok(cfg.stallTimeoutMs, 1)
  ) {
    throw new ConfigError(
      "download.retry_delay, timeout, idle_timeout and stall_timeout must be positive numbers of seconds " +
        "(at most 2147483)",
    );
  }
  compileTemplate(cfg.folderTemplate, "folders.template");
  compileTemplate(cfg.fileTemplate, "folders.filename_template");
  return cfg;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    // A path through a file (ENOTDIR) cannot hold a config file either.
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return false;
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      return false;
    }
    throw e;
  }
}

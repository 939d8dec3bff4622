/** Writing the user's config file: only known keys, sections in a fixed order, mode 0600. */
import { dirname } from "node:path";
import { CONFIG_KEYS, readConfigFile } from "../config/config.ts";
import { ConfigError } from "../errors.ts";
import { writeFileAtomic } from "./atomic_write.ts";

/** A config key such as "download.threads". */
export type ConfigKey = keyof typeof CONFIG_KEYS;
/** Values by dotted key. */
export type ConfigValues = Partial<Record<ConfigKey, string | number | boolean>>;

/** The file's values, or none when it does not exist; a broken file is a ConfigError. */
export async function readConfigValues(path: string): Promise<ConfigValues> {
  try {
    await Deno.stat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return {};
    throw e;
  }
  return await readConfigFile(path);
}

/** The extra top-level entries ($schema, _comment) of an existing file, kept on rewrite. */
async function extras(path: string): Promise<Record<string, unknown>> {
  try {
    const raw = JSON.parse(await Deno.readTextFile(path));
    return Object.fromEntries(
      Object.entries(raw).filter(([k]) => k.startsWith("$") || k === "_comment"),
    );
  } catch {
    return {};
  }
}

/** The nested JSON of the values, keys in the documented order. */
export function configJson(values: ConfigValues, keep: Record<string, unknown> = {}): string {
  const out: Record<string, Record<string, unknown>> = {};
  for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
    const value = values[key];
    if (value === undefined) continue;
    const [section, name] = key.split(".");
    (out[section] ??= {})[name] = value;
  }
  return JSON.stringify({ ...keep, ...out }, null, 2) + "\n";
}

/**
 * Replaces the config file atomically (temporary file, then rename), readable by the owner
 * only: it may hold the password, and the rename keeps a half-written file from ever existing.
 */
export async function writeConfigValues(path: string, values: ConfigValues): Promise<void> {
  const text = configJson(values, await extras(path));
  try {
    await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(path, text, { mode: 0o600 });
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable) throw e;
    throw new ConfigError(
      `Cannot write the config file ${path}: ${(e as Error).message.split("\n")[0]}`,
    );
  }
}

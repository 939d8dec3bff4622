/**
 * The Deno permissions a command needs, checked up front (queried, never prompted) so that a
 * missing one ends the run with one line naming the exact flag to add, not a stack trace.
 *
 * The narrowest set: network to Slooh's API and image hosts, read and write inside the library
 * (plus read of the config file), and the environment variables listed in ENV_VARS.
 */
import { dirname } from "node:path";
import { type Config, type ConfigOverrides, loadConfig } from "../config/config.ts";
import { userConfigFile } from "../config/paths.ts";
import { ConfigError } from "../errors.ts";
import { PROXY_VARS } from "../net/proxy_vars.ts";

/** Slooh's JSON API. */
export const SLOOH_API_HOST = "app.slooh.com";

/**
 * Hosts the API hands out image URLs on: polaris (FITS) and polaris2 (PNG) in every account seen,
 * and astroimages, which Slooh's older docs name but no data has shown (docs/slooh-api.md).
 */
export const SLOOH_IMAGE_HOSTS = [
  "polaris.slooh.com",
  "polaris2.slooh.com",
  "astroimages.slooh.com",
] as const;

/** Every host a run against the real Slooh may talk to: the value of `--allow-net`. */
export const SLOOH_HOSTS: readonly string[] = [SLOOH_API_HOST, ...SLOOH_IMAGE_HOSTS];

/** Image hosts every real account has used, so a run against Slooh cannot do without them. */
const REQUIRED_IMAGE_HOSTS = ["polaris.slooh.com", "polaris2.slooh.com"];

/**
 * Every environment variable slooh-dl reads, on any platform: the value of `--allow-env`.
 * Libraries it uses peek at a few more (FORCE_COLOR, TERM, CI…) for colours and prompts;
 * `--ignore-env` lets those read as unset instead of failing.
 */
export const ENV_VARS: readonly string[] = [
  "SLOOH_USERNAME",
  "SLOOH_PASSWORD",
  "SLOOH_BASE_URL",
  "NO_COLOR",
  "HOME",
  "USERPROFILE",
  "XDG_CONFIG_HOME",
  "APPDATA",
  ...PROXY_VARS,
];

/**
 * What a command is about to do, which decides the permissions it needs:
 * - login: the API only;
 * - download (and retry): read and write the library, the API and Slooh's image hosts;
 * - dry-run: read the library, the API (no image is fetched);
 * - missions: read the library when one is given, the API;
 * - stats (and refile --dry-run): read the library, no network;
 * - gallery, refile: read and write the library, no network.
 */
export type Use =
  | "login"
  | "download"
  | "dry-run"
  | "missions"
  | "stats"
  | "gallery"
  | "refile";

/** One permission a command needs. */
export interface Need {
  descriptor: Deno.PermissionDescriptor;
  /** The value to put after `--allow-<name>=`. */
  value: string;
  /**
   * A state of "denied" (from --deny-* or --ignore-*) is the user's choice and accepted: the
   * default config file then counts as absent, an ignored variable as unset.
   */
  deniable?: boolean;
}

/** The variables read on `os` before a config can even be loaded. */
export function neededEnv(os: typeof Deno.build.os = Deno.build.os): Need[] {
  const dirVars = os === "windows"
    ? ["APPDATA", "HOME", "USERPROFILE"]
    : os === "darwin"
    ? ["HOME"]
    : ["XDG_CONFIG_HOME", "HOME"];
  return ["SLOOH_USERNAME", "SLOOH_PASSWORD", "SLOOH_BASE_URL", ...dirVars].map((variable) => ({
    descriptor: { name: "env", variable },
    value: variable,
    deniable: true,
  }));
}

/** `host:port` for the permission query and the host as the flag should name it. */
function netNeed(url: URL): Need {
  const port = url.port || (url.protocol === "http:" ? "80" : "443");
  return { descriptor: { name: "net", host: `${url.hostname}:${port}` }, value: url.host };
}

/** True for slooh.com and its subdomains: the real service, whose images live on other hosts. */
export function isSloohHost(hostname: string): boolean {
  return hostname === "slooh.com" || hostname.endsWith(".slooh.com");
}

/**
 * The permissions `use` needs with the resolved `cfg`, in the order they are reported.
 * `defaultConfigFile` is the user config file that is looked for when no --config is given.
 */
export function neededPermissions(
  cfg: Config,
  use: Use,
  defaultConfigFile: string | null = userConfigFile(),
): Need[] {
  const needs: Need[] = [];
  if (use !== "login" && cfg.library) {
    needs.push({ descriptor: { name: "read", path: cfg.library }, value: cfg.library });
  }
  const configFile = cfg.configFile ?? defaultConfigFile;
  if (configFile) {
    // Without it the tool cannot even tell whether the user's config file exists.
    needs.push({
      descriptor: { name: "read", path: configFile },
      value: configFile,
      deniable: cfg.configFile === null,
    });
  }
  if ((use === "download" || use === "gallery" || use === "refile") && cfg.library) {
    needs.push({ descriptor: { name: "write", path: cfg.library }, value: cfg.library });
  }
  let base: URL | null = null;
  try {
    base = new URL(cfg.baseUrl);
  } catch {
    // The client reports a malformed base URL itself.
  }
  if (base && use !== "stats" && use !== "gallery" && use !== "refile") {
    needs.push(netNeed(base));
    if (use === "download" && isSloohHost(base.hostname)) {
      for (const host of REQUIRED_IMAGE_HOSTS) needs.push(netNeed(new URL(`https://${host}`)));
    }
  }
  return needs;
}

/**
 * What replacing `file` needs outside the library: read and write on its folder, since it is
 * written beside it under a temporary name and renamed over it (Deno's rename needs both).
 */
export function replaceFileNeeds(file: string): Need[] {
  const folder = dirname(file);
  return [
    { descriptor: { name: "read", path: folder }, value: folder },
    { descriptor: { name: "write", path: folder }, value: folder },
  ];
}

/** Quotes a flag's value for a shell when it holds anything but plain path characters. */
function shellValue(value: string): string {
  return /^[\w.,:/\\~@+-]+$/.test(value) ? value : `"${value}"`;
}

/** `--allow-<name>=<values>` as a user would type it. */
export function allowFlag(name: string, values: readonly string[]): string {
  return `--allow-${name}=${shellValue(values.join(","))}`;
}

/** Reads a permission's state without prompting. */
export type PermissionQuery = (d: Deno.PermissionDescriptor) => Deno.PermissionState;

const queryState: PermissionQuery = (d) => Deno.permissions.querySync(d).state;

/**
 * The first flag missing for `needs`, e.g. `--allow-write=/home/me/Pictures/Slooh` (every missing
 * value of that permission in one flag), or null when all are granted.
 */
export function firstMissingFlag(
  needs: readonly Need[],
  query: PermissionQuery = queryState,
): string | null {
  let kind: string | null = null;
  const values: string[] = [];
  for (const need of needs) {
    if (kind !== null && need.descriptor.name !== kind) continue;
    const state = query(need.descriptor);
    if (state === "granted" || (state === "denied" && need.deniable)) continue;
    kind = need.descriptor.name;
    if (!values.includes(need.value)) values.push(need.value);
  }
  return kind === null ? null : allowFlag(kind, values);
}

/** The one-line message for a missing flag; an executable's permissions are fixed when built. */
export function missingMessage(flag: string, standalone = Deno.build.standalone): string {
  if (!standalone) return `missing permission: run again adding ${flag}`;
  const how = /^--allow-(read|write)=/.test(flag)
    ? "deno task compile --library <dir> builds one for your library"
    : /^--allow-net=/.test(flag)
    ? "deno task compile --allow-host <host> builds one that may reach it"
    : "see Permissions in the README";
  return `this slooh-dl executable was built without ${flag} (${how})`;
}

/** Throws a ConfigError (exit 2) naming the first missing flag, if any. */
export function requirePermissions(needs: readonly Need[], query?: PermissionQuery): void {
  const flag = firstMissingFlag(needs, query);
  if (flag) throw new ConfigError(missingMessage(flag));
}

/** Loads the config of a command after checking, and before using, the permissions it needs. */
export async function loadPermittedConfig(flags: ConfigOverrides, use: Use): Promise<Config> {
  requirePermissions(neededEnv());
  const cfg = await loadConfig(flags);
  requirePermissions(neededPermissions(cfg, use));
  return cfg;
}

/**
 * The one line for a permission Deno refused mid-run (a NotCapable error), naming the flag:
 * `Requires read access to "/x", run again…` becomes `missing permission: run again adding
 * --allow-read=/x`. A variable the tool itself does not read asks for --ignore-env instead.
 */
export function notCapableMessage(e: Error, standalone = Deno.build.standalone): string {
  const line = e.message.split("\n")[0];
  const m = line.match(/Requires (\w+) access to "([^"]+)"/);
  if (!m) return line;
  const [, name, rawValue] = m;
  let value = rawValue;
  if (name === "net") value = value.replace(/:(443|80)$/, "");
  if (name === "env" && !ENV_VARS.includes(value)) {
    return standalone ? line : `missing permission: run again adding --ignore-env (${line})`;
  }
  return missingMessage(allowFlag(name, [value]), standalone);
}

/** What `flagsFor` scopes the permissions to. */
export interface FlagOptions {
  /** The library folder: read and write are limited to it (read also to `configFile`). */
  library?: string | null;
  /** Config file to allow reading. */
  configFile?: string | null;
  /** Read and write anywhere instead: for an executable whose library is chosen when it runs. */
  anyPath?: boolean;
  /** Hosts to allow besides Slooh's, e.g. a simulator's `127.0.0.1:PORT`. */
  extraHosts?: readonly string[];
}

/** The narrowest `deno run`/`deno compile` permission flags for a library. */
export function flagsFor(o: FlagOptions): string[] {
  const hosts = [...SLOOH_HOSTS];
  for (const h of o.extraHosts ?? []) if (!hosts.includes(h)) hosts.push(h);
  const flags = [allowFlag("net", hosts), allowFlag("env", ENV_VARS), "--ignore-env"];
  if (o.anyPath) return [...flags, "--allow-read", "--allow-write"];
  const read = [o.library, o.configFile].filter((p): p is string => !!p);
  if (read.length) flags.push(allowFlag("read", read));
  if (o.library) flags.push(allowFlag("write", [o.library]));
  return flags;
}

/** Where the user's config file lives on each platform. */
import { join } from "node:path";

/** The per-user config directory of slooh-dl, following each platform's convention. */
export function userConfigDir(
  os: typeof Deno.build.os = Deno.build.os,
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): string | null {
  if (os === "windows") {
    const appData = env("APPDATA");
    return appData ? join(appData, "slooh-dl") : null;
  }
  const home = env("HOME");
  if (os === "darwin") {
    return home ? join(home, "Library", "Application Support", "slooh-dl") : null;
  }
  const xdg = env("XDG_CONFIG_HOME");
  if (xdg) return join(xdg, "slooh-dl");
  return home ? join(home, ".config", "slooh-dl") : null;
}

/** The default config file path, or null when no home directory is known. */
export function userConfigFile(): string | null {
  const dir = userConfigDir();
  return dir ? join(dir, "config.json") : null;
}

/** Expands a leading `~` to the home directory. */
export function expandHome(
  path: string,
  home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE"),
): string {
  if (home && (path === "~" || path.startsWith("~/") || path.startsWith("~\\"))) {
    return join(home, path.slice(1));
  }
  return path;
}

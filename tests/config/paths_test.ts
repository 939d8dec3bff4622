import assert from "node:assert/strict";
import { join } from "node:path";
import { expandHome, userConfigDir, userConfigFile } from "../../src/config/paths.ts";

const envOf = (vars: Record<string, string>) => (name: string) => vars[name];

/** Compares paths whatever separator the host's path module joined them with. */
function samePath(actual: string | null, expected: string, sep: "/" | "\\"): void {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.equal(sep === "\\" ? actual.replaceAll("/", "\\") : actual, expected);
}

Deno.test("Linux: $XDG_CONFIG_HOME/slooh-dl, else ~/.config/slooh-dl", () => {
  samePath(
    userConfigDir("linux", envOf({ HOME: "/home/me", XDG_CONFIG_HOME: "/home/me/.xdg" })),
    "/home/me/.xdg/slooh-dl",
    "/",
  );
  samePath(userConfigDir("linux", envOf({ HOME: "/home/me" })), "/home/me/.config/slooh-dl", "/");
  // An empty XDG_CONFIG_HOME counts as unset, as the XDG spec says.
  samePath(
    userConfigDir("linux", envOf({ HOME: "/home/me", XDG_CONFIG_HOME: "" })),
    "/home/me/.config/slooh-dl",
    "/",
  );
  assert.equal(userConfigDir("linux", envOf({})), null);
});

Deno.test("macOS: ~/Library/Application Support/slooh-dl, whatever XDG_CONFIG_HOME says", () => {
  samePath(
    userConfigDir("darwin", envOf({ HOME: "/Users/me", XDG_CONFIG_HOME: "/Users/me/.xdg" })),
    "/Users/me/Library/Application Support/slooh-dl",
    "/",
  );
  assert.equal(userConfigDir("darwin", envOf({})), null);
});

Deno.test("Windows: %APPDATA%\\slooh-dl (the roaming profile), not HOME", () => {
  samePath(
    userConfigDir(
      "windows",
      envOf({ APPDATA: "C:\\Users\\me\\AppData\\Roaming", HOME: "C:\\Users\\me" }),
    ),
    "C:\\Users\\me\\AppData\\Roaming\\slooh-dl",
    "\\",
  );
  assert.equal(userConfigDir("windows", envOf({ HOME: "C:\\Users\\me" })), null);
});

Deno.test("the config file is config.json in this platform's config directory", () => {
  const dir = userConfigDir();
  assert.equal(userConfigFile(), dir ? join(dir, "config.json") : null);
  const home = Deno.env.get("HOME") ?? "";
  if (Deno.build.os === "linux" && home && !Deno.env.get("XDG_CONFIG_HOME")) {
    assert.equal(userConfigFile(), join(home, ".config", "slooh-dl", "config.json"));
  }
});

Deno.test("~ expands to the home folder", () => {
  assert.equal(expandHome("~/Pictures/Slooh", "/home/me"), join("/home/me", "Pictures/Slooh"));
  assert.equal(expandHome("~", "/home/me"), "/home/me");
  if (Deno.build.os === "windows") {
    // Only Windows' path module treats "\\" as a separator, so only there is this a folder.
    assert.equal(
      expandHome("~\\Pictures\\Slooh", "C:\\Users\\me"),
      "C:\\Users\\me\\Pictures\\Slooh",
    );
  }
  assert.equal(expandHome("/abs/~/x", "/home/me"), "/abs/~/x");
  assert.equal(expandHome("~other/x", "/home/me"), "~other/x");
  assert.equal(expandHome("~/x", ""), "~/x");
});

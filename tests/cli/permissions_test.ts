import assert from "node:assert/strict";
import type { Config } from "../../src/config/config.ts";
import {
  ENV_VARS,
  firstMissingFlag,
  flagsFor,
  type Need,
  neededEnv,
  neededPermissions,
  notCapableMessage,
  type PermissionQuery,
  SLOOH_HOSTS,
} from "../../src/cli/permissions.ts";

function config(over: Partial<Config> = {}): Config {
  return {
    username: "me",
    password: "pw",
    baseUrl: "https://app.slooh.com",
    library: "/home/me/Pictures/Slooh",
    folderTemplate: "{object}",
    fileTemplate: "{filename}",
    concurrency: 4,
    rateLimit: 0,
    retries: 3,
    retryBaseMs: 1000,
    timeoutMs: 120_000,
    idleTimeoutMs: 60_000,
    stallTimeoutMs: 10_000,
    pageSize: 50,
    fits: true,
    adoptBySize: true,
    stopEarly: true,
    galleryAuto: true,
    configFile: null,
    ...over,
  };
}

const CONFIG_FILE = "/home/me/.config/slooh-dl/config.json";

function describe(needs: Need[]): string[] {
  return needs.map((n) => {
    const d = n.descriptor as { name: string; path?: string; host?: string; variable?: string };
    return `${d.name} ${d.path ?? d.host ?? d.variable}${n.deniable ? " (deniable)" : ""}`;
  });
}

/** A query that grants exactly the listed "name value" pairs and answers `other` otherwise. */
function grants(granted: string[], other: Deno.PermissionState = "prompt"): PermissionQuery {
  return (d) => {
    const x = d as { name: string; path?: string; host?: string; variable?: string };
    return granted.includes(`${x.name} ${x.path ?? x.host ?? x.variable}`) ? "granted" : other;
  };
}

// ---------------------------------------------------------------------------------------------
// The CLI under restricted flags, against the simulator.

interface Access {
  permission: string;
  value: string;
}

Deno.test("a download against Slooh needs the library, the config file and Slooh's hosts", () => {
  assert.deepEqual(describe(neededPermissions(config(), "download", CONFIG_FILE)), [
    "read /home/me/Pictures/Slooh",
    `read ${CONFIG_FILE} (deniable)`,
    "write /home/me/Pictures/Slooh",
    "net app.slooh.com:443",
    "net polaris.slooh.com:443",
    "net polaris2.slooh.com:443",
  ]);
  // A dry run (and missions) writes nothing and fetches no image; login touches no library.
  for (const use of ["dry-run", "missions"] as const) {
    assert.deepEqual(describe(neededPermissions(config(), use, CONFIG_FILE)), [
      "read /home/me/Pictures/Slooh",
      `read ${CONFIG_FILE} (deniable)`,
      "net app.slooh.com:443",
    ]);
  }
  assert.deepEqual(describe(neededPermissions(config(), "login", CONFIG_FILE)), [
    `read ${CONFIG_FILE} (deniable)`,
    "net app.slooh.com:443",
  ]);
  // stats reads the library's own records: no network at all.
  assert.deepEqual(describe(neededPermissions(config(), "stats", CONFIG_FILE)), [
    "read /home/me/Pictures/Slooh",
    `read ${CONFIG_FILE} (deniable)`,
  ]);
});

Deno.test("an explicit config file must be readable; another API host is the only host", () => {
  const cfg = config({ configFile: "/etc/slooh.json", baseUrl: "http://127.0.0.1:8123" });
  assert.deepEqual(describe(neededPermissions(cfg, "download", CONFIG_FILE)), [
    "read /home/me/Pictures/Slooh",
    "read /etc/slooh.json",
    "write /home/me/Pictures/Slooh",
    "net 127.0.0.1:8123",
  ]);
  // No library yet: the command reports that itself, and no path permission is asked for.
  assert.deepEqual(describe(neededPermissions(config({ library: "" }), "download", null)), [
    "net app.slooh.com:443",
    "net polaris.slooh.com:443",
    "net polaris2.slooh.com:443",
  ]);
});

Deno.test("the first missing flag is exact, grouped and quoted for a shell", () => {
  const needs = neededPermissions(config(), "download", CONFIG_FILE);
  const all = [
    "read /home/me/Pictures/Slooh",
    `read ${CONFIG_FILE}`,
    "write /home/me/Pictures/Slooh",
    "net app.slooh.com:443",
    "net polaris.slooh.com:443",
    "net polaris2.slooh.com:443",
  ];
  assert.equal(firstMissingFlag(needs, grants(all)), null);
  assert.equal(
    firstMissingFlag(needs, grants(all.filter((g) => !g.startsWith("write")))),
    "--allow-write=/home/me/Pictures/Slooh",
  );
  assert.equal(
    firstMissingFlag(needs, grants(all.filter((g) => !g.startsWith("read")))),
    `--allow-read=/home/me/Pictures/Slooh,${CONFIG_FILE}`,
  );
  assert.equal(
    firstMissingFlag(needs, grants(all.filter((g) => !g.includes("polaris")))),
    "--allow-net=polaris.slooh.com,polaris2.slooh.com",
  );
  // --ignore-read/--deny-read of the default config file is a choice: it then counts as absent.
  assert.equal(
    firstMissingFlag(needs, grants(all.filter((g) => !g.includes(".json")), "denied")),
    null,
  );
  // A denied library is still missing.
  assert.equal(
    firstMissingFlag(needs, grants(all.filter((g) => !g.startsWith("write")), "denied")),
    "--allow-write=/home/me/Pictures/Slooh",
  );
  const spaced = neededPermissions(config({ library: "/Users/me/My Pictures" }), "download", null);
  assert.equal(firstMissingFlag(spaced, grants([])), `--allow-read="/Users/me/My Pictures"`);
  const sim = neededPermissions(config({ baseUrl: "http://127.0.0.1:8123" }), "login", null);
  assert.equal(firstMissingFlag(sim, grants([])), "--allow-net=127.0.0.1:8123");
});

Deno.test("the variables checked before a config loads follow the platform", () => {
  const vars = (os: typeof Deno.build.os) => neededEnv(os).map((n) => n.value);
  const common = ["SLOOH_USERNAME", "SLOOH_PASSWORD", "SLOOH_BASE_URL"];
  assert.deepEqual(vars("linux"), [...common, "XDG_CONFIG_HOME", "HOME"]);
  assert.deepEqual(vars("darwin"), [...common, "HOME"]);
  assert.deepEqual(vars("windows"), [...common, "APPDATA", "HOME", "USERPROFILE"]);
  for (const os of ["linux", "darwin", "windows"] as const) {
    for (const v of vars(os)) assert.ok(ENV_VARS.includes(v), `${v} missing from ENV_VARS`);
  }
  assert.equal(
    firstMissingFlag(neededEnv("linux"), grants(["env SLOOH_USERNAME", "env HOME"])),
    "--allow-env=SLOOH_PASSWORD,SLOOH_BASE_URL,XDG_CONFIG_HOME",
  );
});

Deno.test("a refusal from Deno mid-run becomes one line with the flag", () => {
  const err = (m: string) => new Deno.errors.NotCapable(m);
  assert.equal(
    notCapableMessage(
      err('Requires write access to "/tmp/x", run again with the --allow-write flag'),
      false,
    ),
    "missing permission: run again adding --allow-write=/tmp/x",
  );
  assert.equal(
    notCapableMessage(err('Requires net access to "polaris9.slooh.com:443", run…'), false),
    "missing permission: run again adding --allow-net=polaris9.slooh.com",
  );
  assert.equal(
    notCapableMessage(err('Requires env access to "HOME", run again…'), false),
    "missing permission: run again adding --allow-env=HOME",
  );
  // Libraries peek at other variables (colours, terminals): those are better ignored than allowed.
  assert.match(
    notCapableMessage(err('Requires env access to "FORCE_COLOR", run again…'), false),
    /^missing permission: run again adding --ignore-env \(/,
  );
  assert.match(
    notCapableMessage(err('Requires write access to "/x", run again…'), true),
    /executable was built without --allow-write=\/x/,
  );
});

Deno.test("flagsFor scopes paths to the library, or to nothing for a run-time library", () => {
  assert.deepEqual(flagsFor({ library: "/lib", configFile: "/c.json" }), [
    `--allow-net=${SLOOH_HOSTS.join(",")}`,
    `--allow-env=${ENV_VARS.join(",")}`,
    "--ignore-env",
    "--allow-read=/lib,/c.json",
    "--allow-write=/lib",
  ]);
  assert.deepEqual(flagsFor({ anyPath: true, extraHosts: ["127.0.0.1:9"] }).slice(0, 1), [
    `--allow-net=${[...SLOOH_HOSTS, "127.0.0.1:9"].join(",")}`,
  ]);
  assert.deepEqual(flagsFor({ anyPath: true }).slice(-2), ["--allow-read", "--allow-write"]);
  assert.ok(SLOOH_HOSTS.includes("astroimages.slooh.com"));
});

Deno.test("the README's copy-paste lines grant exactly the hosts and variables of the code", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const net = `--allow-net=${SLOOH_HOSTS.join(",")}`;
  const env = `--allow-env=${ENV_VARS.join(",")} --ignore-env`;
  // The `deno install` and `deno run` lines.
  assert.ok(readme.split(net).length - 1 >= 2, `README lacks ${net} twice`);
  assert.ok(readme.split(env).length - 1 >= 2, `README lacks ${env} twice`);
});

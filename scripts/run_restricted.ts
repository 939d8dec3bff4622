/**
 * Runs slooh-dl from source under the narrowest permissions for its library:
 *
 *   deno task run:restricted download -d ~/Pictures/Slooh
 *   deno task run:restricted --print download -d ~/Pictures/Slooh   # show the command only
 *
 * It finds the library (-d/--directory/--library, else the config file's folders.base_path) and the config
 * file the way slooh-dl does, then runs `deno run --no-prompt <flags> main.ts <args>` with network
 * limited to Slooh's hosts (plus SLOOH_BASE_URL's host when that is not Slooh, e.g. a simulator),
 * read and write limited to the library, read of the config file, and the tool's variables.
 * This launcher itself reads the config and environment and starts Deno; the download does not.
 */
import { fileURLToPath } from "node:url";
import { flagsFor, isSloohHost } from "../src/cli/permissions.ts";
import { loadConfig } from "../src/config/config.ts";
import { userConfigFile } from "../src/config/paths.ts";
import { FatalError } from "../src/errors.ts";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

/** The value of an option in CLI arguments (`-d x`, `--directory x`, `--directory=x`). */
export function optionValue(args: readonly string[], names: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") break;
    for (const n of names) {
      if (a === n) found = args[++i];
      else if (n.startsWith("--") && a.startsWith(`${n}=`)) found = a.slice(n.length + 1);
    }
  }
  return found;
}

/** The full `deno run` argument list for running slooh-dl with `args` under narrow flags. */
export async function restrictedArgs(args: string[]): Promise<string[]> {
  const cfg = await loadConfig({
    configFile: optionValue(args, ["--config"]),
    library: optionValue(args, ["-d", "--directory", "--library"]),
  });
  let extraHosts: string[] = [];
  try {
    const base = new URL(cfg.baseUrl);
    if (!isSloohHost(base.hostname)) extraHosts = [base.host];
  } catch {
    // slooh-dl itself reports a malformed base URL.
  }
  const flags = flagsFor({
    library: cfg.library || null,
    configFile: cfg.configFile ?? userConfigFile(),
    extraHosts,
  });
  return ["run", "--no-prompt", ...flags, MAIN, ...args];
}

if (import.meta.main) {
  // `deno task` runs in the project folder; paths on the command line are the user's.
  const initCwd = Deno.env.get("INIT_CWD");
  if (initCwd) Deno.chdir(initCwd);
  const print = Deno.args[0] === "--print";
  const args = print ? Deno.args.slice(1) : Deno.args;
  let denoArgs: string[];
  try {
    denoArgs = await restrictedArgs(args);
  } catch (e) {
    if (!(e instanceof FatalError)) throw e;
    console.error(`error: ${e.message}`);
    Deno.exit(e.exitCode);
  }
  if (print) {
    console.log(
      ["deno", ...denoArgs].map((a) => /^[\w.,:/=@+-]+$/.test(a) ? a : `'${a}'`).join(" "),
    );
    Deno.exit(0);
  }
  try {
    // Ctrl-C reaches the child too; this process waits for it to wrap up.
    Deno.addSignalListener("SIGINT", () => {});
  } catch { /* no signals here */ }
  const child = new Deno.Command(Deno.execPath(), { args: denoArgs }).spawn();
  Deno.exit((await child.status).code);
}

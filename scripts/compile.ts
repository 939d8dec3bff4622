/**
 * Builds one slooh-dl executable per platform: `deno task compile [options]`.
 *
 *   --target <triple>  build only this target (repeatable); default: all of TARGETS, or only
 *                      this machine's when DENORT_BIN is set
 *   --library <dir>    bake read/write permission for this library only (plus read of your
 *                      config file); without it the executable may read and write anywhere,
 *                      because its library is chosen when it runs
 *   --allow-host <h>   allow this host too, e.g. a simulator's 127.0.0.1:PORT (repeatable)
 *   --out <dir>        output folder (default: dist/)
 *
 * Each executable is `<out>/slooh-dl-<target>` (`.exe` on Windows), with Slooh's hosts and the
 * tool's environment variables baked in as its only network and environment permissions;
 * `<out>/SHA256SUMS` lists their checksums (`sha256sum -c SHA256SUMS`).
 *
 * `slooh-dl --version` shows the commit: SLOOH_DL_COMMIT if set, else `git rev-parse`. It is
 * stamped without touching the source: a generated version module replaces src/version.ts
 * through an import map given to `deno compile`.
 *
 * `deno compile` downloads its runtime (denort) for each target from dl.deno.land. Where that is
 * unreachable, point DENORT_BIN at a denort binary for one target and build that target alone.
 */
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { flagsFor } from "../src/cli/permissions.ts";
import { expandHome, userConfigFile } from "../src/config/paths.ts";
import { VERSION } from "../src/version.ts";

/** The platforms a release ships. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/** The repository root. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Options of one build. */
export interface BuildOptions {
  targets: string[];
  /** Library to scope read/write to, or null for any path. */
  library: string | null;
  extraHosts: string[];
  outDir: string;
}

/** Thrown for a build that cannot go on; the message is the one line shown. */
export class BuildError extends Error {}

/** The executable's file name for a target. */
export function executableName(target: string): string {
  return `slooh-dl-${target}${target.includes("windows") ? ".exe" : ""}`;
}

/** Parses the script's arguments. */
export function parseArgs(
  args: string[],
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
  hostTarget: string = Deno.build.target,
): BuildOptions {
  const o: BuildOptions = {
    targets: [],
    library: null,
    extraHosts: [],
    outDir: join(ROOT, "dist"),
  };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith("--") && args[i].includes("=")
      ? [args[i].slice(0, args[i].indexOf("=")), args[i].slice(args[i].indexOf("=") + 1)]
      : [args[i], undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === "") throw new BuildError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--target") o.targets.push(value());
    else if (flag === "--library") o.library = resolve(expandHome(value()));
    else if (flag === "--allow-host") o.extraHosts.push(value());
    else if (flag === "--out") o.outDir = resolve(value());
    else throw new BuildError(`unknown option ${args[i]} (see scripts/compile.ts)`);
  }
  for (const t of o.targets) {
    if (!(TARGETS as readonly string[]).includes(t)) {
      throw new BuildError(`unknown target ${t}; known: ${TARGETS.join(", ")}`);
    }
  }
  if (env("DENORT_BIN")) {
    // One runtime binary serves one platform: building others with it would make broken files.
    if (o.targets.length > 1) {
      throw new BuildError(
        "DENORT_BIN is the runtime of one platform: pass a single --target matching it",
      );
    }
    if (o.targets.length === 0) o.targets = [hostTarget];
  } else if (o.targets.length === 0) {
    o.targets = [...TARGETS];
  }
  return o;
}

/** The permission flags baked into the executables. */
export function permissionFlags(o: Pick<BuildOptions, "library" | "extraHosts">): string[] {
  return [
    ...flagsFor({
      library: o.library,
      configFile: o.library ? userConfigFile() : null,
      anyPath: !o.library,
      extraHosts: o.extraHosts,
    }),
    "--no-prompt",
  ];
}

/** The commit to stamp: SLOOH_DL_COMMIT, else git's (with `-dirty` for local changes), else "". */
export async function resolveCommit(
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): Promise<string> {
  const given = env("SLOOH_DL_COMMIT")?.trim();
  if (given) return given;
  const git = async (...args: string[]) => {
    const out = await new Deno.Command("git", { args, cwd: ROOT, stdout: "piped", stderr: "null" })
      .output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
  };
  try {
    const head = await git("rev-parse", "--short=12", "HEAD");
    if (!head) return "";
    const dirty = await git("status", "--porcelain", "--untracked-files=no");
    return dirty ? `${head}-dirty` : head;
  } catch {
    return ""; // no git
  }
}

/**
 * Writes a version module holding `commit` and an import map that puts it in place of
 * src/version.ts (the project's own imports kept); returns the import map's path.
 */
export async function writeStamp(buildDir: string, commit: string): Promise<string> {
  await Deno.mkdir(buildDir, { recursive: true });
  const versionFile = join(buildDir, "version.ts");
  await Deno.writeTextFile(
    versionFile,
    `/** Generated by scripts/compile.ts for a build; replaces src/version.ts. */\n` +
      `export const VERSION = ${JSON.stringify(VERSION)};\n` +
      `export const COMMIT = ${JSON.stringify(commit)};\n`,
  );
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const importMap = {
    imports: {
      ...(config.imports ?? {}),
      [pathToFileURL(join(ROOT, "src", "version.ts")).href]: pathToFileURL(versionFile).href,
    },
  };
  const mapFile = join(buildDir, "import_map.json");
  await Deno.writeTextFile(mapFile, JSON.stringify(importMap, null, 2) + "\n");
  return mapFile;
}

/** The `deno compile` arguments for one target. */
export function compileArgs(
  target: string,
  output: string,
  importMap: string,
  flags: string[],
): string[] {
  return [
    "compile",
    "--target",
    target,
    "--output",
    output,
    "--import-map",
    importMap,
    // Type checking is `deno task check`'s job (the release workflow runs it first).
    "--no-check",
    ...flags,
    join(ROOT, "main.ts"),
  ];
}

/** Explains a failed `deno compile`; its runtime download is the usual cause offline. */
export function explainFailure(target: string, stderr: string, denortBin?: string): string {
  const lines = stderr.split(/\n\s*Stack backtrace:/)[0].split("\n").map((l) => l.trim())
    .filter(Boolean);
  // The innermost "N: …" of a "Caused by:" chain, else a type error, else deno's error line.
  const cause = lines.filter((l) => /^\d+: /.test(l)).pop()?.replace(/^\d+: /, "") ??
    lines.find((l) => /^TS\d+ \[ERROR\]/.test(l)) ??
    lines.find((l) => l.startsWith("error:"))?.replace(/^error:\s*/, "") ?? lines.pop() ??
    "unknown error";
  if (!denortBin && /Setting up base binary|dl\.deno\.land|denort/i.test(stderr)) {
    const zip = `https://dl.deno.land/release/v${Deno.version.deno}/denort-${target}.zip`;
    return `deno compile could not download its runtime for ${target} (${cause}). ` +
      `Build where dl.deno.land is reachable, or fetch ${zip}, unzip it and run ` +
      `DENORT_BIN=/path/to/denort deno task compile --target ${target}`;
  }
  return `deno compile failed for ${target}: ${cause}`;
}

/** Hex SHA-256 of a file. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  using f = await Deno.open(path);
  for await (const chunk of f.readable) hash.update(chunk);
  return hash.digest("hex");
}

/** Builds every target; returns the paths made. */
export async function build(o: BuildOptions, log = (line: string) => console.error(line)) {
  const denortBin = Deno.env.get("DENORT_BIN") || undefined;
  if (denortBin) {
    try {
      await Deno.stat(denortBin);
    } catch {
      throw new BuildError(`DENORT_BIN=${denortBin} does not exist`);
    }
  }
  await Deno.mkdir(o.outDir, { recursive: true });
  const commit = await resolveCommit();
  const importMap = await writeStamp(join(o.outDir, ".build"), commit);
  const flags = permissionFlags(o);
  log(`slooh-dl ${VERSION}${commit ? ` (${commit})` : ""}, permissions: ${flags.join(" ")}`);
  const made: string[] = [];
  for (const target of o.targets) {
    const output = join(o.outDir, executableName(target));
    const out = await new Deno.Command(Deno.execPath(), {
      args: compileArgs(target, output, importMap, flags),
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new BuildError(explainFailure(target, new TextDecoder().decode(out.stderr), denortBin));
    }
    log(`built ${output}`);
    made.push(output);
  }
  const sums = [];
  for (const file of made) sums.push(`${await sha256File(file)}  ${file.split(/[/\\]/).pop()}\n`);
  await Deno.writeTextFile(join(o.outDir, "SHA256SUMS"), sums.join(""));
  log(`wrote ${join(o.outDir, "SHA256SUMS")}`);
  return made;
}

if (import.meta.main) {
  // `deno task` runs in the project folder; --library and --out are relative to the user's.
  const initCwd = Deno.env.get("INIT_CWD");
  if (initCwd) Deno.chdir(initCwd);
  try {
    await build(parseArgs(Deno.args));
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    console.error(`compile: ${e.message}`);
    Deno.exit(1);
  }
}

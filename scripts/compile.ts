/**
 * Builds and checks the slooh-dl executables: `deno task compile [options]` (USAGE below).
 *
 * Each executable is `<out>/slooh-dl-<target>` (`.exe` on Windows), with Slooh's hosts and the
 * tool's environment variables baked in as its only network and environment permissions, and
 * the commit stamped in (scripts/stamp.ts). A file is kept only when it is what its target
 * needs: `deno compile` with a wrong runtime writes a file that looks built but is not.
 */
import { join, resolve } from "node:path";
import { flagsFor } from "../src/cli/permissions.ts";
import { expandHome, userConfigFile } from "../src/config/paths.ts";
import { sha256File, statSize } from "../src/download/local_file.ts";
import { describeMachine, readHead, readMachine, targetMachine } from "./binary_header.ts";
import { resolveCommit, ROOT, stampDir, versionLine, writeStamp } from "./stamp.ts";

/** The platforms a release ships. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/** What `deno task compile --help` prints. */
export const USAGE = `Usage: deno task compile [options]

Builds one slooh-dl executable per platform into dist/, checks each, and lists the SHA-256 of
every executable in the output folder in SHA256SUMS.

Options:
  --target <triple>  build only this target (repeatable); default: all five, or only this
                     machine's when DENORT_BIN is set. Targets:
                     ${TARGETS.join(", ")}
  --library <dir>    bake read/write permission for this library only (plus read of your
                     config file); without it the executable may read and write anywhere,
                     because its library is chosen when it runs
  --allow-host <h>   allow this host too, e.g. a simulator's 127.0.0.1:PORT (repeatable)
  --out <dir>        output folder (default: dist/)
  --print            show the deno compile commands instead of running them (their commit
                     stamp is written to dist/.build/ so that they run as shown)
  -h, --help         show this help

Environment:
  DENORT_BIN         a denort runtime binary for the one target built; without it deno
                     compile downloads each target's runtime from dl.deno.land
  SLOOH_DL_COMMIT    the commit \`slooh-dl --version\` shows (default: git rev-parse HEAD)

Checks: the executable for this machine must answer --version with slooh-dl's version and
commit; any other must carry its platform's CPU in its ELF, Mach-O or PE header. A file that
fails is deleted and the build stops.

Exit codes: 0 built, 1 a build failed or was refused, 2 bad option.`;

/** Options of one build. */
export interface BuildOptions {
  targets: string[];
  /** Library to scope read/write to, or null for any path. */
  library: string | null;
  extraHosts: string[];
  outDir: string;
  /** Show the commands instead of running them. */
  print: boolean;
  help: boolean;
}

/** Thrown for a build that cannot go on; the message is the one line shown. */
export class BuildError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

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
    print: false,
    help: args.includes("--help") || args.includes("-h"),
  };
  if (o.help) return o;
  const usage = (message: string) => new BuildError(`${message} (see --help)`, 2);
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith("--") && args[i].includes("=")
      ? [args[i].slice(0, args[i].indexOf("=")), args[i].slice(args[i].indexOf("=") + 1)]
      : [args[i], undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === "") throw usage(`${flag} needs a value`);
      return v;
    };
    if (flag === "--target") o.targets.push(value());
    else if (flag === "--library") o.library = resolve(expandHome(value()));
    else if (flag === "--allow-host") o.extraHosts.push(value());
    else if (flag === "--out") o.outDir = resolve(value());
    else if (flag === "--print" && inline === undefined) o.print = true;
    else throw usage(`unknown option ${args[i]}`);
  }
  for (const t of o.targets) {
    if (!(TARGETS as readonly string[]).includes(t)) {
      throw usage(`unknown target ${t}; known: ${TARGETS.join(", ")}`);
    }
  }
  if (env("DENORT_BIN")) {
    // One runtime binary serves one platform: building others with it would make broken files.
    if (o.targets.length > 1) {
      throw usage("DENORT_BIN is the runtime of one platform: pass a single --target matching it");
    }
    if (o.targets.length === 0) o.targets = [hostTarget];
  } else if (o.targets.length === 0) {
    o.targets = [...TARGETS];
  }
  return o;
}

/** Modules the executable loads by URL (workers), which `deno compile` only embeds when told. */
export const WORKER_MODULES = ["src/gallery/preview_worker.ts", "src/library/hash_worker.ts"];

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
    // Workers (gallery previews, verify's hashing) are loaded by URL at run time: embed them.
    ...WORKER_MODULES.flatMap((m) => ["--include", join(ROOT, m)]),
    ...flags,
    join(ROOT, "main.ts"),
  ];
}

/** One command line as a POSIX shell reads it back. */
export function shellLine(words: string[]): string {
  return words.map((w) => /^[\w.,:/=@+%-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`)
    .join(" ");
}

/** Where a target's runtime comes from, for messages. */
function denortZip(target: string): string {
  return `https://dl.deno.land/release/v${Deno.version.deno}/denort-${target}.zip`;
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
    return `deno compile could not download its runtime for ${target} (${cause}). ` +
      `Build where dl.deno.land is reachable, or fetch ${denortZip(target)}, unzip it and run ` +
      `DENORT_BIN=/path/to/denort deno task compile --target ${target}`;
  }
  const hint = denortBin ? ` (is DENORT_BIN=${denortBin} the runtime of ${target}?)` : "";
  return `deno compile failed for ${target}: ${cause}${hint}`;
}

/**
 * Checks that `file` is slooh-dl for `target`: its header's format and CPU, and for this
 * machine's target its `--version`. Throws a BuildError naming what is wrong.
 */
export async function checkBuilt(
  target: string,
  file: string,
  commit: string,
  denortBin?: string,
): Promise<void> {
  const name = file.split(/[/\\]/).pop();
  const runtime = denortBin ? `DENORT_BIN=${denortBin}` : "the runtime deno compile used";
  const got = readMachine(await readHead(file));
  const want = targetMachine(target);
  if (got?.format !== want.format || got.cpu !== want.cpu) {
    throw new BuildError(
      `${name} is ${describeMachine(got)}, not ${describeMachine(want)}: ${runtime} is not ` +
        `the runtime of ${target} (${denortZip(target)} holds it)`,
    );
  }
  if (target !== Deno.build.target) return;
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(file, {
      args: ["--version"],
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    }).output();
  } catch (e) {
    throw new BuildError(`${name} does not start: ${e instanceof Error ? e.message : e}`);
  }
  const answer = new TextDecoder().decode(out.stdout).trim().split("\n")[0] ?? "";
  if (/^deno \d/.test(answer)) {
    throw new BuildError(
      `${name} answers --version with "${answer}": ${runtime} is a full deno, not the ` +
        `runtime denort (${denortZip(target)} holds it)`,
    );
  }
  if (!out.success || answer !== versionLine(commit)) {
    const said = answer || new TextDecoder().decode(out.stderr).trim().split("\n")[0];
    throw new BuildError(
      `${name} answers --version with "${said}" (exit ${out.code}), not ` +
        `"${versionLine(commit)}"`,
    );
  }
}

/**
 * Writes `<out>/SHA256SUMS` for every executable in `out`, this build's and earlier ones', so
 * building one target keeps the others' lines; returns the names listed.
 */
export async function writeSums(outDir: string): Promise<string[]> {
  const sumsFile = join(outDir, "SHA256SUMS");
  const names: string[] = [];
  let text = "";
  for (const name of TARGETS.map(executableName)) {
    const path = join(outDir, name);
    if (await statSize(path) === null) continue;
    names.push(name);
    text += `${await sha256File(path)}  ${name}\n`;
  }
  if (names.length) await Deno.writeTextFile(sumsFile, text);
  else await Deno.remove(sumsFile).catch(() => {});
  return names;
}

/** The environment of `deno compile`: an empty DENORT_BIN is removed, not passed on as ''. */
function compileEnv(): Record<string, string> {
  const env = Deno.env.toObject();
  if (!env.DENORT_BIN) delete env.DENORT_BIN;
  return { ...env, NO_COLOR: "1" };
}

/** The stamp and the `deno compile` argument lists of a build, one per target. */
async function plan(o: BuildOptions): Promise<{ commit: string; commands: string[][] }> {
  const commit = await resolveCommit();
  const importMap = await writeStamp(stampDir(commit), commit);
  const flags = permissionFlags(o);
  const commands = o.targets.map((t) =>
    compileArgs(t, join(o.outDir, executableName(t)), importMap, flags)
  );
  return { commit, commands };
}

/** Builds and checks every target; returns the paths made. */
export async function build(o: BuildOptions, log = (line: string) => console.error(line)) {
  const denortBin = Deno.env.get("DENORT_BIN") || undefined;
  if (denortBin && await statSize(denortBin) === null) {
    throw new BuildError(`DENORT_BIN=${denortBin} does not exist`);
  }
  await Deno.mkdir(o.outDir, { recursive: true });
  const { commit, commands } = await plan(o);
  log(`slooh-dl ${versionLine(commit)}, permissions: ${permissionFlags(o).join(" ")}`);
  const made: string[] = [];
  try {
    for (const [i, target] of o.targets.entries()) {
      const output = join(o.outDir, executableName(target));
      const out = await new Deno.Command(Deno.execPath(), {
        args: commands[i],
        cwd: ROOT,
        clearEnv: true,
        env: compileEnv(),
        stdout: "piped",
        stderr: "piped",
      }).output();
      if (!out.success) {
        throw new BuildError(
          explainFailure(target, new TextDecoder().decode(out.stderr), denortBin),
        );
      }
      try {
        await checkBuilt(target, output, commit, denortBin);
      } catch (e) {
        await Deno.remove(output).catch(() => {});
        throw e;
      }
      log(`built ${output}`);
      made.push(output);
    }
  } finally {
    const listed = await writeSums(o.outDir);
    const earlier = listed.filter((n) => !made.includes(join(o.outDir, n)));
    if (listed.length) {
      log(
        `wrote ${join(o.outDir, "SHA256SUMS")}` +
          (earlier.length ? ` (also listing ${earlier.join(", ")} from an earlier build)` : ""),
      );
    }
  }
  return made;
}

if (import.meta.main) {
  // `deno task` runs in the project folder; --library and --out are relative to the user's.
  const initCwd = Deno.env.get("INIT_CWD");
  if (initCwd) Deno.chdir(initCwd);
  try {
    const o = parseArgs(Deno.args);
    if (o.help) console.log(USAGE);
    else if (o.print) {
      for (const args of (await plan(o)).commands) console.log(shellLine(["deno", ...args]));
    } else await build(o);
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    console.error(`compile: ${e.message}`);
    Deno.exit(e.exitCode);
  }
}

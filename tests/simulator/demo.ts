/**
 * `deno task demo`: starts the built-in Slooh simulator and runs a real `slooh-dl download`
 * against it into ./slooh-demo, then shows what landed there.
 */
import { join, relative } from "node:path";
import { DEMO_ACCOUNT } from "./demo_account.ts";
import { Simulator } from "./mod.ts";

const target = Deno.args[0] ?? "slooh-demo";
const sim = await Simulator.start({ accountOptions: DEMO_ACCOUNT, realImages: true });
console.error(
  `Simulated Slooh account with ${sim.account.pictures.length} pictures at ${sim.origin}`,
);
try {
  const main = new URL("../../main.ts", import.meta.url).pathname;
  const run = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", main, ...args],
      env: {
        SLOOH_USERNAME: sim.account.username,
        SLOOH_PASSWORD: sim.account.password,
        SLOOH_BASE_URL: sim.apiRoot,
      },
      stdout: "inherit",
      stderr: "inherit",
    }).output();
  const first = await run(["download", "-d", target]);
  const files: string[] = [];
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      if (e.name === ".slooh-dl") continue;
      const p = join(dir, e.name);
      if (e.isDirectory) await walk(p);
      else files.push(relative(target, p));
    }
  };
  await walk(target);
  files.sort();
  console.error(`\n${target}/ now holds ${files.length} files, for example:`);
  for (const f of files.slice(0, 12)) console.error(`  ${f}`);
  console.error("\nRunning the same command again (it should download nothing):");
  const second = await run(["download", "-d", target]);
  if (first.code === 0) {
    console.error(`\nTo see them: deno task start gallery -d ${JSON.stringify(target)} --open`);
  }
  Deno.exitCode = first.code || second.code;
} finally {
  await sim.close();
}

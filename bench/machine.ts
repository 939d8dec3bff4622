/** One line describing the machine the figures were taken on. */
import { toolVersion } from "./nginx.ts";
import { which } from "./proc.ts";

async function text(path: string): Promise<string> {
  return await Deno.readTextFile(path).catch(() => "");
}

/** The filesystem type and device that hold `path` (longest matching mount point). */
async function mountOf(path: string): Promise<{ type: string; dev: string }> {
  let best = { point: "", type: "?", dev: "?" };
  for (const line of (await text("/proc/mounts")).split("\n")) {
    const [dev, point, type] = line.split(" ");
    if (!point) continue;
    const inside = path === point || path.startsWith(point.endsWith("/") ? point : point + "/");
    if (inside && point.length > best.point.length) best = { point, type, dev };
  }
  return best;
}

/**
 * Whether `path` is on an ext4 without a journal, where new inodes are slow for up to six minutes
 * after a deletion (see `discardDir`).
 */
export async function onExt4WithoutJournal(path: string): Promise<boolean> {
  return await journalless(await mountOf(path));
}

async function journalless({ type, dev }: { type: string; dev: string }): Promise<boolean> {
  if (type !== "ext4") return false;
  return (await text(`/sys/fs/ext4/${dev.split("/").at(-1)}/journal_task`)).trim() === "<none>";
}

/** CPU, cores, memory, kernel, filesystem of the work dir and tool versions. */
export async function describeMachine(work: string, nginxVersion: string): Promise<string> {
  const cpu = (await text("/proc/cpuinfo")).match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ??
    Deno.build.arch;
  const memKb = Number((await text("/proc/meminfo")).match(/^MemTotal:\s+(\d+)/m)?.[1] ?? 0);
  const kernel = (await text("/proc/sys/kernel/osrelease")).trim() || Deno.build.os;
  const curl = await which("curl");
  const aria = await which("aria2c");
  const tools = [
    `deno ${Deno.version.deno}`,
    `nginx ${nginxVersion}`,
    curl ? (await toolVersion(curl)).split(" ").slice(0, 2).join(" ") : "no curl",
    aria ? (await toolVersion(aria)).replace(/^aria2 version/, "aria2c") : "no aria2c",
  ];
  return `${cpu}, ${navigator.hardwareConcurrency} cores, ${
    (memKb / 1048576).toFixed(1)
  } GiB RAM, ` +
    `Linux ${kernel}, work dir on ${await fileSystem(work)}; ${tools.join(", ")}`;
}

async function fileSystem(path: string): Promise<string> {
  const mount = await mountOf(path);
  return `${mount.type}${await journalless(mount) ? " without a journal" : ""} on ${mount.dev}`;
}

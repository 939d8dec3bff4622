/**
 * A new library on a drive that is not mounted. Downloading there would fill the folder the drive
 * mounts on (on the system disk) with the whole collection, to be hidden again once the drive is
 * back: a NAS share or a USB disk that cron finds missing one night. On Linux the drive is the
 * deepest mount point of /etc/fstab that holds the library and /proc/self/mounts does not list; on
 * macOS a /Volumes/<name> that is not a mount point. Elsewhere, or without the permission to read
 * those, nothing is checked.
 */
import { isAbsolute, join, resolve, sep } from "node:path";

/** The mount points /etc/fstab lists, decoded (`\040` is a space), the root and swap left out. */
export function fstabMountPoints(text: string): string[] {
  const points: string[] = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 2 || fields[0].startsWith("#")) continue;
    const point = unescapeMount(fields[1]);
    if (isAbsolute(point) && point !== "/") points.push(point);
  }
  return points;
}

/** The mount points /proc/self/mounts lists (its second field, escaped as in fstab). */
export function mountedPoints(text: string): Set<string> {
  const points = new Set<string>();
  for (const line of text.split("\n")) {
    const fields = line.split(" ");
    if (fields.length >= 2) points.add(unescapeMount(fields[1]));
  }
  return points;
}

function unescapeMount(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Whether `path` is `dir` or inside it. */
function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** The deepest of `expected` that holds `library` and is not in `mounted`, or null. */
export function missingMount(
  library: string,
  expected: readonly string[],
  mounted: ReadonlySet<string>,
): string | null {
  const holding = expected.filter((p) => within(library, p)).sort((a, b) => b.length - a.length);
  const deepest = holding[0];
  return deepest !== undefined && !mounted.has(deepest) ? deepest : null;
}

/** The files Linux tells mounts by. */
const LINUX_TABLES = { fstab: "/etc/fstab", mounts: "/proc/self/mounts" };

/** Where the library's drive should be mounted and why, when it is not; else null. */
export function unmountedDrive(
  library: string,
  tables = LINUX_TABLES,
): { mountPoint: string; why: string } | null {
  const path = resolve(library);
  if (Deno.build.os === "linux") {
    const fstab = readIfPermitted(tables.fstab);
    const mounts = readIfPermitted(tables.mounts);
    if (fstab === null || mounts === null) return null;
    const point = missingMount(path, fstabMountPoints(fstab), mountedPoints(mounts));
    return point ? { mountPoint: point, why: `${tables.fstab} lists it` } : null;
  }
  if (Deno.build.os === "darwin") {
    const name = /^\/Volumes\/([^/]+)/.exec(path)?.[1];
    if (!name) return null;
    const volume = join("/Volumes", name);
    return isMountPoint(volume) === false
      ? { mountPoint: volume, why: "it is under /Volumes" }
      : null;
  }
  return null;
}

function readIfPermitted(path: string): string | null {
  if (Deno.permissions.querySync({ name: "read", path }).state !== "granted") return null;
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return null;
  }
}

/** True or false when it can tell: a mount point lies on another device than its parent. */
function isMountPoint(dir: string): boolean | null {
  if (Deno.permissions.querySync({ name: "read", path: dir }).state !== "granted") return null;
  try {
    return Deno.statSync(dir).dev !== Deno.statSync(join(dir, "..")).dev;
  } catch (e) {
    return e instanceof Deno.errors.NotFound ? false : null;
  }
}

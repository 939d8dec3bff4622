/**
 * A library folder, missing or empty, on a drive that is not mounted. Downloading there would fill
 * the folder the drive mounts on (on the system disk) with the whole collection, to be hidden again
 * once the drive is back: a NAS share or a USB disk that cron finds missing one night. On Linux the
 * drive is the deepest mount point of /etc/fstab that holds the library; on macOS a
 * /Volumes/<name>. Either is mounted when it lies on another device than its parent folder (Deno
 * lets only --allow-all read /proc/self/mounts). Elsewhere, or without the permission to read the
 * places involved, nothing is checked.
 */
import { dirname, join, normalize, resolve } from "node:path";

/** The mount points /etc/fstab lists, decoded (`\040` is a space): not the root, swap or binds. */
export function fstabMountPoints(text: string): string[] {
  const points: string[] = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 2 || fields[0].startsWith("#")) continue;
    // A bind mount may lie on the same device as its parent: it cannot be told mounted that way.
    if (/(^|,)r?bind(,|$)/.test(fields[3] ?? "")) continue;
    const point = trimSlash(normalize(unescapeMount(fields[1])));
    if (point.startsWith("/") && point !== "/") points.push(point);
  }
  return points;
}

function unescapeMount(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** The deepest of `points` that is `path` or holds it (by whole folder names), or null. */
export function deepestHolding(path: string, points: readonly string[]): string | null {
  let best: string | null = null;
  for (const p of points) {
    const holds = path === p || path.startsWith(p + "/");
    if (holds && (best === null || p.length > best.length)) best = p;
  }
  return best;
}

/** The files and folders the check reads, replaceable in tests. */
export interface MountSources {
  fstab: string;
}

const LINUX: MountSources = { fstab: "/etc/fstab" };

/** Where the library's drive should be mounted and why, when it is not; else null. */
export function unmountedDrive(
  library: string,
  sources: MountSources = LINUX,
): { mountPoint: string; why: string } | null {
  if (Deno.build.os !== "linux" && Deno.build.os !== "darwin") return null;
  const path = realPath(resolve(library));
  if (path === null || !emptyOrMissing(path)) return null;
  // Mount points by their resolved path, which is compared with the library's (`/mnt` may be a
  // link to `/var/mnt`), and reported as fstab spells them.
  let points = new Map<string, string>();
  let why = "";
  if (Deno.build.os === "linux") {
    const fstab = readIfPermitted(sources.fstab);
    points = new Map(
      (fstab === null ? [] : fstabMountPoints(fstab)).map((p) => [realPath(p) ?? p, p]),
    );
    why = `${sources.fstab} lists it`;
  } else {
    const name = /^\/Volumes\/([^/]+)/i.exec(path)?.[1];
    if (name) points.set(join("/Volumes", name), join("/Volumes", name));
    why = "it is under /Volumes";
  }
  const point = deepestHolding(path, [...points.keys()]);
  return point !== null && isMounted(point) === false
    ? { mountPoint: points.get(point)!, why }
    : null;
}

/**
 * The path with its symbolic links resolved as far as it exists, a dangling one included (a link
 * into a drive that is gone); null when not allowed to look.
 */
function realPath(path: string): string | null {
  let rest = "";
  let dir = path;
  for (let links = 0; links < 40;) {
    // Asked first: a fenced run must not even try to look outside its library.
    if (!permitted(dir)) return null;
    try {
      return join(Deno.realPathSync(dir), rest);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound) || dir === dirname(dir)) return null;
    }
    const target = danglingLink(dir);
    if (target !== null) {
      dir = resolve(dirname(dir), target);
      links++;
    } else {
      rest = join(dir.slice(dirname(dir).length), rest);
      dir = dirname(dir);
    }
  }
  return null;
}

/** Where the symbolic link at `path` points, when there is one (its target being missing). */
function danglingLink(path: string): string | null {
  try {
    return Deno.lstatSync(path).isSymlink ? Deno.readLinkSync(path) : null;
  } catch {
    return null;
  }
}

/** Whether nothing is at `path` yet but an empty folder: a library already there is fine. */
function emptyOrMissing(path: string): boolean {
  if (!permitted(path)) return false;
  try {
    for (const _ of Deno.readDirSync(path)) return false;
    return true;
  } catch (e) {
    return e instanceof Deno.errors.NotFound;
  }
}

function readIfPermitted(path: string): string | null {
  if (!permitted(path)) return null;
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return null;
  }
}

function permitted(path: string): boolean {
  return Deno.permissions.querySync({ name: "read", path }).state === "granted";
}

/** True or false when it can tell: a mounted drive lies on another device than its parent. */
function isMounted(point: string): boolean | null {
  const parent = dirname(point);
  if (!permitted(point) || !permitted(parent)) return null;
  try {
    return Deno.statSync(point).dev !== Deno.statSync(parent).dev;
  } catch (e) {
    return e instanceof Deno.errors.NotFound ? false : null;
  }
}

/**
 * What lets a routine run skip most stats: each folder's mtime when every file recorded in it was
 * last found with its recorded size (every folder holding recorded files has a mark). Deleting,
 * moving or renaming a file changes its folder's mtime, so a folder whose mtime still equals its
 * mark lost nothing. The marks cover every folder only while the set of recorded files is the one
 * they were taken for: the state's triggers count every change to it (`generation`), and after a
 * change the recorded files are listed again to find folders that have no mark yet. */
import { join } from "node:path";
import { stateDir } from "./library_dirs.ts";
import { pathKey } from "./path_key.ts";
import type { Row, State } from "./state.ts";

/** The marks as the state holds them. */
export interface FolderMarks {
  /** Moved by the state on every change to the set of files recorded as present. */
  generation: number;
  /** The generation the marks were taken at; null when never. */
  markedGeneration: number | null;
  /** Whether this library's file system moves a folder's mtime when an entry comes or goes. */
  tracksChanges: boolean | null;
  /** Folder (relative, `/`-separated, "" for the root) → its mtime (ms) when last found whole. */
  folders: ReadonlyMap<string, number>;
}

/** New marks from a check: taken at `generation`, replacing all or only the folders named. */
export interface MarksUpdate {
  generation: number;
  /**
   * Every folder the check looked at: the mtime it had before its files were checked when they
   * were all found, else UNSETTLED (checked again next time).
   */
  set: ReadonlyMap<string, number>;
  /** Whether folders absent from `set` lose their marks (a check that saw every folder). */
  replace: boolean;
}

/** The mark of a folder to check file by file next time (no mtime equals it). */
export const UNSETTLED = -1;

/** No marks: every folder is checked file by file. */
export const NO_MARKS: FolderMarks = {
  generation: 0,
  markedGeneration: null,
  tracksChanges: null,
  folders: new Map(),
};

/** The marks of a library (none for a state from before them, read without migrating). */
export function readFolderMarks(state: State): FolderMarks {
  let r: Row | undefined;
  try {
    r = state.q("SELECT generation, marked_generation, tracks_changes FROM folder_check").get() as
      | Row
      | undefined;
  } catch {
    return NO_MARKS;
  }
  if (!r) return NO_MARKS;
  const folders = new Map<string, number>();
  for (const m of state.q("SELECT folder, mtime_ms FROM folder_marks").all() as Row[]) {
    folders.set(String(m.folder), Number(m.mtime_ms));
  }
  return {
    generation: Number(r.generation),
    markedGeneration: r.marked_generation === null ? null : Number(r.marked_generation),
    tracksChanges: r.tracks_changes === null ? null : r.tracks_changes === 1,
    folders,
  };
}

/** Stores a check's marks; on first use, probes whether the file system keeps folder mtimes. */
export function recordFolderMarks(state: State, root: string, u: MarksUpdate): void {
  const known = state.q("SELECT tracks_changes FROM folder_check").get()?.tracks_changes;
  const tracks = known === null || known === undefined
    ? folderMtimesTrackEntries(stateDir(root))
    : known === 1;
  state.transaction(() => {
    if (u.replace || !tracks) state.q("DELETE FROM folder_marks").run();
    if (tracks) {
      const put = state.q("INSERT OR REPLACE INTO folder_marks (folder, mtime_ms) VALUES (?, ?)");
      for (const [folder, mtime] of u.set) put.run(folder, mtime);
    }
    state.q("UPDATE folder_check SET marked_generation = ?, tracks_changes = ?")
      .run(u.generation, tracks ? 1 : 0);
  });
}

/** The mtime (ms) of a folder of the library, or null when it is not a folder there. */
export function folderMtime(root: string, folder: string): number | null {
  try {
    const st = Deno.statSync(folder ? `${root}/${folder}` : root);
    return st.isDirectory ? st.mtime?.getTime() ?? null : null;
  } catch {
    return null;
  }
}

/**
 * Whether adding and removing an entry moves a folder's mtime here (some file systems and network
 * shares leave it): tried once per library in a scratch folder whose mtime is first set to 1970.
 */
function folderMtimesTrackEntries(dir: string): boolean {
  const probe = join(dir, "folder-probe");
  try {
    Deno.mkdirSync(probe, { recursive: true });
    Deno.utimeSync(probe, 0, 0);
    Deno.writeFileSync(join(probe, "entry"), new Uint8Array());
    Deno.removeSync(join(probe, "entry"));
    return (Deno.statSync(probe).mtime?.getTime() ?? 0) > 0;
  } catch {
    return false;
  } finally {
    try {
      Deno.removeSync(probe, { recursive: true });
    } catch { /* gone already */ }
  }
}

/** A file the state records as present. */
export interface RecordedFile {
  key: string;
  path: string;
  size: number;
}

/** The files recorded as present directly in one folder (an index range of path keys). */
export function recordedFilesIn(state: State, folder: string): RecordedFile[] {
  const prefix = folder ? pathKey(folder) + "/" : "";
  const rows = (prefix
    ? state.q(
      `SELECT key, path, size FROM items
       WHERE path_key >= ? AND path_key < ? AND +status = 'done' AND path IS NOT NULL`,
    ).all(prefix, prefix.slice(0, -1) + "0")
    : state.q(
      "SELECT key, path, size FROM items WHERE status = 'done' AND path IS NOT NULL",
    ).all()) as Row[];
  const out: RecordedFile[] = [];
  for (const r of rows) {
    const path = String(r.path);
    if (folderOf(path) === folder) out.push({ key: String(r.key), path, size: Number(r.size) });
  }
  return out;
}

/** The folder of a library path ("" for a file at the root). */
export function folderOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

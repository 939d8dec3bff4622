/**
 * The check a routine run makes below the anchor, where the walk no longer looks: each file
 * recorded as present must still be there with its recorded size, so files deleted, moved or
 * replaced by hand are found (above the anchor the planner checks each item the same way). A
 * folder whose mtime still equals its mark (folder_marks.ts) lost no file since it was last found
 * whole, so only changed folders have their files looked at. A file cut short in place leaves its
 * folder as it was: `download --all` finds it, and `verify`, which also finds same-size damage.
 */
import {
  type FolderMarks,
  folderMtime,
  folderOf,
  type MarksUpdate,
  readFolderMarks,
  type RecordedFile,
  recordedFilesIn,
  UNSETTLED,
} from "../library/folder_marks.ts";
import type { State } from "../library/state.ts";
import { statSizeSync } from "./local_file.ts";

/** What the check found, and the marks it earned. */
export interface FileCheck {
  /** Keys of the items recorded as present whose file is missing or has another size. */
  changed: string[];
  /** New marks to store (a run that may write does); null when nothing changed. */
  marks: MarksUpdate | null;
}

/**
 * A folder changed less than this long before the check keeps no mark: a change in the same tick
 * (timestamps are read to the millisecond) could hide behind it. File systems that keep whole
 * seconds (FAT keeps 2 s, HFS+ 1 s) need a wider margin.
 */
function settled(mtime: number, now: number): boolean {
  return mtime < now - (mtime % 1000 === 0 ? 2000 : 10);
}

/** Checks the recorded files of every folder whose mtime moved since its mark, or has none. */
export function checkRecordedFiles(
  root: string,
  state: State,
  marks: FolderMarks = readFolderMarks(state),
  now = Date.now(),
): FileCheck {
  const trusted = marks.tracksChanges === true;
  // Read before the folder's files, so a change made while they are checked moves it past the mark.
  const mtimes = new Map<string, number | null>();
  const mtimeOf = (folder: string) => {
    if (!mtimes.has(folder)) mtimes.set(folder, folderMtime(root, folder));
    return mtimes.get(folder)!;
  };
  const unchanged = (folder: string) => trusted && marks.folders.get(folder) === mtimeOf(folder);

  let byFolder: Map<string, RecordedFile[]>;
  const replace = !trusted || marks.markedGeneration !== marks.generation;
  if (replace) {
    // The recorded files changed since the marks: a new folder may hold some, so list them all.
    byFolder = groupByFolder(state.donePaths());
  } else {
    const moved = [...marks.folders.keys()].filter((f) => !unchanged(f));
    if (!moved.length) return { changed: [], marks: null };
    byFolder = new Map(moved.map((f) => [f, recordedFilesIn(state, f)]));
  }

  const changed: string[] = [];
  const set = new Map<string, number>();
  for (const [folder, files] of byFolder) {
    if (unchanged(folder)) {
      set.set(folder, marks.folders.get(folder)!);
      continue;
    }
    const mtime = mtimeOf(folder);
    let whole = true;
    // Synchronous: a local stat is cheaper than the hop to a thread and back. A plain join: a
    // stat writes nothing, and the planner checks the path again before a transfer.
    for (const f of files) {
      if (mtime === null || statSizeSync(`${root}/${f.path}`) !== f.size) {
        changed.push(f.key);
        whole = false;
      }
    }
    set.set(folder, whole && mtime !== null && settled(mtime, now) ? mtime : UNSETTLED);
  }
  return { changed, marks: { generation: marks.generation, set, replace } };
}

function groupByFolder(files: RecordedFile[]): Map<string, RecordedFile[]> {
  const out = new Map<string, RecordedFile[]>();
  for (const f of files) {
    const folder = folderOf(f.path);
    const list = out.get(folder);
    if (list) list.push(f);
    else out.set(folder, [f]);
  }
  return out;
}

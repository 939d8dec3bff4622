/**
 * The gallery's view of the library: one entry per present file, read from the state in one
 * read-only query, and the run history. What the catalog and the FITS header say (designations,
 * filter, exposure) is filled here and nowhere else: today from the header facts the preview
 * renderer read (fitsFacts), and once the state records those facts, from its columns, in
 * galleryEntry below.
 */
import { DatabaseSync } from "node:sqlite";
import { filingFilter } from "../fits/facts.ts";
import { catalogDesignation, designationsOf, objectName } from "../library/catalog.ts";
import { FILTER_LETTERS, opticalFilter } from "../library/optical_filter.ts";
import { stateDbPath } from "../library/library_dirs.ts";
import type { ItemKind } from "../slooh/types.ts";
import type { FrameFacts } from "./render.ts";

/** One file of the library as the gallery shows it. */
export interface GalleryEntry {
  key: string;
  kind: ItemKind;
  /** Path relative to the library root, with "/" separators. */
  path: string;
  filename: string;
  /** Content hash stored when the file was verified: the key of its previews. */
  sha256: string;
  size: number;
  missionId: number;
  /** Slooh's title, verbatim. */
  title: string;
  /** What the library files it under ("M42"), which groups cards. */
  object: string;
  /** The preferred catalog designation ("M42"), or null. */
  designation: string | null;
  /** Every designation of the object, preferred first ("M42", "NGC1976"). */
  designations: readonly string[];
  telescope: string;
  instrument: string;
  capturedAt: Date | null;
  /** The filter label slooh-dl files the frame under (name letter, or the header's card). */
  filter: string;
  /** Exposure in seconds (from the FITS header), null when unknown. */
  exposure: number | null;
}

/** A stored file before header facts are known. */
export type StoredEntry = Omit<GalleryEntry, "filter" | "exposure">;

/** A past run as the statistics page lists it. */
export interface RunEntry {
  startedAt: Date;
  command: string;
  status: string;
  downloaded: number;
  failed: number;
  bytes: number;
  durationMs: number | null;
}

/**
 * Every present file with a path and a hash, and the last runs. A plain read-only open: the
 * gallery may write the library anyway, and a file: URL open (State's immutable mode) would need
 * read permission for the URL's literal text.
 */
export function readLibrary(root: string, runs = 50): { files: StoredEntry[]; runs: RunEntry[] } {
  const db = new DatabaseSync(stateDbPath(root), { readOnly: true });
  try {
    db.exec("PRAGMA busy_timeout=5000;");
    const rows = db.prepare(
      `SELECT key, kind, mission_id, title, telescope, instrument, captured_at, filename, path,
         size, sha256 FROM items WHERE status = 'done' AND path IS NOT NULL AND sha256 IS NOT NULL
       ORDER BY captured_at DESC, key`,
    ).all();
    const files = rows.map((r): StoredEntry => {
      const title = String(r.title);
      const designation = catalogDesignation(title);
      return {
        key: String(r.key),
        kind: r.kind as ItemKind,
        path: String(r.path).replaceAll("\\", "/"),
        filename: String(r.filename),
        sha256: String(r.sha256),
        size: Number(r.size ?? 0),
        missionId: Number(r.mission_id),
        title,
        object: objectName(title),
        designation,
        designations: designation === null ? [] : designationsOf(designation),
        telescope: String(r.telescope),
        instrument: String(r.instrument),
        capturedAt: r.captured_at === null ? null : new Date(Number(r.captured_at)),
      };
    });
    const history = db.prepare(
      `SELECT started_at, command, status, downloaded, failed, bytes, duration_ms FROM runs
       ORDER BY id DESC LIMIT ?`,
    ).all(runs).map((r): RunEntry => ({
      startedAt: new Date(Number(r.started_at)),
      command: String(r.command),
      status: String(r.status),
      downloaded: Number(r.downloaded),
      failed: Number(r.failed),
      bytes: Number(r.bytes),
      durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    }));
    return { files, runs: history };
  } finally {
    db.close();
  }
}

const LETTER_LABELS: ReadonlySet<string> = new Set(FILTER_LETTERS.values());

/**
 * The entry of a stored file once its header facts (if any) are known. The filter is the one
 * the library files the frame under (filingFilter: the name's letter unless the header names
 * another known filter), and the header's label when the name has no known letter. When the
 * state records the header facts, they replace `facts` here.
 */
export function galleryEntry(f: StoredEntry, facts: FrameFacts | undefined): GalleryEntry {
  const letter = opticalFilter(f.filename);
  const header = facts?.filter ?? null;
  return {
    ...f,
    filter: header && !LETTER_LABELS.has(letter) ? header.label : filingFilter(letter, header),
    exposure: facts?.exposure ?? null,
  };
}

/** An item as the library's state records it, and the mapping from its `items` row. */
import type { SQLInputValue } from "node:sqlite";
import type { FitsFacts } from "../fits/facts.ts";
import type { Item, ItemKind } from "../slooh/types.ts";
import { rowFacts } from "./fits_columns.ts";

/** Where an item stands. */
export type ItemStatus = "pending" | "done" | "failed";

/** An item as the library remembers it: the item, and where it stands in the library. */
export interface ItemRecord extends Omit<Item, "customerImageId"> {
  path: string | null;
  size: number | null;
  sha256: string | null;
  status: ItemStatus;
  attempts: number;
  lastError: string | null;
  /** Length and validator the server announced for the transfer in progress (for resume). */
  remoteSize: number | null;
  etag: string | null;
  /** What the FITS header says, once read; null for pictures and unread or empty headers. */
  fits: FitsFacts | null;
  /** Whether the header was read (its facts may still be null: a header without cards we use). */
  headerRead: boolean;
}

/** A row as node:sqlite returns it. */
export type Row = Record<string, SQLInputValue>;

/** A row of the `items` table as the record it stores. */
export function toRecord(r: Row): ItemRecord {
  const n = (v: SQLInputValue) => v === null ? null : Number(v);
  return {
    key: String(r.key),
    kind: r.kind as ItemKind,
    imageId: n(r.image_id),
    missionId: Number(r.mission_id),
    title: String(r.title),
    telescope: String(r.telescope),
    instrument: String(r.instrument),
    capturedAt: r.captured_at === null ? null : new Date(Number(r.captured_at)),
    url: String(r.url),
    filename: String(r.filename),
    path: r.path === null ? null : String(r.path),
    size: n(r.size),
    sha256: r.sha256 === null ? null : String(r.sha256),
    status: r.status as ItemStatus,
    attempts: Number(r.attempts),
    lastError: r.last_error === null ? null : String(r.last_error),
    remoteSize: n(r.remote_size),
    etag: r.etag === null ? null : String(r.etag),
    fits: rowFacts(r),
    // Absent (undefined) in a read-only state of an older schema: never read.
    headerRead: (r.header_read_at ?? null) !== null,
  };
}

/** The record of an item just seen for the first time: nothing downloaded, nothing read. */
export function newRecord(item: Item): ItemRecord {
  const { customerImageId: _, ...seen } = item;
  return {
    ...seen,
    path: null,
    size: null,
    sha256: null,
    status: "pending",
    attempts: 0,
    lastError: null,
    remoteSize: null,
    etag: null,
    fits: null,
    headerRead: false,
  };
}

/** Turns a stored record back into the item it describes. */
export function recordToItem(r: ItemRecord): Item {
  const { key, kind, imageId, missionId, title, telescope, instrument, capturedAt, url, filename } =
    r;
  return {
    key,
    kind,
    imageId,
    customerImageId: null,
    missionId,
    title,
    telescope,
    instrument,
    capturedAt,
    url,
    filename,
  };
}

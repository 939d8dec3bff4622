/**
 * The FITS facts of an item as columns of the state's `items` table: the one place that maps
 * FitsFacts to and from SQL, so the rest of the program handles only the typed object.
 */
import type { SQLInputValue } from "node:sqlite";
import type { FitsFacts } from "../fits/facts.ts";

type Row = Record<string, SQLInputValue>;

/** The columns, in the order `factsValues` gives their values (schema step 2). */
export const FITS_COLUMNS = [
  "date_obs",
  "exptime",
  "filter_header",
  "filter_label",
  "observer",
  "telescop",
  "instrume",
  "naxis1",
  "naxis2",
  "naxis3",
  "xbin",
  "ybin",
  "sensor_c",
] as const;

/** The SQL that adds the columns, and `header_read_at` (when the header was read, facts or not). */
export const ADD_FITS_COLUMNS = [
  "date_obs INTEGER",
  "exptime REAL",
  "filter_header TEXT",
  "filter_label TEXT",
  "observer TEXT",
  "telescop TEXT",
  "instrume TEXT",
  "naxis1 INTEGER",
  "naxis2 INTEGER",
  "naxis3 INTEGER",
  "xbin INTEGER",
  "ybin INTEGER",
  "sensor_c REAL",
  "header_read_at INTEGER",
].map((c) => `ALTER TABLE items ADD COLUMN ${c};`).join("\n");

/** The column values of facts (all null for none), in FITS_COLUMNS order. */
export function factsValues(f: FitsFacts | null): SQLInputValue[] {
  return [
    f?.observedAt?.getTime() ?? null,
    f?.exposureSeconds ?? null,
    f?.filter?.raw ?? null,
    f?.filter?.label ?? null,
    f?.observer ?? null,
    f?.telescope ?? null,
    f?.instrument ?? null,
    f?.imageSize?.width ?? null,
    f?.imageSize?.height ?? null,
    f?.imageSize?.planes ?? null,
    f?.binning?.x ?? null,
    f?.binning?.y ?? null,
    f?.sensorCelsius ?? null,
  ];
}

/** The facts stored in a row; null when its header was never read or held nothing. */
export function rowFacts(r: Row): FitsFacts | null {
  if (r.header_read_at === null || r.header_read_at === undefined) return null;
  const n = (v: SQLInputValue) => v === null || v === undefined ? null : Number(v);
  const s = (v: SQLInputValue) => v === null || v === undefined ? null : String(v);
  const facts: FitsFacts = {
    observedAt: r.date_obs === null ? null : new Date(Number(r.date_obs)),
    exposureSeconds: n(r.exptime),
    filter: r.filter_header === null
      ? null
      : { raw: String(r.filter_header), label: String(r.filter_label) },
    observer: s(r.observer),
    telescope: s(r.telescop),
    instrument: s(r.instrume),
    imageSize: r.naxis1 === null || r.naxis2 === null
      ? null
      : { width: Number(r.naxis1), height: Number(r.naxis2), planes: n(r.naxis3) },
    binning: r.xbin === null ? null : { x: Number(r.xbin), y: Number(r.ybin ?? r.xbin) },
    sensorCelsius: n(r.sensor_c),
  };
  return Object.values(facts).every((v) => v === null) ? null : facts;
}

/** The SET clause that stores facts (FITS_COLUMNS, then `header_read_at`). */
export const SET_FITS = [...FITS_COLUMNS, "header_read_at"].map((c) => `${c} = ?`).join(", ");

/**
 * A benchmark fixture: the Deno Slooh simulator answers the API, while the account's image URLs
 * point at nginx, which serves the files from disk.
 */
import {
  type AccountOptions,
  addNewPictures,
  type ExpectedFile,
  generateAccount,
  Simulator,
} from "../tests/simulator/mod.ts";
import { writeMirror } from "./mirror.ts";

/** A simulator whose files nginx serves under `/<name>/`. */
export interface Fixture {
  sim: Simulator;
  /** The files written to the served tree (pictures only unless FITS were asked for). */
  files: ExpectedFile[];
  /** Adds n new pictures to the account and writes their files (and FITS, if served); returns them. */
  addPictures(n: number): Promise<ExpectedFile[]>;
  close(): Promise<void>;
}

/** Options of startFixture. */
export interface FixtureOptions {
  /** Served tree root. */
  www: string;
  /** nginx origin. */
  origin: string;
  /** URL prefix, unique per fixture. */
  name: string;
  account: AccountOptions;
  /** Also write the FITS files (default: pictures only, the bench runs with --no-fits). */
  fits?: boolean;
  pageCap?: number;
}

/** Generates the account, writes its files under www/<name>/ and starts the simulator. */
export async function startFixture(o: FixtureOptions): Promise<Fixture> {
  const account = generateAccount({ ...o.account, imageBase: `${o.origin}/${o.name}` });
  const wanted = (f: ExpectedFile) => o.fits === true || f.kind === "picture";
  const files = await writeMirror(o.www, account, wanted);
  const written = new Set(files.map((f) => f.url));
  const sim = await Simulator.start({ account: () => account, pageCap: o.pageCap });
  return {
    sim,
    files,
    addPictures: async (n) => {
      addNewPictures(sim.account, n);
      sim.reindex();
      const added = await writeMirror(o.www, sim.account, (f) => wanted(f) && !written.has(f.url));
      for (const f of added) written.add(f.url);
      return added;
    },
    close: () => sim.close(),
  };
}

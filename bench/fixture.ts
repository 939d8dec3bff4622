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
  /** Adds n new pictures to the account and writes their files; returns them. */
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
  const sim = await Simulator.start({ account: () => account, pageCap: o.pageCap });
  return {
    sim,
    files,
    addPictures: async (n) => {
      const added = new Set(addNewPictures(sim.account, n).map((p) => p.url));
      sim.reindex();
      return await writeMirror(o.www, sim.account, (f) => added.has(f.url));
    },
    close: () => sim.close(),
  };
}

/** The account's lookup tables: hosted files by path, pictures by mission, missions in order. */
import type { SimAccount, SimMission, SimPicture } from "./account_types.ts";
import { fileKey } from "./bytes.ts";
import { type HostedFile, kindOfPath } from "./sim_types.ts";

/** The tables the API reads. */
export interface AccountIndex {
  byMission: Map<number, SimPicture[]>;
  missions: SimMission[];
  previews: Map<number, string>;
}

/** Every table, and the signature that tells when they are stale. */
export interface HostIndex extends AccountIndex {
  files: Map<string, HostedFile>;
  sig: string;
}

/** Empty tables, for indexAccount to fill. */
export function emptyIndex(): HostIndex {
  return {
    files: new Map(),
    byMission: new Map(),
    missions: [],
    previews: new Map(),
    sig: "",
  };
}

/** Refills `index` from the account in place, since the API holds the same object. */
export function indexAccount(index: HostIndex, a: SimAccount): void {
  index.files.clear();
  index.byMission.clear();
  index.previews.clear();
  const host = (url: string, size: number, capturedAt: Date) => {
    const path = fileKey(url);
    index.files.set(path, { kind: kindOfPath(path), size, capturedAt });
  };
  for (const p of a.pictures) {
    host(p.url, p.size, p.capturedAt);
    let list = index.byMission.get(p.missionId);
    if (!list) index.byMission.set(p.missionId, list = []);
    list.push(p);
  }
  for (const m of a.missions.values()) {
    for (const f of m.fits) host(f.url, f.size, m.capturedAt);
    const pics = index.byMission.get(m.id) ?? [];
    const preview = pics.find((p) => /_lrgb\.png/.test(p.url)) ?? pics[0];
    index.previews.set(m.id, preview?.url ?? "");
  }
  index.missions = [...a.missions.values()].sort((x, y) =>
    y.capturedAt.getTime() - x.capturedAt.getTime() || y.id - x.id
  );
  index.sig = indexSignature(a);
}

/** A cheap summary of the roll and missions, compared on every request to spot changes. */
export function indexSignature(a: SimAccount): string {
  const p = a.pictures;
  return `${p.length}|${a.missions.size}|${p[0]?.imageId}|${p.at(-1)?.imageId}`;
}

import assert from "node:assert/strict";
import { missionTable } from "../../src/cli/commands/missions.ts";
import { displayWidth } from "../../src/cli/format.ts";
import type { Mission } from "../../src/slooh/types.ts";

const mission = (id: number, title: string, telescope: string): Mission => ({
  id,
  title,
  telescope,
  instrument: "Highmag",
  capturedAt: new Date("2026-01-21T01:16:58Z"),
  imageCount: 12,
  fitsAvailable: true,
  owner: "",
  previewUrl: "",
});

Deno.test("missions at 80 columns: the time goes, the telescope is cut, titles stay readable", () => {
  const rows = [
    mission(812345, "Butterfly Galaxies (NGC 4568/4567)", "Canary Three"),
    mission(812346, "Dark Doodad Nebula (DCLD 301.0-08.6)", "Chile One Widefield"),
  ].map((m) => ({ mission: m, local: { status: "partial" as const, exposure: [] } }));
  const lines = missionTable(rows, 79);
  for (const l of lines) assert.ok(displayWidth(l) <= 79, `too wide: ${l}`);
  assert.match(lines[1], /^2026-01-21 +812345 {2}Butterfly Galaxies \(NGC/);
  assert.ok(!lines[1].includes("01:16"));
  const title = lines[1].slice(lines[0].indexOf("TITLE"), lines[0].indexOf("TELESCOPE")).trim();
  assert.ok(displayWidth(title) >= 24, `title cut to ${title}`);
  // A wide window shows everything, with the time.
  const wide = missionTable(rows, 200);
  assert.ok(wide[1].includes("2026-01-21 01:16") && wide[1].includes("Canary Three"));
  assert.ok(wide[1].includes("Butterfly Galaxies (NGC 4568/4567)"));
});

Deno.test("one long title is cut rather than costing every row its time and exposure", () => {
  const long = "Celestial Coordinates - RA: 23.1289  Dec: -42.3333 (C2024 E1 Wierzchos)";
  const rows = [
    mission(812345, long, "Canary Three"),
    mission(812346, "Messier 43", "Canary Two"),
  ].map((m) => ({
    mission: m,
    local: {
      status: "complete" as const,
      exposure: [{
        object: m.title,
        frames: 4,
        totalSeconds: 240,
        filters: [{
          filter: "Luminance",
          frames: 4,
          totalSeconds: 240,
          byLength: [{ seconds: 60, frames: 4 }],
        }],
      }],
    },
  }));
  const lines = missionTable(rows, 120);
  for (const l of lines) assert.ok(displayWidth(l) <= 120, `too wide: ${l}`);
  assert.ok(lines[0].includes("EXPOSURE"), lines[0]);
  assert.ok(lines[2].includes("2026-01-21 01:16"), lines[2]);
  assert.ok(lines[2].includes("Messier 43"));
  assert.ok(lines[1].includes("…"), "the long title is cut");
});

import assert from "node:assert/strict";
import { Layout } from "../../src/library/layout.ts";
import { planRefile, type RecordedFile, type RefileStep } from "../../src/library/refile_plan.ts";
import type { Item } from "../../src/slooh/types.ts";

/** A FITS frame of a real title and name. */
function frame(id: number, title: string, name: string): Item {
  return {
    key: `f${id}`,
    kind: "fits",
    imageId: id,
    customerImageId: null,
    missionId: 3842746,
    title,
    telescope: "Australia One",
    instrument: "",
    capturedAt: null,
    url: `https://polaris.slooh.com/aus/1/highmag/2026/01/17/1415_x/${name}`,
    filename: name,
  };
}

/** Applies the steps to a map of path → key, failing on any overwrite, as the disk would. */
function apply(disk: Map<string, string>, steps: RefileStep[]): void {
  for (const s of steps) {
    const key = disk.get(s.from.toLowerCase());
    assert.equal(key, s.key, `${s.from} holds ${s.key}`);
    if (s.to.toLowerCase() !== s.from.toLowerCase()) {
      assert.ok(!disk.has(s.to.toLowerCase()), `${s.to} is free before ${s.key} moves there`);
    }
    disk.delete(s.from.toLowerCase());
    disk.set(s.to.toLowerCase(), s.key);
  }
}

const layout = new Layout();
const NAME = "caldwell92_20260117_141706_2_6mo6vp_l_cal.fit";

Deno.test("old-rules folders of one object move into its one folder", () => {
  const files: RecordedFile[] = [
    {
      item: frame(1, "Caldwell 92", NAME),
      path: `Caldwell92/Australia One/FITS/Australia One_${NAME}`,
    },
    {
      item: frame(2, "Eta Carinae Nebula (NGC 3372)", "ngc3372_20260119_164329_0_4fg6ay_l_cal.fit"),
      path: "NGC3372/Australia One/FITS/Australia One_ngc3372_20260119_164329_0_4fg6ay_l_cal.fit",
    },
  ];
  const plan = planRefile(files, layout);
  assert.equal(plan.unchanged, 1);
  assert.deepEqual(plan.steps, [{
    key: "f1",
    from: `Caldwell92/Australia One/FITS/Australia One_${NAME}`,
    to: `NGC3372/Australia One/FITS/Australia One_${NAME}`,
  }]);
  // Applying the plan again changes nothing.
  const after = files.map((f) => ({ ...f, path: layout.relativePath(f.item) }));
  assert.deepEqual(planRefile(after, layout), { steps: [], unchanged: 2 });
});

Deno.test("two files that want one path: the one there stays, the other gets __id", () => {
  const a = frame(1, "Messier 103", "m103_20260101_000000_0_aaaaaa_l_cal.fit");
  const b = frame(2, "Open Cluster M103 (NGC 581)", "m103_20260101_000000_0_aaaaaa_l_cal.fit");
  const wanted = layout.relativePath(a);
  assert.equal(wanted, layout.relativePath(b));
  const plan = planRefile([
    {
      item: b,
      path: "NGC581/Australia One/FITS/Australia One_m103_20260101_000000_0_aaaaaa_l_cal.fit",
    },
    { item: a, path: wanted },
  ], layout);
  assert.equal(plan.unchanged, 1);
  assert.deepEqual(plan.steps.map((s) => [s.key, s.to]), [
    ["f2", wanted.replace("_l_cal.fit", "_l_cal__2.fit")],
  ]);
});

Deno.test("a file the state does not know is never a target", () => {
  const a = frame(1, "Caldwell 92", NAME);
  const wanted = layout.relativePath(a);
  const plan = planRefile(
    [{ item: a, path: `old/${NAME}` }],
    layout,
    new Set([wanted.toLowerCase()]),
  );
  assert.deepEqual(plan.steps.map((s) => s.to), [wanted.replace("_cal.fit", "_cal__1.fit")]);
});

Deno.test("chains and cycles of renames never overwrite a file", () => {
  // Three files whose new paths are each other's old ones: a cycle, plus a chain into it.
  const items = [1, 2, 3, 4].map((id) =>
    frame(id, "Caldwell 92", `n${id}_20260117_141706_2_x_l_cal.fit`)
  );
  const paths = items.map((i) => layout.relativePath(i));
  const files: RecordedFile[] = [
    { item: items[0], path: paths[1] },
    { item: items[1], path: paths[2] },
    { item: items[2], path: paths[0] },
    { item: items[3], path: `elsewhere/${items[3].filename}` },
  ];
  const plan = planRefile(files, layout);
  const disk = new Map(files.map((f) => [f.path.toLowerCase(), f.item.key]));
  apply(disk, plan.steps);
  for (const [i, item] of items.entries()) assert.equal(disk.get(paths[i].toLowerCase()), item.key);
  assert.equal(disk.size, 4);
  // One file is parked once to break the cycle: four moves, one extra step.
  assert.equal(plan.steps.length, 5);
});

Deno.test("a change of case alone is a rename, and waits for nobody", () => {
  const a = frame(1, "Caldwell 92", NAME);
  const wanted = layout.relativePath(a);
  const plan = planRefile([{ item: a, path: wanted.toLowerCase() }], layout);
  assert.deepEqual(plan.steps, [{ key: "f1", from: wanted.toLowerCase(), to: wanted }]);
  assert.equal(plan.unchanged, 0);
});

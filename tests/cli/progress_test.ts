/** The progress display's pure parts: line fitting, the live block's redraw, rate and ETA. */
import assert from "node:assert/strict";
import {
  LiveDisplay,
  plainLine,
  progressMode,
  rowsTaken,
  statusLines,
  summaryLine,
  transferLine,
} from "../../src/cli/progress.ts";
import {
  estimateEta,
  type ProgressSnapshot,
  ProgressTracker,
  waitText,
} from "../../src/cli/progress_tracker.ts";
import { displayWidth, fitEnd, fitMiddle } from "../../src/cli/format.ts";
import { formatTable } from "../../src/cli/table.ts";
import type { Job } from "../../src/download/run_types.ts";

function snap(over: Partial<ProgressSnapshot> = {}): ProgressSnapshot {
  return {
    planned: 40,
    done: 11,
    failed: 1,
    bytes: 35_200_000,
    rate: 4_100_000,
    etaMs: 80_000,
    scanned: 400,
    total: 900,
    active: [
      {
        name: "Canary Two_m42_20260121_011658_0_iycarr_lrgb.png",
        received: 1_200_000,
        size: 3_400_000,
        wait: null,
      },
      {
        name: "Chile One_ngc3195_20250402_212158_0_abcdef_l_cal.fit",
        received: 5_000,
        size: null,
        wait: null,
      },
    ],
    wait: null,
    stalled: false,
    ...over,
  };
}

Deno.test("the summary line shows everything when there is room", () => {
  assert.equal(
    summaryLine(snap(), 200),
    "12/40+ files · 35.2 MB · 4.10 MB/s · ETA 1m20s · 1 failed · scanned 400/900",
  );
  assert.equal(
    summaryLine(snap({ scanned: 900, failed: 0, done: 12, etaMs: null, rate: 0 }), 200),
    "12/40 files · 35.2 MB",
  );
});

Deno.test("no status line is ever as wide as the window, down to one column", () => {
  const s = snap({ active: [...snap().active, ...snap().active, ...snap().active] });
  for (let width = 1; width <= 140; width++) {
    for (const line of statusLines(s, width, 30)) {
      assert.ok(
        displayWidth(line) <= Math.max(1, width - 1),
        `width ${width}: ${JSON.stringify(line)}`,
      );
    }
  }
});

Deno.test("a narrow window keeps the most important parts", () => {
  assert.equal(summaryLine(snap(), 20), "12/40+ files");
  assert.equal(summaryLine(snap(), 30), "12/40+ files · 1 failed");
  assert.equal(summaryLine(snap(), 40), "12/40+ files · ETA 1m20s · 1 failed");
  // Too narrow for transfer lines: the block is one line.
  assert.equal(statusLines(snap(), 24).length, 1);
  assert.equal(statusLines(snap(), 80).length, 3);
});

Deno.test("transfer lines keep both ends of a long name and the percentage", () => {
  const t = snap().active[0];
  assert.equal(
    transferLine(t, 100),
    "  Canary Two_m42_20260121_011658_0_iycarr_lrgb.png  1.20 MB/3.40 MB 35%",
  );
  const narrow = transferLine(t, 40);
  assert.ok(displayWidth(narrow) <= 39, narrow);
  assert.match(narrow, /^ {2}Canary.*….*lrgb\.png 35%$/);
  assert.match(transferLine(snap().active[1], 80), /_l_cal\.fit {2}5\.00 KB$/);
});

Deno.test("the block is capped by the window's height, the rest counted", () => {
  const many = Array.from(
    { length: 12 },
    (_, i) => ({ name: `f${i}.png`, received: 0, size: null, wait: null }),
  );
  const lines = statusLines(snap({ active: many }), 80, 8);
  assert.equal(lines.length, 1 + 5 + 1);
  assert.equal(lines.at(-1), "  +7 more");
});

Deno.test("the live display erases exactly the rows it drew, re-wrapped after a resize", () => {
  let width = 80;
  const written: string[] = [];
  const d = new LiveDisplay((t) => written.push(t), () => width);
  d.draw(["a".repeat(60), "b".repeat(60), "c".repeat(10)]);
  assert.equal(written[0], `${"a".repeat(60)}\n${"b".repeat(60)}\n${"c".repeat(10)}`);
  d.draw(["x"]);
  assert.equal(written[1], "\x1b[2A\r\x1b[Jx");
  d.draw(["y".repeat(60), "z"]);
  // The window shrinks to 25 columns: the 60-column line now takes 3 rows, so 4 rows in all.
  width = 25;
  d.draw(["w".repeat(60)]);
  assert.equal(written[3], `\x1b[3A\r\x1b[J${"w".repeat(23)}…`);
  d.clear();
  assert.equal(written[4], "\r\x1b[J");
  d.clear();
  assert.equal(written.length, 5, "clearing an empty block wrote something");
  assert.equal(rowsTaken(["", "abc"], 2), 3);
});

Deno.test("ETA: from the share of the roll scanned, then from the finish rate", () => {
  assert.equal(estimateEta(snap({ scanned: 100, total: 400 }), 10_000), 30_000);
  assert.equal(estimateEta(snap({ scanned: 100, total: 400 }), 1_000), null, "too early");
  const after = snap({ scanned: 400, total: 400, planned: 20, done: 10, failed: 0, active: [] });
  assert.equal(estimateEta(after, 10_000), 10_000);
  assert.equal(estimateEta({ ...after, done: 20 }, 10_000), null);
  // The last transfers, sizes known: bytes left over the current rate.
  const tail = snap({
    scanned: 400,
    total: 400,
    planned: 12,
    done: 10,
    failed: 0,
    rate: 1000,
    active: [
      { name: "a", received: 500, size: 2500, wait: null },
      { name: "b", received: 0, size: 1000, wait: null },
    ],
  });
  assert.equal(estimateEta(tail, 10_000), 3000);
});

Deno.test("the tracker counts events and measures the rate over a sliding window", () => {
  let now = 0;
  const t = new ProgressTracker(() => now);
  const ev = t.events();
  const job = { path: "M42/a.png", size: 5000, item: {} } as unknown as Job;
  ev.page!(40, 90);
  ev.planned!(job);
  ev.started!(job);
  now = 1000;
  ev.bytes!(job, 2000);
  let s = t.snapshot();
  assert.equal(s.rate, 0, "no rate from a single sample");
  now = 3000;
  ev.bytes!(job, 3000);
  s = t.snapshot();
  assert.equal(s.rate, 1500);
  assert.deepEqual(s.active, [{ name: "a.png", received: 5000, size: 5000, wait: null }]);
  assert.equal(s.scanned, 40);
  ev.finished!(job, "downloaded");
  now = 20_000;
  s = t.snapshot();
  assert.equal(s.done, 1);
  assert.equal(s.active.length, 0);
  assert.equal(s.rate, 0, "an idle window shows no rate");
});

Deno.test("plain progress lines and the display mode", () => {
  assert.equal(
    plainLine(snap()),
    "progress: 12/40+ files, 35.2 MB, 4.10 MB/s, scanned 400/900, ETA 1m20s, 1 failed",
  );
  assert.equal(progressMode(true, true), "off");
  assert.equal(progressMode(false, true), "live");
  assert.equal(progressMode(false, false), "plain");
});

Deno.test("text fitting counts wide characters and never splits a character", () => {
  assert.equal(displayWidth("M42 星雲"), 8);
  assert.equal(fitEnd("abcdef", 4), "abc…");
  assert.equal(fitEnd("星雲星雲", 5), "星雲…");
  assert.equal(fitMiddle("abcdefghij.png", 9), "abcd….png");
  assert.ok(displayWidth(fitMiddle("星雲星雲星雲星雲.png", 9)) <= 9);
  assert.equal(fitEnd("😀😀", 1), "…");
});

Deno.test("tables align columns and shrink the flexible ones to the window", () => {
  const cols = [
    { header: "NAME", shrink: true },
    { header: "FILES", align: "right" as const },
  ];
  const rows = [["Orion Nebula (M42)", "12"], ["Saturn", "3"]];
  assert.deepEqual(formatTable(cols, rows), [
    "NAME                FILES",
    "Orion Nebula (M42)     12",
    "Saturn                  3",
  ]);
  const narrow = formatTable(cols, rows, 17);
  assert.deepEqual(narrow, ["NAME        FILES", "Orion Neb…     12", "Saturn          3"]);
  // Columns that may not shrink stay whole even when the table cannot fit.
  assert.deepEqual(formatTable(cols, rows, 5)[1], "Orion N…     12");
});

Deno.test("waits are shown: the API's on the first line, a file's on its line, plain lines too", () => {
  const wait = { inMs: 3200, attempt: 2, max: 5, reason: "HTTP 503" };
  assert.equal(waitText(wait), "retrying in 4 s (2/5): HTTP 503");
  const s = snap({ wait });
  assert.match(summaryLine(s, 200), /^12\/40\+ files · retrying in 4 s \(2\/5\): HTTP 503 · /);
  assert.match(plainLine(s), /^progress: 12\/40\+ files, retrying in 4 s \(2\/5\): HTTP 503, /);
  assert.match(summaryLine(snap({ stalled: true }), 200), /^12\/40\+ files · stalled · /);
  const t = { name: "m42.png", received: 10, size: 100, wait: { ...wait, inMs: 900 } };
  assert.equal(transferLine(t, 80), "  m42.png  retrying in 1 s (2/5): HTTP 503");
});

Deno.test("a long wait is shortened, never dropped, at the widths terminals have", () => {
  const reason = "Slooh answered HTTP 503 on getMyPictures";
  const wait = { inMs: 3200, attempt: 2, max: 5, reason };
  for (const width of [60, 70, 80, 90]) {
    const line = summaryLine(snap({ wait, etaMs: null }), width);
    assert.match(line, /^12\/40\+ files · retrying in 4 s/, `${width}: ${line}`);
    assert.ok(displayWidth(line) < width, `${width}: ${line}`);
  }
  const name = "Chile One_3c273_20260114_110030_0_9x2w3f_d.png";
  const html = { inMs: 8200, attempt: 3, max: 4, reason: "an HTML page instead of the file" };
  for (const width of [60, 80, 90]) {
    const line = transferLine({ name, received: 0, size: 9000, wait: html }, width);
    assert.match(line, /retrying in 9 s/, `${width}: ${line}`);
    assert.ok(displayWidth(line) < width, `${width}: ${line}`);
  }
});

Deno.test("the ETA does not grow while Slooh does not answer, nor jump after it answers again", () => {
  let now = 0;
  const t = new ProgressTracker(() => now);
  const ev = t.events();
  const jobs = Array.from(
    { length: 4 },
    (_, i) => ({ path: `M42/${i}.png`, size: 1000, item: { key: `k${i}` } }) as unknown as Job,
  );
  ev.page!(100, 100);
  for (const j of jobs) ev.planned!(j);
  // Two files in 10 s: two left, ETA 10 s.
  for (const j of jobs.slice(0, 2)) {
    ev.started!(j);
    now += 2500;
    ev.bytes!(j, 1000);
    now += 2500;
    ev.finished!(j, "downloaded");
  }
  ev.started!(jobs[2]);
  const before = t.snapshot();
  assert.equal(before.etaMs, 10_000);
  // The API answers 503 and waits 30 s.
  ev.retrying!(null, { delayMs: 30_000, attempt: 2, max: 5, reason: "HTTP 503" });
  for (let i = 0; i < 6; i++) {
    now += 5000;
    const s = t.snapshot();
    assert.equal(s.etaMs, before.etaMs, `after ${i * 5 + 5} s of waiting`);
    assert.equal(s.rate, before.rate);
  }
  // A transfer without a byte for 5 s is stalled: the ETA holds too.
  now += 1;
  const stalled = t.snapshot();
  assert.equal(stalled.wait, null);
  assert.equal(stalled.stalled, true);
  assert.equal(stalled.etaMs, before.etaMs);
  // Bytes again: the 30 s of waiting do not count as the run's pace.
  ev.bytes!(jobs[2], 1000);
  ev.finished!(jobs[2], "downloaded");
  now += 2000;
  const after = t.snapshot();
  assert.equal(after.stalled, false);
  // 42 s since the start, 30 s of them waiting (from the 503 to the next byte): 3 files in
  // 12 s, 1 left.
  assert.equal(after.etaMs, 4000);
});

Deno.test("a file's retry wait is shown on its transfer line, and ends when its time is up", () => {
  let now = 0;
  const t = new ProgressTracker(() => now);
  const ev = t.events();
  const job = { path: "M42/a.png", size: 5000, item: { key: "a" } } as unknown as Job;
  ev.planned!(job);
  ev.started!(job);
  ev.retrying!(job, { delayMs: 4000, attempt: 2, max: 4, reason: "connection reset" });
  now = 1000;
  assert.deepEqual(t.snapshot().active[0].wait, {
    inMs: 3000,
    attempt: 2,
    max: 4,
    reason: "connection reset",
  });
  now = 4001;
  assert.equal(t.snapshot().active[0].wait, null);
});

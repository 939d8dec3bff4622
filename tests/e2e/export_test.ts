/** `export` on a real downloaded library: CSV, JSON, and lines real `sha256sum -c` accepts. */
import assert from "node:assert/strict";
import { parseFitsHeader } from "../../src/fits/header.ts";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { COLUMNS } from "../../src/library/export_rows.ts";
import { isolatedEnv, listFiles, runCli, withScenario } from "../helpers.ts";

/** A minimal RFC 4180 reader, enough to check what export writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), field = "";
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field), rows.push(row), row = [], field = "", i++;
    } else field += c;
  }
  return rows;
}

Deno.test("export lists every file with its metadata, as CSV, JSON and sha256sum", () =>
  withScenario(
    { accountOptions: { seed: 31, pictures: 10 } },
    async ({ dir, lib, cli: run, sim }) => {
      assert.equal((await run(["download", "-d", lib])).code, 0);
      const files = await listFiles(lib);
      const env = isolatedEnv();

      const csv = await runCli(["export", "-d", lib, "--format", "csv"], env);
      assert.equal(csv.code, 0, csv.stderr);
      const [header, ...rows] = parseCsv(csv.stdout);
      assert.deepEqual(header, [...COLUMNS]);
      assert.equal(rows.length, sim.expectedFiles().length);
      assert.deepEqual(rows.map((r) => r[0]).sort(), files);
      const col = (name: string) => COLUMNS.indexOf(name as typeof COLUMNS[number]);
      for (const r of rows) {
        const bytes = await Deno.readFile(join(lib, r[0]));
        assert.equal(Number(r[col("size")]), bytes.length);
        assert.equal(r[col("sha256")], createHash("sha256").update(bytes).digest("hex"));
        assert.equal(r[0].split("/")[0], r[col("object")], "object is the {object} folder");
        assert.match(r[col("capturedAt")], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        // A FITS frame's exposure is its header's EXPTIME, read as it was downloaded.
        const exptime = r[col("kind")] === "fits"
          ? parseFitsHeader(bytes)?.values.get("EXPTIME") ?? null
          : null;
        assert.equal(r[col("exposure")], exptime === null ? "" : String(exptime));
      }
      const m42 = rows.find((r) => r[col("object")] === "M42");
      if (m42) assert.equal(m42[col("designation")], "M42");
      assert.ok(rows.some((r) => r[col("kind")] === "fits" && r[col("filter")] !== ""));

      const js = await runCli(["export", "--library", lib, "--format", "json"], env);
      const objects = JSON.parse(js.stdout);
      assert.equal(objects.length, rows.length);
      assert.equal(typeof objects[0].size, "number");

      // -o writes the file whole, leaving no temporary file; sha256sum -c accepts it in the library.
      const sums = join(lib, "SHA256SUMS");
      const o = await runCli(["export", "-d", lib, "--format", "sha256sum", "-o", sums], env);
      assert.equal(o.code, 0, o.stderr);
      assert.equal(o.stdout, "");
      assert.deepEqual((await listFiles(lib)).filter((f) => !files.includes(f)), ["SHA256SUMS"]);
      const check = await new Deno.Command("sha256sum", {
        args: ["-c", "--strict", "SHA256SUMS"],
        cwd: lib,
      })
        .output();
      assert.equal(check.code, 0, new TextDecoder().decode(check.stderr));
      assert.equal(new TextDecoder().decode(check.stdout).trim().split("\n").length, rows.length);

      // And it fails on a damaged file: the check is real.
      const first = join(lib, rows[0][0]);
      await Deno.writeFile(first, new Uint8Array([1, 2, 3]));
      const again = await new Deno.Command("sha256sum", {
        args: ["-c", "--quiet", "SHA256SUMS"],
        cwd: lib,
      })
        .output();
      assert.equal(again.code, 1);

      const bad = await runCli(["export", "-d", join(dir, "nowhere"), "--format", "csv"], env);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /not a slooh-dl library/);
      const noFormat = await runCli(["export", "-d", lib], env);
      assert.equal(noFormat.code, 2);
      const nowhere = join(dir, "no", "such", "folder", "x.csv");
      const badOut = await runCli(["export", "-d", lib, "--format", "csv", "-o", nowhere], env);
      assert.equal(badOut.code, 2, badOut.stderr);
      assert.match(badOut.stderr, /^error: Cannot write .*x\.csv/);
    },
  ));

Deno.test("export -o refuses the library's own files and anything not a regular file", () =>
  withScenario(
    { accountOptions: { seed: 13, pictures: 3 } },
    async ({ dir, lib, cli: run }) => {
      assert.equal((await run(["download", "-d", lib, "--no-fits"])).code, 0);
      const env = isolatedEnv();
      const exportTo = (o: string) =>
        runCli(["export", "-d", lib, "--format", "csv", "-o", o], env);
      const [image] = await listFiles(lib);
      const imageBytes = await Deno.readFile(join(lib, image));
      const stateBytes = await Deno.readFile(join(lib, ".slooh-dl", "state.db"));
      const fifo = join(dir, "pipe");
      assert.equal((await new Deno.Command("mkfifo", { args: [fifo] }).output()).code, 0);
      for (
        const [o, why] of [
          [join(lib, image), /is one of the library's downloaded files$/],
          [join(dir, "lib", ".", image), /is one of the library's downloaded files$/],
          [join(lib, ".slooh-dl", "state.db"), /is inside \.slooh-dl, the library's own records$/],
          [fifo, /is not a regular file \(without -o the export goes to stdout\)$/],
          [dir, /is not a regular file/],
        ] as const
      ) {
        const r = await exportTo(o);
        assert.equal(r.code, 2, `${o}: ${r.stderr}`);
        assert.match(r.stderr.trim(), why, o);
        assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      }
      assert.deepEqual(await Deno.readFile(join(lib, image)), imageBytes);
      assert.deepEqual(await Deno.readFile(join(lib, ".slooh-dl", "state.db")), stateBytes);
      assert.ok((await Deno.lstat(fifo)).isFifo);

      // A link to a file is written through: the link stays, the file it names gets the rows.
      const real = join(dir, "real.csv");
      await Deno.writeTextFile(real, "old");
      const link = join(dir, "link.csv");
      await Deno.symlink(real, link);
      const r = await exportTo(link);
      assert.equal(r.code, 0, r.stderr);
      assert.ok((await Deno.lstat(link)).isSymlink);
      assert.equal(parseCsv(await Deno.readTextFile(real)).length, 1 + 3);
    },
  ));

/**
 * Plain parallel downloaders to compare with: `curl -Z` followed by `sync -f <folder>` (the durable
 * yardstick: the same bytes made as durable as slooh-dl leaves them), and for context curl in
 * parallel mode, curl under `xargs -P`, Deno's own fetch, slooh-dl's transfer steps alone in Deno
 * (its floor on this runtime), and aria2c when it is installed. Each fetches the same URLs into
 * one flat folder.
 */
import { join } from "node:path";
import { measure, type Measured, which } from "./proc.ts";

/** One plain downloader. */
export interface PlainDownloader {
  name: string;
  /** Downloads urls into dir (which exists and is empty) with n transfers at once. */
  run(urls: string[], dir: string, n: number): Promise<Measured>;
}

const outName = (i: number, url: string) =>
  `${String(i).padStart(6, "0")}${/\.fits?(\?|$)/.test(url) ? ".fit" : ".png"}`;

function checked(name: string, r: Measured): Measured {
  if (r.code !== 0) throw new Error(`${name} exited ${r.code}: ${r.stderr.slice(-2000)}`);
  return r;
}

/** Name of the durable yardstick in figures. */
export const DURABLE = "curl -Z; sync -f";

/** Name of plain `curl -Z` in figures. */
export const CURL = "curl -Z";

/** `curl -Z --parallel-max n`, URLs and outputs from a config file on stdin. */
const curlParallel = (curl: string): PlainDownloader => ({
  name: CURL,
  run: async (urls, dir, n) => {
    const cfg = urls.map((u, i) => `url = "${u}"\noutput = "${join(dir, outName(i, u))}"\n`)
      .join("");
    return checked(
      "curl -Z",
      await measure(curl, ["-sS", "--fail", "-Z", "--parallel-max", String(n), "-K", "-"], {
        stdin: cfg,
      }),
    );
  },
});

/** `xargs -P n curl -o file url`: one curl process per file, as a shell user would write it. */
const xargsCurl = (curl: string): PlainDownloader => ({
  name: "xargs -P curl",
  run: async (urls, dir, n) => {
    const lines = urls.map((u, i) => `-o\n${join(dir, outName(i, u))}\n${u}\n`).join("");
    return checked(
      "xargs curl",
      await measure("xargs", ["-d", "\\n", "-P", String(n), "-n", "3", curl, "-sS", "--fail"], {
        stdin: lines,
      }),
    );
  },
});

/** `aria2c -j n -x 1`. */
const aria2 = (aria2c: string): PlainDownloader => ({
  name: "aria2c",
  run: async (urls, dir, n) => {
    const list = urls.map((u, i) => `${u}\n  out=${outName(i, u)}\n`).join("");
    const listFile = join(dir, "..", `aria2-${crypto.randomUUID()}.txt`);
    await Deno.writeTextFile(listFile, list);
    try {
      return checked(
        "aria2c",
        await measure(aria2c, [
          "-q",
          "-i",
          listFile,
          "-d",
          dir,
          "-j",
          String(n),
          "-x",
          "1",
          "--file-allocation=none",
          "--allow-overwrite=true",
          "--auto-file-renaming=false",
          "--max-connection-per-server=1",
          "--console-log-level=error",
        ]),
      );
    } finally {
      await Deno.remove(listFile).catch(() => {});
    }
  },
});

/**
 * `curl -Z` followed by `sync -f <folder>` (syncfs of the folder's file system): the same bytes,
 * on disk as durably as slooh-dl leaves them. Wall and CPU are the sum of both programs.
 */
const durable = (curl: string): PlainDownloader => ({
  name: DURABLE,
  run: async (urls, dir, n) => {
    const r = await curlParallel(curl).run(urls, dir, n);
    const s = checked("sync -f", await measure("sync", ["-f", dir]));
    return { ...r, wallMs: r.wallMs + s.wallMs, cpuMs: r.cpuMs + s.cpuMs };
  },
});

/** A Deno script run with the "url<TAB>path" lines on stdin and the concurrency as argument. */
const denoScript = (name: string, file: string): PlainDownloader => ({
  name,
  run: async (urls, dir, n) => {
    const lines = urls.map((u, i) => `${u}\t${join(dir, outName(i, u))}\n`).join("");
    const script = new URL(file, import.meta.url).pathname;
    return checked(
      name,
      await measure(Deno.execPath(), ["run", "--allow-all", script, String(n)], { stdin: lines }),
    );
  },
});

/** Name of the runtime's durable floor in figures. */
export const DENO_DURABLE = "deno durable";

/** fetch piped to a file in a Deno process: what the runtime does with no hash and no fsync. */
const denoFetch = denoScript("deno fetch", "./deno_fetch.ts");

/** slooh-dl's transfer steps alone (its HTTP/1.1 client, sha256, mtime, fsync, rename): its floor. */
export const denoDurable = denoScript(DENO_DURABLE, "./deno_durable.ts");

/** The plain downloaders available on this machine (curl is required), the yardstick first. */
export async function plainDownloaders(): Promise<PlainDownloader[]> {
  const curl = await which("curl");
  if (!curl) throw new Error("curl is needed by the benchmark (apt-get install curl)");
  const out = [durable(curl), curlParallel(curl), xargsCurl(curl), denoFetch, denoDurable];
  const aria2c = await which("aria2c");
  if (aria2c) out.push(aria2(aria2c));
  return out;
}

/** Plain `curl -Z`, the context figure of the small-file and memory scenarios. */
export async function plainCurl(): Promise<PlainDownloader> {
  return (await plainDownloaders()).find((p) => p.name === CURL)!;
}

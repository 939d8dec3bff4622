/**
 * Plain parallel downloaders, the yardstick: curl in parallel mode, curl under `xargs -P`, and
 * aria2c when it is installed. Each fetches the same URLs into one flat folder.
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

/** `curl -Z --parallel-max n`, URLs and outputs from a config file on stdin. */
const curlParallel = (curl: string): PlainDownloader => ({
  name: "curl -Z",
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

/** The plain downloaders available on this machine (curl is required). */
export async function plainDownloaders(): Promise<PlainDownloader[]> {
  const curl = await which("curl");
  if (!curl) throw new Error("curl is needed by the benchmark (apt-get install curl)");
  const out = [curlParallel(curl), xargsCurl(curl)];
  const aria2c = await which("aria2c");
  if (aria2c) out.push(aria2(aria2c));
  return out;
}

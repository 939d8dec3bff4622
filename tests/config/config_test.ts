import assert from "node:assert/strict";
import { join } from "node:path";
import { loadConfig } from "../../src/config/config.ts";
import { ConfigError } from "../../src/errors.ts";

async function withConfig(content: unknown, fn: (path: string, dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "config.json");
  await Deno.writeTextFile(path, typeof content === "string" ? content : JSON.stringify(content));
  try {
    await fn(path, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const env = (vars: Record<string, string>) => (n: string) => vars[n];

Deno.test("precedence: flags > environment > config file > defaults", () =>
  withConfig({
    slooh: { username: "file-user", base_url: "https://file.example" },
    folders: { base_path: "lib" },
    download: { threads: 6, fits: false },
  }, async (path, dir) => {
    const fromFile = await loadConfig({ configFile: path }, env({}));
    assert.equal(fromFile.username, "file-user");
    assert.equal(fromFile.concurrency, 6);
    assert.equal(fromFile.fits, false);
    assert.equal(fromFile.library, join(dir, "lib"), "relative to the config file's folder");
    assert.equal(fromFile.retries, 3, "default");

    const fromEnv = await loadConfig(
      { configFile: path },
      env({ SLOOH_USERNAME: "env-user", SLOOH_BASE_URL: "https://env.example" }),
    );
    assert.equal(fromEnv.username, "env-user");
    assert.equal(fromEnv.baseUrl, "https://env.example");

    const fromFlags = await loadConfig(
      { configFile: path, concurrency: 2, fits: true, library: "elsewhere" },
      env({}),
    );
    assert.equal(fromFlags.concurrency, 2);
    assert.equal(fromFlags.fits, true);
    assert.equal(fromFlags.library, join(Deno.cwd(), "elsewhere"), "flags are relative to the cwd");
  }));

Deno.test("the seed's keys are honoured, not silently ignored", () =>
  withConfig({
    download: { batch_size: 20, rate_limit: 30, max_retries: 1, skip_existing: false },
    folders: { template: "{year}/{object}", filename_template: "{filename}" },
  }, async (path) => {
    const cfg = await loadConfig({ configFile: path }, env({}));
    assert.equal(cfg.pageSize, 20);
    assert.equal(cfg.rateLimit, 30);
    assert.equal(cfg.retries, 1);
    assert.equal(cfg.adoptBySize, false);
    assert.equal(cfg.folderTemplate, "{year}/{object}");
  }));

Deno.test("gallery.auto: on by default, off from the file, --no-gallery wins", () =>
  withConfig({ gallery: { auto: true } }, async (path) => {
    assert.equal((await loadConfig({}, env({}))).galleryAuto, true);
    assert.equal((await loadConfig({ configFile: path }, env({}))).galleryAuto, true);
    assert.equal(
      (await loadConfig({ configFile: path, gallery: false }, env({}))).galleryAuto,
      false,
    );
    await Deno.writeTextFile(path, JSON.stringify({ gallery: { auto: false } }));
    assert.equal((await loadConfig({ configFile: path }, env({}))).galleryAuto, false);
  }));

for (
  const [name, content, pattern] of [
    ["an unknown key", { download: { thread: 4 } }, /unknown key "download.thread"/],
    ["a wrong type", { download: { threads: "4" } }, /"download.threads" must be a number/],
    ["bad JSON", "{ download: ", /not valid JSON/],
    ["an unknown placeholder", { folders: { template: "{galaxy}" } }, /\{galaxy\}/],
    ["zero threads", { download: { threads: 0 } }, /concurrency must be/],
    ["a 30-day idle timeout", { download: { idle_timeout: 2592000 } }, /at most 2147483/],
    ["a zero stall timeout", { download: { stall_timeout: 0 } }, /stall_timeout must be positive/],
    ["gallery.auto as text", { gallery: { auto: "yes" } }, /"gallery.auto" must be a boolean/],
  ] as const
) {
  Deno.test(`a config file with ${name} is a one-line config error`, () =>
    withConfig(content, async (path) => {
      await assert.rejects(loadConfig({ configFile: path }, env({})), (e) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, pattern);
        assert.ok(!e.message.includes("\n"));
        return true;
      });
    }));
}

Deno.test("an unreadable config file names the file", async () => {
  await assert.rejects(
    loadConfig({ configFile: "/nonexistent/slooh.json" }, env({})),
    /Cannot read config file \/nonexistent\/slooh.json/,
  );
});

Deno.test("a config file is read through a cap: a device or a huge file is one line", async () => {
  await withConfig("{}" + " ".repeat(70 << 10), async (path) => {
    await assert.rejects(loadConfig({ configFile: path }, env({})), (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /is too large to be one \(over 64 KiB\)$/);
      return true;
    });
  });
  if (Deno.build.os !== "windows") {
    await assert.rejects(
      loadConfig({ configFile: "/dev/zero" }, env({})),
      /Config file \/dev\/zero is too large/,
    );
  }
});

Deno.test({
  name: "a user config folder inside a file means no config file",
  ignore: Deno.build.os !== "linux",
  fn: () =>
    withConfig({}, async (path, dir) => {
      const before = Deno.env.get("XDG_CONFIG_HOME");
      // The user config file is looked for under $XDG_CONFIG_HOME: here a file.
      Deno.env.set("XDG_CONFIG_HOME", path);
      try {
        const cfg = await loadConfig({ library: dir }, env({}));
        assert.equal(cfg.configFile, null);
      } finally {
        if (before === undefined) Deno.env.delete("XDG_CONFIG_HOME");
        else Deno.env.set("XDG_CONFIG_HOME", before);
      }
    }),
});

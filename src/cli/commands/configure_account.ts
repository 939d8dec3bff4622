/** The account questions of `configure` (with a real login to check them), and its one helper. */
import type { ConfigValues } from "../config_file.ts";
import { AuthError, ConfigError } from "../../errors.ts";
import { objectName } from "../../library/catalog.ts";
import { DEFAULT_BASE_URL, SloohClient } from "../../slooh/client.ts";
import type { Item } from "../../slooh/types.ts";
import type { Prompter } from "../prompter.ts";
import type { ConfigureDeps, ConfigureFlags } from "./configure.ts";

const LOGIN_TRIES = 3;

/** Validates a required answer. */
export const nonEmpty = (v: string) => v.trim() !== "" || "required";

/**
 * One question of `configure`: the flag when given, else the user's answer (the current value
 * offered as default), else, when nothing may be asked, the current value.
 */
export async function answer<T>(
  flag: T | undefined,
  current: T,
  ask: Prompter | null,
  question: (ask: Prompter, current: T) => Promise<T>,
): Promise<T> {
  if (flag !== undefined) return flag;
  return ask ? await question(ask, current) : current;
}

/** A free-text question, for `answer`. */
export function text(
  name: string,
  message: string,
  validate: (v: string) => true | string,
): (ask: Prompter, current: string) => Promise<string> {
  return (q, d) => q.input({ name, message, default: d, validate });
}

/** Up to three pictures of a photo-roll page, different objects first, for the layout preview. */
export function pickExamples(entries: readonly (Item | null)[], n = 3): Item[] {
  const items = entries.filter((e): e is Item => e !== null);
  const picked: Item[] = [];
  const objects = new Set<string>();
  for (const it of items) {
    if (picked.length < n && !objects.has(objectName(it.title))) {
      picked.push(it);
      objects.add(objectName(it.title));
    }
  }
  for (const it of items) if (picked.length < n && !picked.includes(it)) picked.push(it);
  return picked;
}

/** The account as configured, and example pictures of its roll when the login was checked. */
export interface AccountAnswers {
  username: string;
  password: string;
  /** The password the config file held before. */
  storedPassword: string;
  examples: Item[];
}

/** Asks for username and password and checks them by logging in (unless --no-check). */
export async function askAccount(
  flags: ConfigureFlags,
  deps: ConfigureDeps,
  ask: Prompter | null,
  current: ConfigValues,
): Promise<AccountAnswers> {
  const { out, env } = deps;
  const askUser = (q: Prompter, d: string) =>
    q.input({
      name: "username",
      message: "Slooh username (e-mail):",
      default: d || undefined,
      validate: nonEmpty,
    }).then((v) => v.trim());
  const askPassword = (q: Prompter, user: string) =>
    q.password({ name: "password", message: `Password for ${user}:` });
  const currentUser = String(current["slooh.username"] ?? env("SLOOH_USERNAME") ?? "");
  let username = await answer(flags.username?.trim(), currentUser, ask, askUser);
  if (!username) throw new ConfigError("No Slooh username: pass --username <e-mail>");

  const storedPassword = String(current["slooh.password"] ?? "");
  let password = "";
  if (flags.passwordStdin) {
    password = (await deps.readStdin()).replace(/\r?\n$/, "");
    if (!password) throw new ConfigError("--password-stdin: no password on standard input");
  } else password = env("SLOOH_PASSWORD") ?? "";
  if (!password && storedPassword && username === current["slooh.username"]) {
    password = storedPassword;
  }
  if (!password && ask) password = await askPassword(ask, username);

  const baseUrl = flags.baseUrl || env("SLOOH_BASE_URL") ||
    String(current["slooh.base_url"] ?? DEFAULT_BASE_URL);
  // A bad URL is refused before anything is saved, even with --no-check.
  new SloohClient({ baseUrl, username, password });
  if (flags.check === false) {
    out.info("Login not checked (--no-check).");
    return { username, password, storedPassword, examples: [] };
  }
  if (!password) {
    throw new ConfigError(
      "No password to check the login with: set SLOOH_PASSWORD, pipe it with " +
        "--password-stdin, or pass --no-check",
    );
  }
  for (let attempt = 1;; attempt++) {
    try {
      const client = new SloohClient({
        baseUrl,
        username,
        password,
        retries: 2,
        trace: out.opts.verbose ? (line) => out.debug(line) : undefined,
      });
      const account = await client.login();
      out.info(`Logged in as ${account.displayName || username}.`);
      const page = await client.picturesPage({ kind: "photoRoll" }, 1, 20);
      return { username, password, storedPassword, examples: pickExamples(page.entries) };
    } catch (e) {
      if (!(e instanceof AuthError) || !ask || attempt >= LOGIN_TRIES) throw e;
      out.warn(e.message);
      username = await askUser(ask, username);
      password = await askPassword(ask, username);
    }
  }
}

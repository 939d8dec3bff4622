/** `login` (alias `test`): check the credentials and API access, print the account summary. */
import type { CliContext } from "../context.ts";
import type { LoginOptions } from "../definitions/login.ts";
import { loadPermittedConfig } from "../permissions.ts";
import { ensureCredentials, makeClient } from "../session.ts";

/** Runs `login` with the options its command line parsed. */
export async function loginAction(ctx: CliContext, opts: LoginOptions): Promise<void> {
  const out = ctx.out;
  const cfg = await loadPermittedConfig({ configFile: ctx.globals().config }, "login");
  await ensureCredentials(cfg, ctx.prompter());
  const client = makeClient(cfg, out);
  const account = await client.login();
  const gravity = await client.gravity().catch(() => null);
  const first = await client.picturesPage({ kind: "photoRoll" }, 1, 1);
  if (opts.json) {
    out.data(JSON.stringify({ ...account, gravity, pictures: first.total ?? null }));
    return;
  }
  out.info(`Logged in to ${client.baseUrl} as ${account.displayName || cfg.username}`);
  out.info(
    `  membership: ${account.membershipType || "?"} ${
      account.planName ? `(${account.planName})` : ""
    }`.trimEnd(),
  );
  if (gravity) {
    out.info(
      `  gravity: ${gravity.points} GP, tier ${
        gravity.tier || "?"
      } (${gravity.progress}/${gravity.progressMax})`,
    );
  }
  out.info(`  pictures in the photo roll: ${first.total ?? "unknown"}`);
}

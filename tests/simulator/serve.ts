/**
 * `deno task simulator [--port N]`: serves the demo account (the one `deno task demo` downloads)
 * until Ctrl-C, and prints its URL and credentials, so every command can be tried without an
 * account. With --port, a forwarder listens on that port in front of the simulator (which
 * always takes a free port), and the account's image URLs point at it.
 */
import { DEMO_ACCOUNT } from "./demo_account.ts";
import { generateAccount, Simulator } from "./mod.ts";

function parsePort(args: string[]): number | null {
  if (args.length === 0) return null;
  const port = Number(args[1]);
  if (
    args[0] !== "--port" || args.length !== 2 || !Number.isInteger(port) || port < 1 || port > 65535
  ) {
    console.error("usage: deno task simulator [--port N]   (N from 1 to 65535)");
    Deno.exit(2);
  }
  return port;
}

/** Forwards every request on `port` to the simulator, bodies streamed both ways. */
function forward(port: number, target: string): Deno.HttpServer {
  return Deno.serve({ hostname: "127.0.0.1", port, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const headers = new Headers(req.headers);
    headers.delete("host");
    return await fetch(target + url.pathname + url.search, {
      method: req.method,
      headers,
      body: req.body,
      redirect: "manual",
    });
  });
}

/** A value a POSIX shell reads back unchanged. */
const quote = (v: string) => `'${v.replaceAll("'", `'\\''`)}'`;

const port = parsePort(Deno.args);
const front = port === null ? null : `http://127.0.0.1:${port}`;
const sim = await Simulator.start({
  account: (origin) => generateAccount({ ...DEMO_ACCOUNT, imageBase: front ?? origin }),
  realImages: true,
});
let proxy: Deno.HttpServer | null = null;
try {
  proxy = port === null ? null : forward(port, sim.origin);
} catch (e) {
  await sim.close();
  console.error(`cannot listen on 127.0.0.1:${port}: ${(e as Error).message}`);
  Deno.exit(2);
}
const url = front ?? sim.apiRoot;
console.log(`Slooh simulator: the demo account (${sim.account.pictures.length} pictures) at ${url}

  export SLOOH_BASE_URL=${url}
  export SLOOH_USERNAME=${quote(sim.account.username)}
  export SLOOH_PASSWORD=${quote(sim.account.password)}
  slooh-dl download -d ./slooh-demo

Press Ctrl-C to stop.`);
const stop = async () => {
  await proxy?.shutdown();
  await sim.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);

/**
 * A private nginx serving a directory on 127.0.0.1, so the file server is never the bottleneck.
 * Installed from Debian's packages when missing; runs in the foreground with every path (pid, logs,
 * temp files) inside the work directory, and is stopped by its own process id.
 */
import { join } from "node:path";
import { measure, run, which } from "./proc.ts";

const SBIN = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"];

/** A running nginx. */
export interface Nginx {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  version: string;
  /** Requests nginx has answered so far (lines of its access log). */
  requests(): Promise<number>;
  stop(): Promise<void>;
}

/** The nginx binary, installing nginx-light (or nginx) with apt-get when there is none. */
export async function ensureNginx(log: (line: string) => void): Promise<string> {
  const found = await which("nginx", SBIN);
  if (found) return found;
  log("nginx not found: installing it with apt-get (Debian package nginx-light, else nginx)");
  // RUNLEVEL=1 keeps the package scripts from starting a system-wide nginx on port 80.
  const env = { DEBIAN_FRONTEND: "noninteractive", RUNLEVEL: "1" };
  const apt = (args: string[]) =>
    Deno.uid() === 0 ? measure("apt-get", args, { env }) : measure("sudo", [
      "-n",
      "env",
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
      "apt-get",
      ...args,
    ]);
  for (const pkg of ["nginx-light", "nginx"]) {
    let r = await apt(["install", "-y", "-q", pkg]);
    if (r.code !== 0) {
      await apt(["update", "-q"]);
      r = await apt(["install", "-y", "-q", pkg]);
    }
    const bin = await which("nginx", SBIN);
    if (bin) return bin;
  }
  throw new Error(
    "nginx is needed by the benchmark and could not be installed; install it (apt-get install nginx-light) and run again",
  );
}

/** A TCP port that was free a moment ago. */
function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

function config(work: string, root: string, port: number): string {
  const tmp = join(work, "tmp");
  return `daemon off;
worker_processes auto;
pid ${join(work, "nginx.pid")};
error_log ${join(work, "error.log")} warn;
${Deno.uid() === 0 ? "user root;\n" : ""}events { worker_connections 1024; }
http {
  log_format bench '$request_method $uri $status';
  access_log ${join(work, "access.log")} bench;
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  # Fewer than the worker's open-file limit (often 20,000): a cache of 50,000 ran nginx out of
  # descriptors (HTTP 500) once the 41,800-file library was fetched faster than 20,000 a minute.
  open_file_cache max=10000 inactive=60s;
  types { image/png png; application/octet-stream fit fits; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { }
  }
}
`;
}

/** Starts nginx serving `root`; its config, pid and logs live in `work`. */
export async function startNginx(bin: string, work: string, root: string): Promise<Nginx> {
  await Deno.mkdir(join(work, "tmp"), { recursive: true });
  const version = (await measure(bin, ["-v"])).stderr.trim().replace(/^nginx version:\s*/, "");
  for (let attempt = 1;; attempt++) {
    const port = freePort();
    const conf = join(work, "nginx.conf");
    await Deno.writeTextFile(conf, config(work, root, port));
    const child = new Deno.Command(bin, {
      args: ["-e", join(work, "error.log"), "-p", work, "-c", conf],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const exited = child.status.then(() => true);
    const origin = `http://127.0.0.1:${port}`;
    const up = await waitUp(origin, exited);
    if (up) {
      return {
        origin,
        version,
        requests: async () => {
          const log = await Deno.readTextFile(join(work, "access.log")).catch(() => "");
          return log.split("\n").length - 1;
        },
        stop: async () => {
          try {
            child.kill("SIGQUIT");
          } catch { /* already gone */ }
          const t = setTimeout(() => {
            try {
              child.kill("SIGKILL");
            } catch { /* gone */ }
          }, 3000);
          await child.status;
          clearTimeout(t);
          await child.stderr.cancel().catch(() => {});
        },
      };
    }
    const err = await new Response(child.stderr).text().catch(() => "");
    if (attempt >= 3) throw new Error(`nginx did not start: ${err.trim()}`);
  }
}

async function waitUp(origin: string, exited: Promise<boolean>): Promise<boolean> {
  let dead = false;
  exited.then(() => dead = true);
  for (let i = 0; i < 100 && !dead; i++) {
    try {
      const res = await fetch(origin + "/", { method: "HEAD" });
      await res.body?.cancel();
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return false;
}

/** Version of a tool, for the record. */
export async function toolVersion(bin: string, args = ["--version"]): Promise<string> {
  const out = await run(bin, args).catch(() => "");
  return out.split("\n")[0].trim();
}

// The production web server: the built Next app in one process per core, sharing one port.
//   node scripts/web-server.mjs [--port 3000] [--hostname 0.0.0.0]
//   CASEBOOK_WEB_PROCESSES  how many processes serve requests (default: one per core, at most 4; 1 = no cluster)
//
// Why not `next start`: it is one Node process, and rendering React on the server is CPU work, so
// under load one core saturates while the others wait (the load bench measured next-server at 100%
// of a core and PostgreSQL at ~35% of the other). Node's cluster module lets several processes
// accept on one port; the primary only hands connections round-robin to the workers. Nothing in the
// web process keeps state between requests that another process would need: sessions, the sign-in
// limiter and jobs live in PostgreSQL, checkpoints are appended with O_APPEND.
//
// Plain JavaScript on purpose: run by `node` itself, without a TypeScript loader hooking every
// require of the built app.
import cluster from "node:cluster";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(import.meta.dirname, "..");
const log = (m) => console.log(`[web${cluster.isWorker ? ` ${cluster.worker.id}` : ""}] ${m}`);

/** How many processes to run: CASEBOOK_WEB_PROCESSES, else one per core (at most 4). */
export function webProcesses(env = process.env) {
  const asked = Number(env.CASEBOOK_WEB_PROCESSES);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 64);
  return Math.max(1, Math.min(os.availableParallelism(), 4));
}

async function serve(port, hostname) {
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root, hostname: hostname ?? "localhost", port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => void handle(req, res));
  // Longer than a typical proxy's idle timeout, as `next start` does, so a proxy never reuses a closed socket.
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve(undefined));
  });
  if (!cluster.isWorker) log(`serving on ${hostname ?? "*"}:${port}`);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    // Finish what is in flight, refuse new connections, then let idle keep-alive sockets go.
    server.close();
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 5_000);
    force.unref();
    await new Promise((r) => server.once("close", r));
    await app.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

function primary(n, port, hostname) {
  log(`${n} processes serving on ${hostname ?? "*"}:${port}`);
  let stopping = false;
  const starts = [];
  const fork = () => cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A process that dies is replaced; one that keeps dying at start (a broken build, a port taken)
    // stops the whole server with an error rather than looping.
    const now = Date.now();
    starts.push(now);
    while (starts.length && now - starts[0] > 30_000) starts.shift();
    if (starts.length > 2 * n) {
      log(`web processes keep exiting (last: ${signal ?? `code ${code}`}); stopping`);
      process.exit(1);
    }
    log(`web process ${worker.id} exited (${signal ?? `code ${code}`}); starting another`);
    setTimeout(fork, 500);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {});
    if (alive.length === 0) process.exit(0);
    for (const w of alive) w?.process.kill("SIGTERM");
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGKILL");
      process.exit(0);
    }, 10_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  for (let i = 0; i < n; i++) fork();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.title = "casebook-web";
  const { values } = parseArgs({ options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } } });
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  const hostname = values.hostname; // undefined: every interface, as `next start`
  const n = webProcesses();
  if (cluster.isPrimary && n > 1) primary(n, port, hostname);
  else
    serve(port, hostname).catch((e) => {
      console.error(`[web] could not start: ${e?.stack ?? e}`);
      process.exit(1);
    });
}

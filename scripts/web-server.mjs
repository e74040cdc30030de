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
//
// Around every request: a request id (the caller's X-Request-Id when sane, else a new one, sent
// back in the response's X-Request-Id), one log line (lib/ops/log.mjs: JSON unless
// CASEBOOK_LOG_FORMAT=text) and the latency histogram by route pattern that /metrics reports for
// all the processes together (lib/ops/http-metrics.mjs says how).
import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { answerClusterMetrics, installHttpMetrics } from "../lib/ops/http-metrics.mjs";
import { methodLabel, requestIdFrom, routeMatcher } from "../lib/ops/http-request.mjs";
import { createLogger, logFormat } from "../lib/ops/log.mjs";

const root = path.resolve(import.meta.dirname, "..");
// lib/env.ts has validated the variable by the time `npm start` runs this.
const log = createLogger("web", { format: logFormat(process.env.CASEBOOK_LOG_FORMAT), base: cluster.isWorker ? { process: cluster.worker.id } : {} });

/** How many processes to run: CASEBOOK_WEB_PROCESSES, else one per core (at most 4). */
export function webProcesses(env = process.env) {
  const asked = Number(env.CASEBOOK_WEB_PROCESSES);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 64);
  return Math.max(1, Math.min(os.availableParallelism(), 4));
}

/** The build's routes (Next writes them at build time), for the route label; none: every path is "(unmatched)". */
function routesManifest() {
  try {
    return JSON.parse(readFileSync(path.join(root, ".next", "routes-manifest.json"), "utf8"));
  } catch (e) {
    log.warn("no routes manifest: requests are labelled (unmatched)", { error: e });
    return null;
  }
}

/**
 * The request handler with its request id, log line and latency. Measured to the response's end
 * (or the client's going away: status 499, as nginx says); labelled by route pattern, never by path,
 * and the path itself is not logged (a query string may carry what a log must not).
 */
function instrumented(handle, routeOf, figures) {
  return (req, res) => {
    const start = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    req.headers["x-request-id"] = requestId;
    res.setHeader("X-Request-Id", requestId);
    res.once("close", () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const status = res.writableFinished ? res.statusCode : 499;
      const line = { requestId, method: methodLabel(req.method), route: routeOf(req.url), status, durationMs: Math.round(seconds * 10_000) / 10 };
      figures.observe({ route: line.route, method: line.method, status: String(status) }, seconds);
      if (status >= 500) log.error("request", line);
      else log("request", line);
    });
    void handle(req, res);
  };
}

async function serve(port, hostname) {
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root, hostname: hostname ?? "localhost", port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer(instrumented(handle, routeMatcher(routesManifest()), installHttpMetrics()));
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
  answerClusterMetrics();
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
      log.error(`web processes keep exiting (last: ${signal ?? `code ${code}`}); stopping`);
      process.exit(1);
    }
    log.warn(`web process ${worker.id} exited (${signal ?? `code ${code}`}); starting another`);
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
      log.error("could not start", { error: e?.stack ?? String(e) });
      process.exit(1);
    });
}

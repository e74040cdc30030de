// HTTP latency by route, measured by the web server (scripts/web-server.mjs) around every request,
// and read by /metrics (app/metrics/route.ts) for all of the server's processes at once.
//
// The web server is one cluster of processes sharing a port, and a scrape of /metrics reaches one
// of them. Each process keeps its own histogram; the one answering asks the cluster's primary over
// the cluster's IPC channel, the primary asks every process for its figures (prom-client's
// AggregatorRegistry) and sums them, so the answer is the whole server's whichever process gives it.
// Without a cluster (one process, the tests) the process's own figures are the whole.
//
// The figures live on globalThis under a registered symbol: Next bundles the route's copy of this
// module apart from the server's, and both must reach the one histogram.
import cluster from "node:cluster";
import client from "prom-client";

const { AggregatorRegistry, Gauge, Histogram, Registry, collectDefaultMetrics } = client;

const KEY = Symbol.for("casebook.ops.httpMetrics");
const ASK = "casebook:metrics-ask";
const ANSWER = "casebook:metrics-answer";

/** Seconds: from a cached page (~5 ms) to a large upload or package download (>30 s lands in +Inf). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Sets up this process's figures: the latency histogram and Node's own (memory, CPU, event loop
 * lag, from prom-client's default metrics). Call once in every process that serves requests.
 * In a cluster worker, the answer to the primary's requests for them too.
 */
export function installHttpMetrics({ defaultMetrics = true, askTimeoutMs = 6_000 } = {}) {
  if (globalThis[KEY]) return globalThis[KEY];
  const registry = new Registry();
  if (defaultMetrics) collectDefaultMetrics({ register: registry });
  const histogram = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time from a request's arrival to the end of its response, by route pattern, method and status.",
    labelNames: ["route", "method", "status"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  // Summed over the processes like everything else: how many answered (alert when fewer than run).
  new Gauge({ name: "casebook_web_processes", help: "Web server processes whose figures this answer includes.", registers: [registry] }).set(1);
  let text = () => registry.metrics();
  if (cluster.isWorker) {
    // The primary gives up on a process after 5 s (prom-client); this waits a little longer for its word.
    AggregatorRegistry.setRegistries([registry]);
    new AggregatorRegistry(); // its constructor makes this process answer the primary's requests
    text = () => askPrimary(askTimeoutMs);
  }
  const figures = {
    observe: (labels, seconds) => histogram.observe(labels, seconds),
    text,
    registry,
  };
  globalThis[KEY] = figures;
  return figures;
}

/** The whole server's HTTP figures in Prometheus' text format; "" where this process serves no HTTP figures (next dev, a script). */
export async function httpMetricsText() {
  return globalThis[KEY] ? globalThis[KEY].text() : "";
}

/** In the cluster's primary: answers a process's ask with every process's figures, summed. */
export function answerClusterMetrics() {
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, message) => {
    if (message?.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (text) => worker.isConnected() && worker.send({ type: ANSWER, id: message.id, text }),
      (e) => worker.isConnected() && worker.send({ type: ANSWER, id: message.id, error: String(e?.message ?? e) }),
    );
  });
}

let asks = 0;
let listening = false;
const pending = new Map();

function askPrimary(timeoutMs) {
  if (!listening) {
    listening = true;
    process.on("message", (message) => {
      if (message?.type !== ANSWER) return;
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.error) p.reject(new Error(`the web server's processes did not all answer: ${message.error}`));
      else p.resolve(message.text);
    });
  }
  const id = ++asks;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error("the web server's primary process did not answer for the cluster's figures"));
    }, timeoutMs);
    pending.set(id, { resolve, reject, timer });
    process.send({ type: ASK, id });
  });
}

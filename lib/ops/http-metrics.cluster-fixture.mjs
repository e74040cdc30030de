// For http-metrics.test.ts: a cluster of two processes, each with its own requests; the first asks
// for the whole cluster's figures the way /metrics does, and the primary prints what it got.
import cluster from "node:cluster";
import { answerClusterMetrics, installHttpMetrics } from "./http-metrics.mjs";

if (cluster.isPrimary) {
  setTimeout(() => process.exit(1), 20_000).unref();
  answerClusterMetrics();
  const workers = [cluster.fork(), cluster.fork()];
  let observed = 0;
  cluster.on("message", (_worker, message) => {
    if (message === "observed" && ++observed === workers.length) workers[0].send("report");
    if (message?.report !== undefined) {
      process.stdout.write(message.report);
      for (const w of workers) w.kill();
    }
  });
} else {
  const figures = installHttpMetrics({ defaultMetrics: false });
  figures.observe({ route: `/only-in-${cluster.worker.id}`, method: "GET", status: "200" }, 0.02);
  figures.observe({ route: "/both", method: "GET", status: "200" }, 0.2);
  process.send("observed");
  process.on("message", (message) => {
    if (message === "report") figures.text().then((report) => process.send({ report }));
  });
}

// The body of /metrics: the figures read from PostgreSQL (lib/ops/snapshot.ts), then the web
// server's HTTP figures for all its processes (lib/ops/http-metrics.mjs). Either part failing is
// logged and leaves the other: a database that cannot be read shows as casebook_ops_metrics_up 0.
import "server-only";
import { httpMetricsText } from "./http-metrics.mjs";
import { logger } from "./logger";
import { renderOpsMetrics, renderOpsMetricsDown } from "./metrics";
import { opsSnapshot } from "./snapshot";

export async function metricsText(): Promise<string> {
  const log = logger("metrics");
  const [ops, http] = await Promise.all([
    opsSnapshot()
      .then(renderOpsMetrics)
      .catch((e: unknown) => {
        log.error("could not read the figures from the database", { error: e });
        return renderOpsMetricsDown();
      }),
    httpMetricsText().catch((e: unknown) => {
      log.error("could not gather the HTTP figures", { error: e });
      return "";
    }),
  ]);
  return ops + http;
}

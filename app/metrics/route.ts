// Prometheus metrics, for the bearer of CASEBOOK_METRICS_TOKEN only; without one configured the
// route does not exist (404). No person's credential opens it. What it reports: lib/ops/scrape.ts.
import { errorResponse } from "@/lib/api/route";
import { env } from "@/lib/env";
import { metricsAccess, PROMETHEUS_CONTENT_TYPE } from "@/lib/ops/metrics";
import { metricsText } from "@/lib/ops/scrape";

export async function GET(req: Request) {
  const access = metricsAccess(req.headers.get("authorization"), env().CASEBOOK_METRICS_TOKEN);
  if (access === "not_configured") return errorResponse({ code: "not_found", message: "Not found.", details: [] });
  if (access === "refused") {
    const res = errorResponse({ code: "unauthenticated", message: "Send the metrics token: `Authorization: Bearer …` (CASEBOOK_METRICS_TOKEN).", details: [] });
    res.headers.set("WWW-Authenticate", 'Bearer realm="metrics"');
    return res;
  }
  return new Response(await metricsText(), { headers: { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "private, no-store" } });
}

// What the web server (scripts/web-server.mjs) knows of a request for its log line and its latency
// metric: the route pattern (ids replaced, so a label has a few hundred values at most, never one a
// case), the method, and a request id. Pure; plain JavaScript because the server runs without a
// TypeScript loader (lib/ops/http-request.d.mts gives the types).

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** The method as a label: one of HTTP's usual seven, else "OTHER" (a label must not take any string). */
export function methodLabel(method) {
  const m = String(method ?? "").toUpperCase();
  return METHODS.has(m) ? m : "OTHER";
}

/** What a path that no route serves is labelled (a 404, a probe for /wp-admin …). */
export const UNMATCHED_ROUTE = "(unmatched)";

/**
 * A function from a request URL to the route that serves it, as Next's build wrote its routes
 * (`.next/routes-manifest.json`: static routes, then dynamic ones, most specific first, each with
 * its regex): `/cases/c1/evidence?x=1` → `/cases/[caseId]/evidence`. Route groups are already gone
 * from those patterns. The client router's own requests (`….rsc`, `….segments/…`) count as the page
 * they fetch; build assets are one label each kind.
 */
export function routeMatcher(manifest) {
  const routes = [...(manifest?.staticRoutes ?? []), ...(manifest?.dynamicRoutes ?? [])].map((r) => ({ page: r.page, regex: new RegExp(r.regex) }));
  const fixed = new Set((manifest?.staticRoutes ?? []).map((r) => r.page));
  return (url) => {
    let p = String(url ?? "/").split(/[?#]/, 1)[0] || "/";
    if (p.startsWith("/_next/")) return p.startsWith("/_next/static/") ? "/_next/static" : p.startsWith("/_next/image") ? "/_next/image" : "/_next";
    p = p.replace(/\.segments\/.*$/, "").replace(/\.rsc$/, "");
    if (p === "/index") p = "/";
    if (fixed.has(p)) return p;
    for (const r of routes) if (r.regex.test(p)) return r.page;
    return UNMATCHED_ROUTE;
  };
}

/**
 * The request id: the caller's `X-Request-Id` when it is a sane one (1-128 characters of letters,
 * digits and `._:-`, so it can go into a log line and a header as it is), else a fresh UUID.
 * A repeated header arrives joined by ", " and so is replaced.
 */
export function requestIdFrom(header, fresh = () => crypto.randomUUID()) {
  const v = Array.isArray(header) ? undefined : header;
  return typeof v === "string" && /^[A-Za-z0-9._:-]{1,128}$/.test(v) ? v : fresh();
}

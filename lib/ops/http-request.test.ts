import { describe, expect, it } from "vitest";
import { methodLabel, requestIdFrom, routeMatcher, UNMATCHED_ROUTE } from "./http-request.mjs";

// The shape Next's build writes to .next/routes-manifest.json (these entries copied from one).
const MANIFEST = {
  staticRoutes: [
    { page: "/", regex: "^/(?:/)?$" },
    { page: "/cases", regex: "^/cases(?:/)?$" },
    { page: "/cases/new", regex: "^/cases/new(?:/)?$" },
    { page: "/taxii2", regex: "^/taxii2(?:/)?$" },
    { page: "/metrics", regex: "^/metrics(?:/)?$" },
  ],
  dynamicRoutes: [
    { page: "/api/auth/[...nextauth]", regex: "^/api/auth/(.+?)(?:/)?$" },
    { page: "/api/v1/cases/[caseId]/findings/[section]", regex: "^/api/v1/cases/([^/]+?)/findings/([^/]+?)(?:/)?$" },
    { page: "/cases/[caseId]", regex: "^/cases/([^/]+?)(?:/)?$" },
    { page: "/cases/[caseId]/evidence", regex: "^/cases/([^/]+?)/evidence(?:/)?$" },
    { page: "/taxii2/api/collections/[collectionId]/objects", regex: "^/taxii2/api/collections/([^/]+?)/objects(?:/)?$" },
  ],
};

describe("routeMatcher", () => {
  const routeOf = routeMatcher(MANIFEST);

  it("names a request by its route pattern, ids replaced and the query dropped", () => {
    expect(routeOf("/cases/cmf3x9k2a0001/evidence?tab=files")).toBe("/cases/[caseId]/evidence");
    expect(routeOf("/cases/cmf3x9k2a0001")).toBe("/cases/[caseId]");
    expect(routeOf("/api/v1/cases/c1/findings/summary")).toBe("/api/v1/cases/[caseId]/findings/[section]");
    expect(routeOf("/api/auth/callback/oidc?code=secret")).toBe("/api/auth/[...nextauth]");
  });

  it("prefers a fixed route to a parameter, as Next does", () => {
    expect(routeOf("/cases/new")).toBe("/cases/new");
    expect(routeOf("/cases")).toBe("/cases");
  });

  it("takes trailing slashes (TAXII's URLs end with one)", () => {
    expect(routeOf("/taxii2/")).toBe("/taxii2");
    expect(routeOf("/taxii2/api/collections/0f1e/objects/")).toBe("/taxii2/api/collections/[collectionId]/objects");
  });

  it("counts the client router's own fetches as the page they fetch", () => {
    expect(routeOf("/cases/c1.rsc")).toBe("/cases/[caseId]");
    expect(routeOf("/cases/c1/evidence.segments/_tree.segment.rsc")).toBe("/cases/[caseId]/evidence");
    expect(routeOf("/index.rsc")).toBe("/");
  });

  it("gives build assets one label each kind, and anything else one label", () => {
    expect(routeOf("/_next/static/chunks/abc123.js")).toBe("/_next/static");
    expect(routeOf("/_next/image?url=x")).toBe("/_next/image");
    expect(routeOf("/wp-admin/setup.php")).toBe(UNMATCHED_ROUTE);
    expect(routeOf("/cases/a/b/c/d")).toBe(UNMATCHED_ROUTE);
    expect(routeOf(undefined)).toBe("/");
  });

  it("labels everything (unmatched) without a manifest, rather than by path", () => {
    expect(routeMatcher(null)("/cases/c1")).toBe(UNMATCHED_ROUTE);
  });
});

describe("methodLabel", () => {
  it("keeps HTTP's usual methods and folds the rest into one", () => {
    expect(methodLabel("get")).toBe("GET");
    expect(methodLabel("DELETE")).toBe("DELETE");
    expect(methodLabel("PROPFIND")).toBe("OTHER");
    expect(methodLabel(undefined)).toBe("OTHER");
  });
});

describe("requestIdFrom", () => {
  const fresh = () => "fresh-id";

  it("keeps a sane id from the caller (a proxy's, a client's)", () => {
    expect(requestIdFrom("9f1c2d3e-aaaa-bbbb-cccc-111122223333", fresh)).toBe("9f1c2d3e-aaaa-bbbb-cccc-111122223333");
    expect(requestIdFrom("lb:1700000000.123_abc", fresh)).toBe("lb:1700000000.123_abc");
  });

  it("replaces one that could break a log line or a header, or is too long, or repeated", () => {
    for (const bad of ["", "a b", 'x"y', "line\nbreak", "<script>", "é", "x".repeat(129), "a, b"]) expect(requestIdFrom(bad, fresh), JSON.stringify(bad)).toBe("fresh-id");
    expect(requestIdFrom(["a", "b"], fresh)).toBe("fresh-id");
    expect(requestIdFrom(undefined, fresh)).toBe("fresh-id");
    expect(requestIdFrom("x".repeat(128), fresh)).toBe("x".repeat(128));
  });

  it("makes a UUID by default", () => {
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

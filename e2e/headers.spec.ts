// Every page and route answers with the security headers, signed out and signed in. The pages and
// routes are read from the filesystem: one added without a line in URLS below fails this test, so
// no new route ships unchecked.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { e2eDb, signIn, USERS } from "./helpers";
import { OIDC_ISSUER } from "./oidc-settings";
import { expect, test } from "./test";

type TIds = Record<"caseId" | "clusterId" | "userId" | "runId" | "exchangeId" | "exportId" | "importId" | "evidenceId", string>;

/** File → the URL to request for it, with real ids from the seeded e2e database where there are any. */
const URLS: Record<string, (ids: TIds) => string> = {
  "app/page.tsx": () => "/",
  "app/verify/page.tsx": () => "/verify",
  "app/(auth)/sign-in/page.tsx": () => "/sign-in",
  "app/(app)/admin/audit/page.tsx": () => "/admin/audit",
  "app/(app)/admin/capabilities/page.tsx": () => "/admin/capabilities",
  "app/(app)/admin/users/page.tsx": () => "/admin/users",
  "app/(app)/admin/users/[userId]/page.tsx": (i) => `/admin/users/${i.userId}`,
  "app/(app)/cases/page.tsx": () => "/cases",
  "app/(app)/cases/new/page.tsx": () => "/cases/new",
  "app/(app)/cases/[caseId]/page.tsx": (i) => `/cases/${i.caseId}`,
  "app/(app)/cases/[caseId]/accounts/page.tsx": (i) => `/cases/${i.caseId}/accounts`,
  "app/(app)/cases/[caseId]/activity/page.tsx": (i) => `/cases/${i.caseId}/activity`,
  "app/(app)/cases/[caseId]/capabilities/page.tsx": (i) => `/cases/${i.caseId}/capabilities`,
  "app/(app)/cases/[caseId]/clusters/page.tsx": (i) => `/cases/${i.caseId}/clusters`,
  "app/(app)/cases/[caseId]/clusters/[clusterId]/page.tsx": (i) => `/cases/${i.caseId}/clusters/${i.clusterId}`,
  "app/(app)/cases/[caseId]/edit/page.tsx": (i) => `/cases/${i.caseId}/edit`,
  "app/(app)/cases/[caseId]/evidence/page.tsx": (i) => `/cases/${i.caseId}/evidence`,
  "app/(app)/cases/[caseId]/exchanges/page.tsx": (i) => `/cases/${i.caseId}/exchanges`,
  "app/(app)/cases/[caseId]/exports/page.tsx": (i) => `/cases/${i.caseId}/exports`,
  "app/(app)/cases/[caseId]/findings/page.tsx": (i) => `/cases/${i.caseId}/findings`,
  "app/(app)/cases/[caseId]/templates/page.tsx": (i) => `/cases/${i.caseId}/templates`,
  "app/(app)/cases/[caseId]/triage/page.tsx": (i) => `/cases/${i.caseId}/triage`,
  "app/(app)/settings/page.tsx": () => "/settings",
  "app/api/auth/[...nextauth]/route.ts": () => "/api/auth/session",
  "app/api/v1/analyses/[runId]/route.ts": (i) => `/api/v1/analyses/${i.runId}`,
  "app/api/v1/audit/verify/route.ts": () => "/api/v1/audit/verify",
  "app/api/v1/cases/route.ts": () => "/api/v1/cases",
  "app/api/v1/cases/[caseId]/route.ts": (i) => `/api/v1/cases/${i.caseId}`,
  "app/api/v1/cases/[caseId]/accounts/route.ts": (i) => `/api/v1/cases/${i.caseId}/accounts`,
  "app/api/v1/cases/[caseId]/analyses/route.ts": (i) => `/api/v1/cases/${i.caseId}/analyses`,
  "app/api/v1/cases/[caseId]/capabilities/route.ts": (i) => `/api/v1/cases/${i.caseId}/capabilities`,
  "app/api/v1/cases/[caseId]/clusters/route.ts": (i) => `/api/v1/cases/${i.caseId}/clusters`,
  "app/api/v1/cases/[caseId]/clusters/suggest/route.ts": (i) => `/api/v1/cases/${i.caseId}/clusters/suggest`,
  "app/api/v1/cases/[caseId]/draws/route.ts": (i) => `/api/v1/cases/${i.caseId}/draws`,
  "app/api/v1/cases/[caseId]/exchanges/route.ts": (i) => `/api/v1/cases/${i.caseId}/exchanges`,
  "app/api/v1/cases/[caseId]/exports/route.ts": (i) => `/api/v1/cases/${i.caseId}/exports`,
  "app/api/v1/cases/[caseId]/imports/route.ts": (i) => `/api/v1/cases/${i.caseId}/imports`,
  "app/api/v1/evidence/[evidenceId]/download/route.ts": (i) => `/api/v1/evidence/${i.evidenceId}/download`,
  "app/api/v1/exchanges/[exchangeId]/route.ts": (i) => `/api/v1/exchanges/${i.exchangeId}`,
  "app/api/v1/exports/[exportId]/route.ts": (i) => `/api/v1/exports/${i.exportId}`,
  "app/api/v1/exports/[exportId]/approve/route.ts": (i) => `/api/v1/exports/${i.exportId}/approve`,
  "app/api/v1/exports/[exportId]/reject/route.ts": (i) => `/api/v1/exports/${i.exportId}/reject`,
  "app/api/v1/exports/[exportId]/download/route.ts": (i) => `/api/v1/exports/${i.exportId}/download`,
  "app/api/v1/imports/[importId]/route.ts": (i) => `/api/v1/imports/${i.importId}`,
  "app/api/v1/imports/[importId]/errors/route.ts": (i) => `/api/v1/imports/${i.importId}/errors`,
  "app/api/v1/openapi.json/route.ts": () => "/api/v1/openapi.json",
  "app/api/v1/signing-key/route.ts": () => "/api/v1/signing-key",
  "app/(app)/admin/partners/page.tsx": () => `/admin/partners`,
  "app/(app)/cases/[caseId]/sharing/page.tsx": (i) => `/cases/${i.caseId}/sharing`,
  "app/api/v1/capabilities/[capabilityId]/route.ts": () => `/api/v1/capabilities/no-such-id`,
  "app/api/v1/capabilities/route.ts": () => `/api/v1/capabilities`,
  "app/api/v1/cases/[caseId]/comments/route.ts": (i) => `/api/v1/cases/${i.caseId}/comments`,
  "app/api/v1/cases/[caseId]/exhibits/order/route.ts": (i) => `/api/v1/cases/${i.caseId}/exhibits/order`,
  "app/api/v1/cases/[caseId]/exhibits/route.ts": (i) => `/api/v1/cases/${i.caseId}/exhibits`,
  "app/api/v1/cases/[caseId]/findings/[section]/route.ts": (i) => `/api/v1/cases/${i.caseId}/findings/summary`,
  "app/api/v1/cases/[caseId]/findings/route.ts": (i) => `/api/v1/cases/${i.caseId}/findings`,
  "app/api/v1/cases/[caseId]/redactions/route.ts": (i) => `/api/v1/cases/${i.caseId}/redactions`,
  "app/api/v1/cases/[caseId]/shares/route.ts": (i) => `/api/v1/cases/${i.caseId}/shares`,
  "app/api/v1/cases/[caseId]/team/route.ts": (i) => `/api/v1/cases/${i.caseId}/team`,
  "app/api/v1/cases/[caseId]/transitions/route.ts": (i) => `/api/v1/cases/${i.caseId}/transitions`,
  "app/api/v1/clusters/[clusterId]/accounts/remove/route.ts": (i) => `/api/v1/clusters/${i.clusterId}/accounts/remove`,
  "app/api/v1/clusters/[clusterId]/accounts/route.ts": (i) => `/api/v1/clusters/${i.clusterId}/accounts`,
  "app/api/v1/clusters/[clusterId]/decision/route.ts": (i) => `/api/v1/clusters/${i.clusterId}/decision`,
  "app/api/v1/clusters/[clusterId]/merge/route.ts": (i) => `/api/v1/clusters/${i.clusterId}/merge`,
  "app/api/v1/clusters/[clusterId]/route.ts": (i) => `/api/v1/clusters/${i.clusterId}`,
  "app/api/v1/clusters/[clusterId]/split/route.ts": (i) => `/api/v1/clusters/${i.clusterId}/split`,
  "app/api/v1/exchanges/[exchangeId]/flags/decision/route.ts": (i) => `/api/v1/exchanges/${i.exchangeId}/flags/decision`,
  "app/api/v1/exchanges/[exchangeId]/redactions/route.ts": (i) => `/api/v1/exchanges/${i.exchangeId}/redactions`,
  "app/api/v1/exchanges/[exchangeId]/tags/[capabilityId]/route.ts": (i) => `/api/v1/exchanges/${i.exchangeId}/tags/no-such-id`,
  "app/api/v1/exchanges/[exchangeId]/tags/route.ts": (i) => `/api/v1/exchanges/${i.exchangeId}/tags`,
  "app/api/v1/exchanges/[exchangeId]/triaged/route.ts": (i) => `/api/v1/exchanges/${i.exchangeId}/triaged`,
  "app/api/v1/exhibits/[exhibitId]/route.ts": () => `/api/v1/exhibits/no-such-id`,
  "app/api/v1/exports/[exportId]/comments/route.ts": (i) => `/api/v1/exports/${i.exportId}/comments`,
  "app/api/v1/exports/[exportId]/resubmit/route.ts": (i) => `/api/v1/exports/${i.exportId}/resubmit`,
  "app/api/v1/exports/[exportId]/retry/route.ts": (i) => `/api/v1/exports/${i.exportId}/retry`,
  "app/api/v1/me/route.ts": () => `/api/v1/me`,
  "app/api/v1/me/sign-out-everywhere/route.ts": () => `/api/v1/me/sign-out-everywhere`,
  "app/api/v1/partners/[partnerId]/taxii-tokens/route.ts": () => `/api/v1/partners/no-such-id/taxii-tokens`,
  "app/api/v1/partners/route.ts": () => `/api/v1/partners`,
  "app/api/v1/redactions/[redactionId]/route.ts": () => `/api/v1/redactions/no-such-id`,
  "app/api/v1/shares/[shareId]/approve/route.ts": () => `/api/v1/shares/no-such-id/approve`,
  "app/api/v1/shares/[shareId]/bundle/route.ts": () => `/api/v1/shares/no-such-id/bundle`,
  "app/api/v1/shares/[shareId]/reject/route.ts": () => `/api/v1/shares/no-such-id/reject`,
  "app/api/v1/shares/[shareId]/void/route.ts": () => `/api/v1/shares/no-such-id/void`,
  "app/api/v1/taxii-tokens/[tokenId]/route.ts": () => `/api/v1/taxii-tokens/no-such-id`,
  "app/api/v1/tokens/[tokenId]/route.ts": () => `/api/v1/tokens/no-such-id`,
  "app/api/v1/tokens/route.ts": () => `/api/v1/tokens`,
  "app/api/v1/users/[userId]/disabled/route.ts": (i) => `/api/v1/users/${i.userId}/disabled`,
  "app/api/v1/users/[userId]/password/route.ts": (i) => `/api/v1/users/${i.userId}/password`,
  "app/api/v1/users/[userId]/route.ts": (i) => `/api/v1/users/${i.userId}`,
  "app/api/v1/users/[userId]/sign-out-everywhere/route.ts": (i) => `/api/v1/users/${i.userId}/sign-out-everywhere`,
  "app/api/v1/users/route.ts": () => `/api/v1/users`,
  "app/taxii2/api/collections/[collectionId]/manifest/route.ts": () => `/taxii2/api/collections/no-such-id/manifest/`,
  "app/taxii2/api/collections/[collectionId]/objects/[objectId]/route.ts": () => `/taxii2/api/collections/no-such-id/objects/no-such-id/`,
  "app/taxii2/api/collections/[collectionId]/objects/route.ts": () => `/taxii2/api/collections/no-such-id/objects/`,
  "app/taxii2/api/collections/[collectionId]/route.ts": () => `/taxii2/api/collections/no-such-id/`,
  "app/taxii2/api/collections/route.ts": () => `/taxii2/api/collections/`,
  "app/taxii2/api/route.ts": () => `/taxii2/api/`,
  "app/taxii2/route.ts": () => `/taxii2/`,
  "app/api/v1/cases/[caseId]/peer-bundles/route.ts": (i) => `/api/v1/cases/${i.caseId}/peer-bundles`,
  "app/api/v1/cases/[caseId]/peer-bundles/taxii/route.ts": (i) => `/api/v1/cases/${i.caseId}/peer-bundles/taxii`,
  "app/api/v1/peer-bundles/[bundleId]/matches/route.ts": () => `/api/v1/peer-bundles/no-such-id/matches`,
  "app/healthz/route.ts": () => "/healthz",
  "app/readyz/route.ts": () => "/readyz",
  "app/metrics/route.ts": () => "/metrics",
};

function routeFiles(): string[] {
  return readdirSync("app", { recursive: true, encoding: "utf8" })
    .filter((f) => /(^|\/)(page\.tsx|route\.ts)$/.test(f.split(path.sep).join("/")))
    .map((f) => `app/${f.split(path.sep).join("/")}`)
    .sort();
}

/** The first row of each table the dynamic segments name; an id that matches nothing still gets an answer (404) to check. */
async function seededIds(): Promise<TIds> {
  const client = e2eDb();
  await client.connect();
  try {
    const first = async (table: string, where = "true") => ((await client.query(`SELECT id FROM ${table} WHERE ${where} ORDER BY id LIMIT 1`)).rows[0]?.id as string | undefined) ?? "no-such-id";
    return {
      caseId: (await client.query(`SELECT id FROM "case" WHERE ref = 'CB-2026-0001'`)).rows[0].id,
      clusterId: await first("cluster"),
      userId: await first("app_user", `email = '${USERS.analyst}'`),
      runId: await first("analysis_run"),
      exchangeId: await first("exchange"),
      exportId: await first("export_package"),
      importId: await first("import_job"),
      evidenceId: await first("evidence_item"),
    };
  } finally {
    await client.end();
  }
}

const directives = (v: string | undefined) => new Set((v ?? "").split(",").map((d) => d.trim().toLowerCase()));

function expectSecurityHeaders(res: APIResponse, what: string) {
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  expect(csp, `${what}: CSP`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) expect(csp, `${what}: CSP ${d}`).toContain(d);
  expect(csp, `${what}: no eval in production`).not.toContain("unsafe-eval");
  // The e2e server offers single sign-on: forms may lead to its issuer, and nowhere else.
  expect(csp, `${what}: CSP form-action`).toContain(`form-action 'self' ${new URL(OIDC_ISSUER).origin};`);
  expect(h["x-content-type-options"], `${what}: nosniff`).toBe("nosniff");
  expect(h["referrer-policy"], `${what}: Referrer-Policy`).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"], `${what}: X-Frame-Options`).toBe("DENY");
  return csp;
}

async function checkAll(request: APIRequestContext, ids: TIds, signedIn: boolean) {
  for (const file of routeFiles()) {
    const url = URLS[file]!(ids);
    const res = await request.get(url, { maxRedirects: 0 });
    const what = `${signedIn ? "signed in" : "signed out"} GET ${url} (${file}) → ${res.status()}`;
    expect(res.status(), what).toBeLessThan(500);
    expectSecurityHeaders(res, what);
    if (signedIn) {
      const cc = directives(res.headers()["cache-control"]);
      expect(cc.has("private") && cc.has("no-store"), `${what}: Cache-Control ${res.headers()["cache-control"]}`).toBe(true);
    }
  }
}

test("every page and route is listed here, and every listed one exists", () => {
  const files = routeFiles();
  const unlisted = files.filter((f) => !URLS[f]);
  expect(unlisted, "pages or routes without a URL in e2e/headers.spec.ts: add them to URLS").toEqual([]);
  expect(Object.keys(URLS).filter((f) => !files.includes(f)), "URLS names files that no longer exist").toEqual([]);
});

test("every page and route carries the security headers, signed out and signed in", async ({ page, playwright, baseURL }) => {
  test.setTimeout(180_000);
  const ids = await seededIds();
  const anonymous = await playwright.request.newContext({ baseURL });
  await checkAll(anonymous, ids, false);
  // A bearer token, even an invalid one, marks the response as not for any cache.
  const refused = await anonymous.get("/api/v1/cases", { headers: { Authorization: "Bearer cb_000000000000_not-a-token" } });
  expect(refused.status()).toBe(401);
  expectSecurityHeaders(refused, "bearer");
  expect(directives(refused.headers()["cache-control"])).toEqual(new Set(["private", "no-store"]));
  await anonymous.dispose();

  await signIn(page, USERS.admin);
  await checkAll(page.request, ids, true);
});

test("the nonce is fresh on every response and is the one on Next's scripts; build assets carry the headers too", async ({ page, request }) => {
  const a = await request.get("/sign-in");
  const b = await request.get("/sign-in");
  const nonce = (res: APIResponse) => /'nonce-([^']+)'/.exec(expectSecurityHeaders(res, "sign-in"))?.[1];
  expect(nonce(a)).toBeTruthy();
  expect(nonce(a)).not.toBe(nonce(b));
  const html = await a.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s, "every script carries the response's nonce").toContain(`nonce="${nonce(a)}"`);

  const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(chunk).toBeTruthy();
  for (const asset of [chunk!, "/favicon.ico", "/icon.svg"]) {
    const res = await request.get(asset);
    expect(res.status(), asset).toBe(200);
    expectSecurityHeaders(res, asset);
  }
  // A build asset keeps its long public cache even for a signed-in browser.
  await signIn(page, USERS.analyst);
  const signedInChunk = await page.request.get(chunk!);
  expect(signedInChunk.headers()["cache-control"]).toContain("immutable");
});

test("the pages run under the CSP without a violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.goto("/sign-in");
  await signIn(page, USERS.analyst);
  await page.getByRole("link", { name: "CB-2026-0001" }).first().click();
  await expect(page).toHaveURL(/\/cases\/[^/]+$/);
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  expect(violations).toEqual([]);
});

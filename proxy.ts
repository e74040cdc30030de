// Headers only (Next 16's proxy, formerly middleware): a per-request CSP nonce and the security
// headers on every response, and `Cache-Control: private, no-store` where the request carries
// credentials. It authorizes nothing: proxies can be bypassed (CVE-2025-29927), so every page,
// action, route and query checks the user itself (lib/session.ts, lib/authz.ts).
import { NextResponse, type NextRequest } from "next/server";
import { env, oidcConfig } from "./lib/env";
import { newNonce, responseSecurityHeaders } from "./lib/security/headers";

const oidc = oidcConfig();
const FORM_TARGETS = oidc ? [new URL(oidc.issuer).origin] : [];

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const headers = responseSecurityHeaders(
    { pathname: request.nextUrl.pathname, cookieNames: request.cookies.getAll().map((c) => c.name), authorization: request.headers.get("authorization") },
    { nonce, dev: env().NODE_ENV === "development", formTargets: FORM_TARGETS },
  );
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

// Every path but the uploads (an import, a partner's bundle). Where the proxy runs, Next copies the request body into memory
// for it and hands the route only the first 10 MB (experimental.proxyClientMaxBodySize): a
// campaign's file is gigabytes and must stream to storage untouched. That route sets the same
// headers itself (lib/api/route.ts, `streamedBody`).
export const config = {
  matcher: ["/((?!api/v1/cases/[^/]+/(?:imports|peer-bundles)/?$).*)"],
};
